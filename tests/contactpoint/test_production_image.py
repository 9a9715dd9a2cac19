"""The production image holds every part the app runs on: each project app, the templates, the
static files and the front-end packages that settings serve (the image cannot be built here, so
the Dockerfile is read)."""

import json
import re
import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings

DOCKERFILE = (Path(settings.BASE_DIR) / "Dockerfile").read_text()
COPIED = set(re.findall(r"^COPY (?:--from=\S+ )?\S+ \./(\S+)$", DOCKERFILE, re.MULTILINE))


def test_every_project_app_is_in_the_image():
    base = Path(settings.BASE_DIR)
    project_apps = {
        Path(config.path).relative_to(base).parts[0]
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(base) and not config.path.startswith(sys.prefix)
    }
    assert project_apps <= COPIED, project_apps - COPIED


def test_templates_static_files_and_front_end_packages_are_in_the_image():
    assert {"templates", "static", "node_modules"} <= COPIED
    packages = json.loads((Path(settings.BASE_DIR) / "package.json").read_text())["dependencies"]
    for source in settings.STATICFILES_DIRS:
        path = Path(source[1] if isinstance(source, tuple) else source)
        top = path.relative_to(settings.BASE_DIR).parts[0]
        assert top in COPIED, path
        if top == "node_modules":
            assert path.relative_to(Path(settings.BASE_DIR) / "node_modules").parts[0] in packages
    assert "npm ci" in DOCKERFILE
