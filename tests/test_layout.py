"""The project's one layout (docs/architecture.md#layout): what breaks it fails here, beside the import contract."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
OUR_APPS = [config for config in apps.get_app_configs() if Path(config.path).parent == ROOT]
SIBLING = re.compile(r"^(views|urls|forms|permissions|models|services|selectors|admin|tasks)_\w+\.py$")


def test_our_apps_are_found():
    assert {"core", "people", "curriculum", "schedule", "demo"} <= {config.label for config in OUR_APPS}


@pytest.mark.parametrize("config", OUR_APPS, ids=lambda config: config.label)
def test_no_sibling_modules_beside_a_layer(config):
    """A module grows into a package (views/iup.py), never a sibling (views_iup.py)."""
    siblings = [path.name for path in Path(config.path).iterdir() if SIBLING.match(path.name)]
    assert siblings == []


@pytest.mark.parametrize("config", OUR_APPS, ids=lambda config: config.label)
def test_templates_live_in_the_project_templates_folder(config):
    assert not (Path(config.path) / "templates").exists(), f"move {config.label}/templates/ into templates/"


@pytest.mark.parametrize("config", OUR_APPS, ids=lambda config: config.label)
def test_a_module_is_a_file_or_a_package_not_both(config):
    app = Path(config.path)
    for package in (p for p in app.iterdir() if p.is_dir() and (p / "__init__.py").exists()):
        assert not (app / f"{package.name}.py").exists(), f"{config.label}: {package.name}.py beside {package.name}/"
