"""The front-end build: pinned packages, and a stylesheet without GOV.UK's typeface.

The compiled files are build output (`npm ci && npm run build`); the checks on them are skipped
when they have not been built, and fail when they are wrong.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import vigil.web

ROOT = Path(__file__).resolve().parents[2]
WEB = Path(vigil.web.__file__).parent
DIST = WEB / "static" / "dist"


def built(name: str) -> Path:
    path = DIST / name
    if not path.exists():
        pytest.skip(f"{path} is not built: run `npm ci && npm run build`")
    return path


def test_packages_are_pinned_exactly() -> None:
    package = json.loads((ROOT / "package.json").read_text())
    dependencies = package["dependencies"]
    assert set(dependencies) >= {"govuk-frontend", "sass", "axe-core"}
    for name, version in dependencies.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} is not pinned: {version}"
    assert dependencies["axe-core"] == "4.14.1"
    assert "build" in package["scripts"]
    assert (ROOT / "package-lock.json").exists()


def test_sass_settings_keep_gov_uk_typeface_out() -> None:
    scss = (WEB / "assets" / "vigil.scss").read_text()
    assert "$govuk-include-default-font-face: false" in scss
    assert '$govuk-assets-path: "/static/dist/assets/"' in scss
    assert "system-ui" in scss


def test_stylesheet_has_no_gds_transport_and_no_missing_files() -> None:
    css = built("vigil.css").read_text()
    assert "GDS Transport" not in css
    assert "@font-face" not in css
    assert "system-ui" in css
    assert ".vigil-count-badge" in css
    for url in re.findall(r"url\([\"']?([^\"')]+)[\"']?\)", css):
        if url.startswith("data:"):
            continue
        assert url.startswith("/static/dist/"), url
        assert (DIST / url.removeprefix("/static/dist/")).is_file(), f"missing {url}"


def test_none_of_gov_uks_own_assets_are_shipped() -> None:
    """No GDS Transport font, no crown, no crest: they belong to GOV.UK alone."""
    built("vigil.css")
    assert not (DIST / "assets").exists()
    assert not list(DIST.rglob("*.woff*"))
    assert "crest" not in built("vigil.css").read_text()


def test_gov_uk_frontend_module_is_there_without_a_source_map_reference() -> None:
    # Django's manifest storage follows sourceMappingURL comments and fails on a missing map.
    script = built("govuk-frontend.min.js").read_text()
    assert "initAll" in script
    assert "sourceMappingURL" not in script


def test_page_script_imports_the_built_module() -> None:
    script = (WEB / "static" / "vigil" / "vigil.js").read_text()
    assert 'import { initAll } from "../dist/govuk-frontend.min.js";' in script
    assert "govuk-frontend-supported" in script
