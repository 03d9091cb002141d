"""Live reload tells the truth: under `mkdocs serve`, an edited fact is served within seconds."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.helpers import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(url: str, text: str, deadline: float) -> bool:
    while time.monotonic() < deadline:
        if text in _get(url):
            return True
        time.sleep(0.2)  # polling an HTTP server for a condition, not waiting a fixed time
    return False


def test_an_edited_fact_is_served_within_ten_seconds(tmp_path: Path) -> None:
    project = tmp_path / "project"
    for part in ("docs", "data", "overrides", "macros"):
        shutil.copytree(ROOT / part, project / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("GUIDE_DATA_DIR", None)
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}/glossary/"
        assert _wait_for(url, "Hardware security module", time.monotonic() + 90), "the server did not come up"
        glossary = project / "data" / "glossary.yml"
        text = glossary.read_text(encoding="utf-8")
        assert "expansion: Hardware security module\n" in text
        glossary.write_text(text.replace("expansion: Hardware security module\n",
                                         "expansion: Hardware security module (edited while serving)\n", 1),
                            encoding="utf-8")
        assert _wait_for(url, "Hardware security module (edited while serving)", time.monotonic() + 10)
    finally:
        server.terminate()
        server.wait(timeout=20)
