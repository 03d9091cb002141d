"""Link policy, kept in one place: which hosts the guide may cite and what a citable URL looks like.

The data loader, the render functions and the link-validation tests all import from here, so a host is
allowed or refused everywhere at once.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

#: Hosts a fact may cite, each with the reason it is on the list.
ALLOWED_HOSTS: dict[str, str] = {
    "docs.aws.amazon.com": "AWS documentation: developer guides, API references, user guides",
    "aws.amazon.com": "AWS product pages: pricing, FAQs, service level agreements, compliance",
    "csrc.nist.gov": "NIST CMVP: FIPS 140 certificates, cited deliberately for validation claims",
}

#: Locale segments such as /de_de/ or /zh_cn/ would pin readers to a translation that lags the English page.
LOCALE_SEGMENT = re.compile(r"/[a-z]{2}_[a-z]{2}/", re.IGNORECASE)

WHITESPACE = re.compile(r"\s")

#: Query parameters that only track the click and must never be cited.
TRACKING_PARAMS = ("utm_", "sc_", "trk", "trkcampaign", "fbclid", "gclid", "mc_", "ref", "src")


def url_problems(url: str) -> list[str]:
    """Return every reason ``url`` may not be cited (an empty list means the URL is fine)."""
    problems: list[str] = []
    parts = urlsplit(url)
    if parts.scheme.lower() != "https":
        problems.append("must use https")
    netloc_host = parts.netloc.rsplit("@", 1)[-1].split(":", 1)[0]
    host = (parts.hostname or "").lower()
    if netloc_host != netloc_host.lower() or parts.scheme != parts.scheme.lower():
        # URLs are compared as written, so "Docs.AWS.amazon.com" would register the same page twice.
        problems.append(f"scheme and host must be lower-case: write {parts.scheme.lower()}://{netloc_host.lower()}")
    if host not in ALLOWED_HOSTS:
        allowed = ", ".join(sorted(ALLOWED_HOSTS))
        problems.append(f"host {host or '(none)'!r} is not on the allow-list ({allowed})")
    if parts.username or parts.password or parts.port:
        problems.append("must not carry credentials or a port")
    if LOCALE_SEGMENT.search(parts.path):
        problems.append("must not pin a locale segment such as /de_de/; cite the English page")
    for key, _value in parse_qsl(parts.query, keep_blank_values=True):
        if key.lower().startswith(TRACKING_PARAMS):
            problems.append(f"must not carry the tracking parameter {key!r}")
    if url.endswith("#"):
        problems.append("must not end with an empty #fragment")
    if WHITESPACE.search(url):
        problems.append("must not contain whitespace")
    return problems


def page_url(url: str) -> str:
    """The URL without its fragment: the unit a source title describes."""
    return url.split("#", 1)[0]
