"""Register source pages in data/sources.yml: ``python -m macros.tools.add_sources list.yml ...``.

Each input file is a YAML list of ``{url, title}``. New URLs (without #fragment) are appended with an id and
a publisher derived from the URL, at the end of the file (a source's citation number is its place there); URLs
already registered keep their existing title (one URL, one title).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import yaml

SOURCES = Path(__file__).resolve().parent.parent.parent / "data" / "sources.yml"
HEADER = (
    "# yaml-language-server: $schema=./sources.schema.json\n"
    "# Every official page the guide cites: one URL, one title. Facts cite these URLs (optionally with #anchor).\n"
)


def publisher(url: str) -> str:
    parts = urlsplit(url)
    if parts.hostname == "csrc.nist.gov":
        return "nist"
    if "/cloudhsm" in parts.path:
        return "aws-cloudhsm"
    if "/kms" in parts.path:
        return "aws-kms"
    return "aws"


def make_id(url: str, taken: set[str]) -> str:
    parts = urlsplit(url)
    segs = [s for s in parts.path.split("/") if s and s not in ("latest", "developerguide", "userguide")]
    stem = re.sub(r"\.html?$", "", "-".join(segs[-2:]) if len(segs) > 1 else (segs[0] if segs else parts.hostname))
    base = "src-" + re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    base = base[:60].rstrip("-")
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base[:56].rstrip('-')}-{n}", n + 1
    return ident


def main(paths: list[str]) -> int:
    data = yaml.safe_load(SOURCES.read_text()) if SOURCES.exists() else {"sources": []}
    entries = data["sources"]
    known = {e["url"] for e in entries}
    taken = {e["id"] for e in entries}
    added = 0
    for p in paths:
        for item in yaml.safe_load(Path(p).read_text()) or []:
            url = item["url"].split("#", 1)[0]
            if url in known:
                continue
            ident = make_id(url, taken)
            taken.add(ident)
            known.add(url)
            title = re.sub(r" - (AWS|Amazon) [A-Za-z ]+$", "", item["title"].strip())
            entries.append({"id": ident, "title": title, "url": url, "service": publisher(url)})
            added += 1
    # Appended, never re-sorted: a source's citation number is its place in the file, and it must not change.
    body = yaml.safe_dump({"sources": entries}, sort_keys=False, allow_unicode=True, width=200)
    SOURCES.write_text(HEADER + body)
    print(f"added {added}, total {len(entries)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
