"""Every folder the settings name exists, and none is named twice (once by hand and once
by an installed app), so no template or static folder setting is dead."""

from pathlib import Path

from django.apps import apps
from django.conf import settings


def _app_folders(name):
    return {(Path(app.path) / name).resolve() for app in apps.get_app_configs() if (Path(app.path) / name).is_dir()}


def test_template_folders_exist_and_are_not_app_folders():
    folders = [Path(d).resolve() for engine in settings.TEMPLATES for d in engine["DIRS"]]
    assert folders, "the themes' own template folders are configured"
    for folder in folders:
        assert folder.is_dir(), f"TEMPLATES DIRS names a missing folder: {folder}"
    assert not set(folders) & _app_folders("templates"), "a folder APP_DIRS already finds is listed in DIRS"


def test_static_folders_exist_and_are_not_app_folders():
    folders = [Path(d).resolve() for d in settings.STATICFILES_DIRS]
    for folder in folders:
        assert folder.is_dir(), f"STATICFILES_DIRS names a missing folder: {folder}"
    assert not set(folders) & _app_folders("static"), "a folder the app finder already serves is listed"
