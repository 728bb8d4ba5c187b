"""Media URLs before they leave carekit (``carekit.privacy.check_media_url``): only https or a
carekit ``media://`` reference; everything else is refused with a reason in both languages."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carekit.demo import demo_records
from carekit.i18n import Text
from carekit.model import LearningStory
from carekit.privacy import MEDIA_URL_SCHEMES, check_media_url


@pytest.mark.parametrize(
    "url",
    [
        "https://media.kommune.dk/stories/else-kor.jpg",
        "https://media.kommune.dk:8443/a/b.mp4?token-free=1",
        "HTTPS://media.kommune.dk/x.png",
        "media://demo/else-kor.jpg",
        "media://vendor-store/2026/11/a%20b.jpg",
    ],
)
def test_https_and_carekit_references_may_be_exported(url: str) -> None:
    assert check_media_url(url) is None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://media.kommune.dk/a.jpg", "scheme"),
        ("data:image/png;base64,iVBORw0KGgo=", "scheme"),
        ("file:///home/anna/Billeder/else.jpg", "scheme"),
        ("javascript:alert(1)", "scheme"),
        ("ftp://media.kommune.dk/a.jpg", "scheme"),
        ("/srv/media/else.jpg", "scheme"),
        ("else.jpg", "scheme"),
        ("https://anna:hemmelig@media.kommune.dk/a.jpg", "credentials"),
        ("https:///a.jpg", "host"),
        ("https://media.kommune.dk:port/a.jpg", "malformed"),
        ("https://[::1/a.jpg", "malformed"),
        ("media://demo/../../etc/passwd", "reference"),
        ("media://demo/a.jpg?x=1", "reference"),
        ("media:///a.jpg", "reference"),
        ("media://demo", "reference"),
        ("https://media.kommune.dk/a b.jpg", "characters"),
        ("https://media.kommune.dk/a.jpg\n", "characters"),
        ("https://media.kommune.dk/" + "a" * 2048, "too_long"),
        ("", "empty"),
    ],
)
def test_every_other_url_is_refused_with_a_reason(url: str, reason: str) -> None:
    problem = check_media_url(url)
    assert problem is not None
    assert problem.reason == reason
    text = Text(problem.da, problem.en)
    assert "https://" in text.en
    assert "media://" in text.da
    assert "hemmelig" not in text.en  # the URL is not repeated


def test_not_a_string_is_refused() -> None:
    problem = check_media_url(None)
    assert problem is not None
    assert problem.reason == "empty"


def test_the_demo_media_references_pass() -> None:
    stories = [r for r in demo_records() if isinstance(r, LearningStory)]
    references = [m.reference for s in stories for m in s.media]
    assert references
    assert all(check_media_url(ref) is None for ref in references)


@settings(max_examples=500, deadline=None)
@given(url=st.text(max_size=80))
def test_any_text_is_a_verdict_never_a_traceback(url: str) -> None:
    problem = check_media_url(url)
    if problem is None:
        assert url.lower().startswith(tuple(f"{s}://" for s in MEDIA_URL_SCHEMES))
    else:
        assert problem.da
        assert problem.en
