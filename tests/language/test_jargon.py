"""Jargon lists and matching: positions, suggestions, inflection, multi-word terms."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carekit.language import (
    JargonFileError,
    JargonTerm,
    check_text,
    find_jargon,
    load_jargon,
    parse_jargon,
)


def test_shipped_lists_are_large_enough() -> None:
    assert len(load_jargon("da")) >= 150
    assert len(load_jargon("en")) >= 60


@pytest.mark.parametrize("lang", ["da", "en"])
def test_terms_are_unique_and_in_their_language(lang: str) -> None:
    terms = load_jargon(lang)
    names = [t.term.lower() for t in terms]
    assert len(names) == len(set(names))
    assert {t.lang for t in terms} == {lang}


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_suggestion_is_itself_free_of_jargon(lang: str) -> None:
    terms = load_jargon(lang)
    offending = {t.term: t.suggestion for t in terms if find_jargon(t.suggestion, terms)}
    assert offending == {}


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_term_and_form_is_found_by_itself(lang: str) -> None:
    terms = load_jargon(lang)
    for term in terms:
        for pattern in term.patterns:
            text = pattern.replace("*", "en")
            hits = find_jargon(f"Her: {text}.", terms)
            assert hits, pattern
            assert hits[0].matched == text


DANISH = (
    "Kære Anna\n"
    "Efter visitationen skal du mobiliseres to gange om dagen.\n"
    "Vi holder øje med dit væskeindtag og din ernæringstilstand.\n"
    "Hvis du får respirationsbesvær, så ring til os. Vi forebygger dekubitus."
)


def test_danish_text_hits_positions_and_suggestions() -> None:
    report = check_text(DANISH)
    found = [(h.term, h.matched, h.line, h.column, h.suggestion) for h in report.hits]
    assert found == [
        ("visitation", "visitationen", 2, 7, "vurdering af, hvilken hjælp du kan få"),
        ("mobilisere", "mobiliseres", 2, 28, "hjælpe dig op at gå"),
        ("væskeindtag", "væskeindtag", 3, 23, "hvor meget du drikker"),
        ("ernæringstilstand", "ernæringstilstand", 3, 42,
         "hvordan du spiser, og om du får nok at spise"),
        ("respirationsbesvær", "respirationsbesvær", 4, 13, "svært ved at trække vejret"),
        ("dekubitus", "dekubitus", 4, 63, "tryksår"),
    ]  # fmt: skip
    for hit in report.hits:
        assert DANISH[hit.start : hit.end] == hit.matched
    assert not report.passes()


def test_english_text_hits_positions_and_suggestions() -> None:
    text = "You will ambulate daily.\nWe give analgesia PRN and watch for pressure ulcers."
    report = check_text(text, "en")
    found = [(h.term, h.matched, h.line, h.column, h.suggestion) for h in report.hits]
    assert found == [
        ("ambulate", "ambulate", 1, 10, "walk"),
        ("analgesia", "analgesia", 2, 9, "pain relief"),
        ("PRN", "PRN", 2, 19, "when needed"),
        ("pressure ulcer", "pressure ulcers", 2, 37, "pressure sore"),
    ]


@pytest.mark.parametrize(
    "word", ["mobilisere", "mobiliseres", "mobiliseret", "mobilisering", "mobiliseringen",
             "Mobiliseringen", "MOBILISERE"],
)  # fmt: skip
def test_danish_inflected_forms_match_through_the_declared_stem(word: str) -> None:
    hits = check_text(f"Vi taler om {word} i dag.").hits
    assert [(h.term, h.matched) for h in hits] == [("mobilisere", word)]


def test_declared_forms_match_and_undeclared_neighbours_do_not() -> None:
    assert [h.matched for h in check_text("Du er visiteret til hjælp.").hits] == ["visiteret"]
    # "visit" is not a form of visitation, and words are matched whole, never inside others.
    assert (
        check_text("Tak for din visit. Han er immobiliseret. Sekretæren ringer.").hits
        == (check_text("Han er immobiliseret.").hits)
        == ()
    )


def test_terms_match_at_hyphens() -> None:
    assert [h.term for h in check_text("Hun får ADL-træning.").hits] == ["ADL"]


def test_multi_word_terms_match_across_white_space_and_line_breaks() -> None:
    text = "Det hedder vitale\nværdier og praktiserende  læge."
    hits = check_text(text).hits
    assert [(h.term, h.matched) for h in hits] == [
        ("vitale værdier", "vitale\nværdier"),
        ("praktiserende læge", "praktiserende  læge"),
    ]


def test_longest_overlapping_match_wins() -> None:
    hits = check_text("Hun har en kognitiv svækkelse.").hits
    assert [h.term for h in hits] == ["kognitiv svækkelse"]
    hits = check_text("Hun får mad gennem en PEG-sonde.").hits
    assert [h.term for h in hits] == ["PEG-sonde"]


def test_jargon_inside_urls_is_not_reported() -> None:
    assert check_text("Se https://example.org/palliativ for mere.").hits == ()


def test_extra_terms_are_checked_too() -> None:
    extra = JargonTerm("borger", "du", forms=("borgeren", "borgere"))
    report = check_text("Borgeren får hjælp.", extra_terms=[extra])
    assert [(h.term, h.matched, h.suggestion) for h in report.hits] == [
        ("borger", "Borgeren", "du")
    ]
    assert check_text("Borgeren får hjælp.").hits == ()


def test_jargon_term_validates_its_patterns() -> None:
    with pytest.raises(ValueError, match="only end a word"):
        JargonTerm("mo*bil", "x")
    with pytest.raises(ValueError, match="empty"):
        JargonTerm("", "x")
    with pytest.raises(ValueError, match="suggestion"):
        JargonTerm("x", " ")
    with pytest.raises(ValueError, match="unknown language"):
        JargonTerm("x", "y", lang="sv")
    assert JargonTerm("a", "b", forms="c").forms == ("c",)


def test_parse_jargon_reads_columns_and_reports_bad_lines() -> None:
    terms = parse_jargon("# comment\n\nfoo\tbar\tfoos|fooing*\n", "en")
    assert terms == (JargonTerm("foo", "bar", ("foos", "fooing*"), "en"),)
    with pytest.raises(JargonFileError, match=r"my\.tsv:2: expected") as error:
        parse_jargon("ok\tfine\nbroken line\n", "en", source="my.tsv")
    assert error.value.line == 2
    assert error.value.text.da == (
        "my.tsv:2: forventede 'ord<TAB>forslag[<TAB>former]', fandt 1 kolonne"
    )


_pieces = st.sampled_from(
    ["mobiliseres", "ADL", "dekubitus", "vitale værdier", "og", "du", "hjælp", " ", "\n",
     ". ", "-", "æble", "palliativt", "visit", "sonde", "PEG-sonde"]
)  # fmt: skip


@given(st.lists(_pieces, max_size=25).map(" ".join))
def test_offsets_always_slice_to_the_matched_text(text: str) -> None:
    report = check_text(text)
    lines = text.split("\n")
    previous_end = 0
    for hit in report.hits:
        assert text[hit.start : hit.end] == hit.matched
        assert hit.start >= previous_end
        assert lines[hit.line - 1][hit.column - 1 :].startswith(hit.matched.split("\n")[0])
        previous_end = hit.end


@given(st.lists(st.sampled_from(load_jargon("da")), max_size=10))
def test_text_made_only_of_suggestions_has_no_hits(terms: list[JargonTerm]) -> None:
    text = ". ".join(t.suggestion for t in terms)
    assert check_text(text).hits == ()
