"""The public anchor manifest: every page of the built site and every anchor readers may link to.

``python -m macros.tools.anchors --write`` (what ``make manifest`` runs) records the current anchors in
``tests/anchors.json``; the test suite fails when an anchor in the manifest disappears from the site, unless its
page moved under a redirect that still resolves it. Renaming a record keeps its old id alive through
``former_ids`` in the data, which renders the old anchor on the same element.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .sitecheck import load_pages

MANIFEST = Path(__file__).resolve().parents[2] / "tests" / "anchors.json"
#: Theme-generated ids (Material's own controls) and the widgets' own elements (kg-…) are not public anchors.
PRIVATE_PREFIXES = ("__", "fn:", "fnref:", "kg-")


def collect(site: Path) -> dict[str, list[str]]:
    """Page URL -> sorted public anchor ids inside the page content."""
    out: dict[str, list[str]] = {}
    for url, page in load_pages(site).items():
        if url == "404.html":
            continue
        article = page.soup.select_one("article")
        ids = {str(el["id"]) for el in article.find_all(id=True)} if article else set()
        out[url] = sorted(i for i in ids if not i.startswith(PRIVATE_PREFIXES))
    return dict(sorted(out.items()))


def compare(manifest: dict[str, list[str]], current: dict[str, list[str]],
            redirects: dict[str, str] | None = None) -> tuple[list[str], list[str]]:
    """Return (vanished, added): vanished entries break links in the wild; added ones need ``make manifest``."""
    redirects = redirects or {}
    vanished, added = [], []
    for page, anchors in manifest.items():
        target = page if page in current else redirects.get(page)
        if target is None or target not in current:
            vanished.append(f"page /{page} is gone and no redirect (mkdocs.yml redirect_maps) points it elsewhere")
            continue
        for anchor in anchors:
            if anchor not in current[target]:
                where = f"/{page}" + (f" (redirected to /{target})" if target != page else "")
                vanished.append(f"#{anchor} vanished from {where}: restore it or list it in the record's former_ids")
    for page, anchors in current.items():
        known = set(manifest.get(page, []))
        added += [f"/{page}#{a}" for a in anchors if a not in known]
        if page not in manifest:
            added.append(f"/{page} (new page)")
    return vanished, added


def redirect_map(config: Path) -> dict[str, str]:
    """Old page URL -> new page URL, from the mkdocs-redirects settings in mkdocs.yml."""
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    conf = yaml.load(config.read_text(encoding="utf-8"), Loader=_Loader)
    maps: dict[str, str] = {}
    for plugin in conf.get("plugins", []):
        if isinstance(plugin, dict) and "redirects" in plugin:
            maps = (plugin["redirects"] or {}).get("redirect_maps", {}) or {}

    def url(md: str) -> str:
        stem = md.removesuffix(".md")
        return "" if stem == "index" else stem.removesuffix("/index") + "/"

    return {url(old): url(new) for old, new in maps.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", default="site")
    parser.add_argument("--write", action="store_true", help="record the current anchors as the manifest")
    args = parser.parse_args(argv)
    current = collect(Path(args.site))
    if args.write:
        MANIFEST.write_text(json.dumps(current, indent=1) + "\n", encoding="utf-8")
        print(f"{sum(map(len, current.values()))} anchors on {len(current)} pages written to {MANIFEST.name}")
        return 0
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    vanished, added = compare(manifest, current, redirect_map(MANIFEST.parents[1] / "mkdocs.yml"))
    for line in vanished + added:
        print(line)
    return 1 if vanished or added else 0


if __name__ == "__main__":
    sys.exit(main())
