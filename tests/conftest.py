from __future__ import annotations

import os
from pathlib import Path

import pytest

from macros.loader import DATA_DIR, Guide, load_guide
from macros.tools.sitecheck import load_pages
from tests.helpers import Page, build

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def guide() -> Guide:
    return load_guide(DATA_DIR)


@pytest.fixture(scope="session")
def fixture_guide() -> Guide:
    return load_guide(FIXTURES / "valid")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test session with the strict build; `make test` passes the one it just built
    (GUIDE_SITE), so the suite does not build it again in every worker."""
    given = os.environ.get("GUIDE_SITE")
    if given:
        path = Path(given).resolve()
        assert (path / "index.html").exists(), f"GUIDE_SITE={given} holds no built site"
        return path
    dest = tmp_path_factory.mktemp("site")
    result = build(dest)
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    assert "WARNING" not in result.stderr, result.stderr
    return dest


@pytest.fixture(scope="session")
def site_pages(site: Path) -> dict[str, Page]:
    return load_pages(site)
