"""MkDocs loads hook files as loose modules, not as part of the ``macros`` package: import it properly first."""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parent.parent)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from macros.builddate import on_config  # noqa: E402
from macros.export import on_files  # noqa: E402
from macros.stash import on_page_content, on_post_page  # noqa: E402

__all__ = ["on_config", "on_files", "on_page_content", "on_post_page"]
