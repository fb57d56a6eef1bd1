"""The bottom layer: the plugin contract and registry (``registry.plugins``) and the
Vietnamese text primitives (``registry.text``). It imports no model and no other
project package, so every layer above (network, framework, plugins, search) may use it.
"""
