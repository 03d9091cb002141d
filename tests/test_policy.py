import pytest

from macros.policy import ALLOWED_HOSTS, page_url, url_problems

GOOD = "https://docs.aws.amazon.com/kms/latest/developerguide/overview.html"


def test_allow_list_is_deliberate() -> None:
    assert set(ALLOWED_HOSTS) == {"docs.aws.amazon.com", "aws.amazon.com", "csrc.nist.gov"}
    assert all(reason for reason in ALLOWED_HOSTS.values())


@pytest.mark.parametrize("url", [GOOD, GOOD + "#intro", "https://aws.amazon.com/kms/pricing/"])
def test_good_urls(url: str) -> None:
    assert url_problems(url) == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (GOOD.replace("https", "http"), "https"),
        ("https://example.com/kms", "allow-list"),
        ("https://docs.aws.amazon.com.evil.example/kms", "allow-list"),
        ("https://docs.aws.amazon.com/de_de/kms/latest/developerguide/overview.html", "locale"),
        (GOOD + "?utm_source=x", "tracking"),
        (GOOD + "#", "empty #fragment"),
        ("https://docs.aws.amazon.com:8443/kms/", "port"),
    ],
)
def test_bad_urls(url: str, reason: str) -> None:
    problems = url_problems(url)
    assert any(reason in p for p in problems), problems


def test_page_url_drops_fragment() -> None:
    assert page_url(GOOD + "#x") == GOOD
