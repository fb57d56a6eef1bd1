"""The registry's services between plugins: a plugin offers a function by name,
another asks the registry for it without importing the provider."""

import sys

import pytest

from registry.plugins import Plugin, PluginRegistry, registry
from sites.provisioning import set_portal_plugins


def test_an_installed_plugin_offers_its_service_by_name():
    names = registry.service("gadgets.names")
    assert names is not None and names(2) == ["alpha", "beta"]
    assert registry.provider_of("gadgets.names") is registry.get("gadgets")
    assert registry.service("gadgets.names") is names  # resolved once


def test_no_provider_means_none():
    assert registry.service("gadgets.nothing") is None  # the plugin offers no such service
    assert registry.service("absent_plugin.lookup") is None  # no such plugin installed
    own = PluginRegistry()
    own.register(Plugin(name="consumer", label="Consumer"))
    assert own.service("gadgets.names") is None  # provider not installed in this registry


def test_the_path_is_imported_on_first_use_only():
    module = "tests.testplugin.lazy_service"
    sys.modules.pop(module, None)
    own = PluginRegistry()
    own.register(Plugin(name="lazy", label="Lazy", services={"lazy.answer": f"{module}:answer"}))
    assert module not in sys.modules  # declaring a service imports nothing
    assert own.service("lazy.answer")() == 42
    assert module in sys.modules


def test_a_service_is_named_after_its_plugin():
    with pytest.raises(ValueError, match="must be named gadgets2"):
        PluginRegistry().register(Plugin(name="gadgets2", label="G", services={"news.lookup": "os.path:join"}))


def test_a_broken_path_is_a_loud_error():
    own = PluginRegistry()
    own.register(Plugin(name="broken", label="Broken", services={"broken.lookup": "tests.testplugin.services:missing"}))
    with pytest.raises(ImportError, match="broken.lookup"):
        own.service("broken.lookup")


def test_unregistering_the_provider_withdraws_the_service():
    own = PluginRegistry()
    own.register(Plugin(name="temp", label="Temp", services={"temp.join": "os.path:join"}))
    assert own.service("temp.join") is not None
    own.unregister("temp")
    assert own.service("temp.join") is None


def test_with_a_portal_the_provider_must_be_on_there(network):
    set_portal_plugins(network.province, ["gadgets"])
    set_portal_plugins(network.ward_a, [])
    assert registry.service("gadgets.names", portal=network.province) is not None
    assert registry.service("gadgets.names", portal=network.ward_a) is None
    assert registry.service("gadgets.names") is not None  # network-wide question: installed is enough
