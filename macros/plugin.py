"""The guide's MkDocs plugin: loads the data once per build and does the build-level work, through documented events.

* ``on_config``: load and validate the data afresh (so ``mkdocs serve`` shows an edited fact at once), give the
  Markdown ``abbr`` extension the glossary, and date the build by its content.
* ``on_files``: publish the validated data as JSON under ``/data/`` (the models' own dump), the decision index, the
  cost model with its golden vectors, and one small print stylesheet per page (header and footer text).
* ``on_post_page`` / ``on_post_build``: a strict Content-Security-Policy on every page, with the SHA-256 of every
  inline script the theme writes, computed from the built pages.

The macros plugin (``macros/__init__.py``) renders the pages' components from the same loaded guide, which it reads
from this plugin through the MkDocs configuration (``config.plugins["guide"]``): no module state is shared.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from . import cost, decision
from .claims import newest
from .loader import DATA_DIR, Guide, load_guide
from .render import Renderer
from .render import cost as render_cost
from .yamlsrc import DataError

# Read once, at import: a value we set ourselves must not look like the caller's on the next rebuild (mkdocs serve).
CALLER_EPOCH = os.environ.get("SOURCE_DATE_EPOCH")
EXPORT_DIR = "data"
PRINT_DIR = "assets/print"
CSP_PLACEHOLDER = "kg-csp-pending"
_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S | re.I)
_INLINE_STYLE = re.compile(r"<style(?:\s[^>]*)?>(?P<body>.*?)</style>", re.S | re.I)


class GuideConfig(Config):
    #: Pages printed in landscape (wide tables).
    landscape = c.ListOfItems(c.Type(str), default=[])


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _executable(attrs: str) -> bool:
    kind = re.search(r"""\btype\s*=\s*["']?([^"'\s>]+)""", attrs or "")
    return "src=" not in (attrs or "") and (kind is None or kind.group(1).lower() in ("text/javascript", "module"))


def policy(script_hashes: set[str], style_hashes: set[str]) -> str:
    """The Content-Security-Policy: our own origin only, inline code only where the build vouches for it by hash.

    Images allow ``data:`` for the theme's icons, which its stylesheet embeds as data URLs.
    """
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' " + " ".join(sorted(script_hashes)),
        "style-src 'self'" + (" " + " ".join(sorted(style_hashes)) if style_hashes else ""),
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


class GuidePlugin(BasePlugin[GuideConfig]):
    """One instance per build: MkDocs creates the plugins afresh whenever it reloads the configuration."""

    guide: Guide
    renderer: Renderer

    def on_config(self, config: Any) -> Any:
        # The project's data folder, beside mkdocs.yml; GUIDE_DATA_DIR lets a test build the site from other data.
        default = Path(config.config_file_path).parent / "data" if config.config_file_path else DATA_DIR
        data_dir = Path(os.environ.get("GUIDE_DATA_DIR", default)).resolve()
        try:
            self.guide = load_guide(data_dir)
        except DataError as exc:
            # PluginError stops MkDocs before a single page is written, with our message and no traceback.
            raise PluginError(f"invalid data ({len(exc.problems)} problem(s)):\n" + str(exc)) from None
        self.renderer = Renderer(self.guide)
        self.newest = newest(self.guide)
        self.script_hashes: set[str] = set()
        self.style_hashes: set[str] = set()
        glossary = {t.term: t.expansion for t in self.guide.glossary if t.expansion and t.term != t.expansion}
        config.mdx_configs.setdefault("abbr", {})["glossary"] = glossary
        if CALLER_EPOCH is None:
            # Dated by content: two builds of one commit are byte-identical on any day (sitemap, gzip headers).
            day = self.newest
            os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC).timestamp()))
        return config

    # --- files ------------------------------------------------------------------------------------------------

    def exports(self) -> dict[str, Any]:
        """File name -> JSON document: each data file as validated (the models' own dump), plus what the widgets read."""
        docs: dict[str, Any] = {}
        for name, info in type(self.guide).model_fields.items():
            value = getattr(self.guide, name)
            dump = [v.model_dump(mode="json", by_alias=True) for v in value] if isinstance(value, list) else (
                value.model_dump(mode="json", by_alias=True))
            docs[f"{info.alias}.json"] = dump
        docs["decision-index.json"] = decision.index(self.guide.decision, self.guide.engine).as_json(self.guide.decision)
        docs["cost-model.json"] = cost.model_json(self.guide)
        docs["cost-vectors.json"] = cost.golden_vectors(self.guide)
        docs["scenario-costs.json"] = render_cost.scenario_costs(self.renderer)
        return docs

    def on_files(self, files: Files, config: Any) -> Files:
        for name, document in self.exports().items():
            # Sorted keys, no timestamps: identical bytes for identical data. Compact: the widgets download them.
            text = json.dumps(document, separators=(",", ":"), sort_keys=True, ensure_ascii=False) + "\n"
            files.append(File.generated(config, f"{EXPORT_DIR}/{name}", content=text))
        for page in files.documentation_pages():
            files.append(File.generated(config, print_css_path(page.url), content=self.print_css(page, config)))
        return files

    def print_css(self, page: File, config: Any) -> str:
        """The printed page's header and footer: the guide's name, the data date, the page's address."""
        url = (config.site_url or "").rstrip("/") + "/" + page.url.removeprefix("./")

        def quoted(text: str) -> str:
            return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

        landscape = page.src_uri in self.config.landscape
        # The margin boxes inherit from the page, not from the body: without a font here they print in the
        # browser's default serif, larger than the text.
        return (f"@page {{ size: A4 {'landscape' if landscape else 'portrait'}; margin: 14mm 12mm 16mm;\n"
                "  font: 8pt/1.3 -apple-system, BlinkMacSystemFont, Helvetica, Arial, sans-serif; color: #555;\n"
                f"  @top-left {{ content: {quoted(config.site_name)}; }}\n"
                f"  @top-right {{ content: {quoted('Data checked ' + self.newest.isoformat())}; }}\n"
                f"  @bottom-left {{ content: {quoted(url)}; }}\n"
                '  @bottom-right { content: "Page " counter(page) " of " counter(pages); }\n}\n')

    # --- Content-Security-Policy ---------------------------------------------------------------------------------

    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        return self._with_policy(output)

    def on_post_template(self, output_content: str, template_name: str, config: Any) -> str:
        """The 404 page is a theme template, not a Markdown page: it gets the same policy."""
        return self._with_policy(output_content) if template_name.endswith(".html") else output_content

    def _with_policy(self, output: str) -> str:
        for found in _INLINE_SCRIPT.finditer(output):
            if _executable(found.group("attrs")):
                self.script_hashes.add(_sha256(found.group("body")))
        for found in _INLINE_STYLE.finditer(output):
            self.style_hashes.add(_sha256(found.group("body")))
        meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP_PLACEHOLDER}">'
        # Before anything that could load or run: right after the charset declaration.
        return re.sub(r"(<meta charset=[^>]*>)", lambda m: m.group(1) + meta, output, count=1)

    def on_post_build(self, config: Any) -> None:
        """Every page carries the hashes of every page's inline scripts: instant navigation swaps pages under the
        first page's policy, so one policy must allow what any page runs."""
        csp = policy(self.script_hashes, self.style_hashes)
        for path in Path(config.site_dir).rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            if CSP_PLACEHOLDER in text:
                path.write_text(text.replace(CSP_PLACEHOLDER, csp), encoding="utf-8")


def print_css_path(page_url: str) -> str:
    """Where a page's print stylesheet lives: one small file per page, so no inline style is needed."""
    name = page_url.removeprefix("./").strip("/").replace("/", "--") or "home"
    return f"{PRINT_DIR}/{name}.css"
