"""LIX: hand-counted texts, the counting rules, the bands."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carekit.language import BANDS, LIX_TARGET, band_for, check_text, count, lix


def test_lix_of_a_hand_counted_easy_text() -> None:
    # 9 words (Vi kommer i morgen / Du får hjælp til bad), 2 sentences, no word over 6 letters.
    report = check_text("Vi kommer i morgen. Du får hjælp til bad.")
    assert (report.words, report.sentences, report.long_words) == (9, 2, 0)
    assert report.lix == pytest.approx(4.5)
    assert report.band.code == "very-easy"


def test_lix_of_a_hand_counted_hard_text() -> None:
    # Hjemmeplejen(12) kommer(6) mandag(6). Sygeplejersken(14) skifter(7) forbindingen(12).
    report = check_text("Hjemmeplejen kommer mandag. Sygeplejersken skifter forbindingen.")
    assert (report.words, report.sentences, report.long_words) == (6, 2, 4)
    assert report.lix == pytest.approx(6 / 2 + 100 * 4 / 6)
    assert report.band.code == "very-hard"


def test_danish_letters_are_letters() -> None:
    # Ældreområdet has 12 letters, søndag 6, træningsøvelser 15.
    assert count("Ældreområdet åbner søndag med træningsøvelser.") == count(
        "Aeldreomraadet aabner sondag med traeningsovelser."
    ).__class__(words=5, sentences=1, long_words=2)


def test_numbers_are_words_but_never_long() -> None:
    # Ring / 70 / 20 / 30 / 40 / kl / 8.00: a time is one word, and "kl." does not end the sentence.
    counts = count("Ring 70 20 30 40 kl. 8.00 hver dag 20241231.")
    assert counts.words == 10
    assert counts.long_words == 0
    assert counts.sentences == 1


def test_hyphenated_words_are_one_word_and_letters_exclude_the_hyphen() -> None:
    counts = count("Brug e-mail eller sundheds-it.")
    assert counts.words == 4
    assert counts.long_words == 1  # sundheds-it: 10 letters; e-mail: 5


@pytest.mark.parametrize(
    "text",
    [
        "Du kan f.eks. ringe til os.",
        "Vi kommer bl.a. om mandagen.",
        "Vi kommer ca. kl. 10 hver dag.",
        "Bring e.g. a list of your medicines.",
        "Hun hedder H. C. Jensen og bor her.",
        "Vi ses den 1. maj i dit hjem.",
    ],
)
def test_abbreviations_initials_and_ordinals_do_not_end_sentences(text: str) -> None:
    assert count(text).sentences == 1


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Kommer du? Ja! Godt.", 3),
        ("Husk dette: Ring før kl. 8.", 2),
        ("Vent lidt … Så kommer vi.", 2),
        ('Hun sagde: "Tak." Så gik hun.', 3),
        ("Ingen punktum til sidst", 1),
        ("Der er 10. Så 20.", 2),  # a number before a capital letter ends the sentence
        ("!!! ... ???", 0),  # terminators without words are no sentences
        ("", 0),
    ],
)
def test_sentence_terminators(text: str, sentences: int) -> None:
    assert count(text).sentences == sentences


def test_hard_wrapped_lines_do_not_end_sentences() -> None:
    assert count("Vi kommer hver dag\nog hjælper dig med\nbad og mad.").sentences == 1


def test_blank_lines_headings_and_list_items_are_blocks() -> None:
    text = (
        "# Din hjælp\n"
        "Vi kommer hver dag\n"
        "\n"
        "Det får du hjælp til\n"
        "- bad\n"
        "- mad og\n"
        "  rengøring\n"
        "1. Ring til os\n"
        "2) Vent på svar\n"
    )
    counts = count(text)
    # Blocks: heading, paragraph, paragraph, 2 bullet items (one wrapped), 2 numbered items.
    assert counts.sentences == 7
    # 2 + 4 + 5 + 1 + 3 + 3 + 3 words: list markers (-, 1., 2)) are not words.
    assert counts.words == 21


def test_urls_and_email_addresses_are_not_words_and_do_not_end_sentences() -> None:
    counts = count("Læs mere på https://www.aarhus.dk/hjaelp. Skriv til hjaelp@aarhus.dk i dag.")
    assert counts.words == 7  # Læs mere på / Skriv til i dag
    assert counts.sentences == 2


def test_text_without_words_has_lix_zero() -> None:
    report = check_text("  \n\n - ")
    assert report.lix == 0.0
    assert report.words == report.sentences == 0


@pytest.mark.parametrize(
    ("score", "code", "da", "en"),
    [
        (0, "very-easy", "meget let", "very easy"),
        (24.9, "very-easy", "meget let", "very easy"),
        (25, "easy", "let", "easy"),
        (34.99, "easy", "let", "easy"),
        (35, "medium", "middel", "medium"),
        (44.9, "medium", "middel", "medium"),
        (45, "hard", "svær", "hard"),
        (54.9, "hard", "svær", "hard"),
        (55, "very-hard", "meget svær", "very hard"),
        (300, "very-hard", "meget svær", "very hard"),
    ],
)
def test_bands_have_danish_and_english_labels(score: float, code: str, da: str, en: str) -> None:
    band = band_for(score)
    assert (band.code, band.label.da, band.label.en) == (code, da, en)
    assert score in band


def test_bands_cover_all_scores_without_gaps() -> None:
    assert BANDS[0].low == 0
    assert BANDS[-1].high == math.inf
    for lower, upper in itertools.pairwise(BANDS):
        assert lower.high == upper.low


def test_target_is_35_and_passes_uses_it() -> None:
    assert LIX_TARGET == 35
    easy = check_text("Vi kommer i morgen. Du får hjælp til bad.")
    assert easy.passes()
    assert not easy.passes(target=4)


def test_lix_formula() -> None:
    assert lix(20, 2, 5) == pytest.approx(10 + 25)
    assert lix(0, 0, 0) == 0.0


_words = st.text(alphabet="abcdeæøåABCÆØÅ0123456789", min_size=1, max_size=14)
_separators = st.sampled_from(
    [" ", " ", ", ", ". ", "! ", "? ", ": ", "\n", "\n\n", "\n- ", " f.eks. "]
)


@st.composite
def texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(_words, _separators), min_size=0, max_size=30))
    return "".join(word + sep for word, sep in parts)


@given(texts())
def test_a_copy_after_a_blank_line_keeps_lix(text: str) -> None:
    once = check_text(text)
    twice = check_text(text + "\n\n" + text)
    assert twice.words == 2 * once.words
    assert twice.sentences == 2 * once.sentences
    assert twice.lix == pytest.approx(once.lix)


@given(texts())
def test_counts_are_consistent(text: str) -> None:
    counts = count(text)
    assert 0 <= counts.long_words <= counts.words
    assert (counts.words == 0) == (counts.sentences == 0)
    assert counts.sentences <= counts.words
    assert check_text(text).lix >= 0
