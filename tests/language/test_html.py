"""Visible text from HTML: scripts, styles and attributes are ignored; blocks are boundaries."""

from __future__ import annotations

from carekit.language import check_html, html_to_text

PAGE = """<!doctype html>
<html lang="da"><head><title>Palliativ plan</title>
<style>.palliativ { color: red }</style>
<script>var x = "mobilisere"; if (a < b) { dekubitus(); }</script></head>
<body>
  <h1>Din   hjælp</h1>
  <p>Vi kommer hver dag<br>og hjælper dig</p>
  <img src="dekubitus.png" alt="palliativ pleje" title="ADL">
  <a href="/visitation" data-x="mobilisering">Ring til os</a>
  <ul><li>Bad</li><li>Mad &amp; drikke</li></ul>
  <div hidden>mobiliseres <span>skjult</span></div>
  <template><p>ADL</p></template>
  <table><tr><td>Mandag</td><td>Tirsdag</td></tr></table>
</body></html>"""


def test_visible_text_skips_head_scripts_styles_hidden_and_attributes() -> None:
    text = html_to_text(PAGE)
    assert text == (
        "Din hjælp\n\nVi kommer hver dag\n\nog hjælper dig\n\nRing til os\n\n"
        "Bad\n\nMad & drikke\n\nMandag\n\nTirsdag"
    )


def test_html_report_has_no_hits_from_invisible_parts() -> None:
    report = check_html(PAGE)
    assert report.hits == ()
    # Blocks are sentence boundaries even without full stops.
    assert report.sentences == 8


def test_html_hits_point_into_the_extracted_text() -> None:
    report = check_html("<p>Hej.</p><p>Vi vil <b>mobilisere</b> dig.</p>")
    assert report.text == "Hej.\n\nVi vil mobilisere dig."
    (hit,) = report.hits
    assert report.text[hit.start : hit.end] == "mobilisere"
    assert (hit.line, hit.column) == (3, 8)


def test_preformatted_lines_are_blocks_and_inline_white_space_collapses() -> None:
    assert html_to_text("<pre>en\nto</pre><p>a\n   b</p>") == "en\n\nto\n\na b"


def test_english_html() -> None:
    report = check_html("<p>Please ambulate.</p>", "en")
    assert [hit.suggestion for hit in report.hits] == ["walk"]
