"""Adding documents: Markdown, plain text and HTML, with and without § structure."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.corpus.ingest import document_units
from assistant.errors import IngestError

LAW_HTML = """<!doctype html><html><head><title>Bekendtgørelse af lov om en aktiv beskæftigelsesindsats</title>
<script>alert('x')</script><style>p{color:red}</style></head><body><nav>Menu</nav>
<h1>Lov om en aktiv beskæftigelsesindsats</h1>
<p>§ 113 a. Personer i ressourceforløb har ret til en personlig jobformidler.</p>
<p>§ 114. Et ressourceforløb skal være af mindst 1 og højst 3 års varighed.</p>
<p>Stk. 2. Personen kan tilbydes flere på hinanden følgende ressourceforløb.</p>
</body></html>"""

GUIDE_MD = """# Jobcentrets retningslinjer

Vi holder opfølgningssamtaler hver tredje måned.

## Rehabiliteringsteamet

Sagen forelægges teamet med en opdateret forberedende del.
"""


def test_html_law_is_split_into_paragraph_and_stk_units(tmp_path):
    f = tmp_path / "lab.html"
    f.write_text(LAW_HTML, encoding="utf-8")
    units = document_units(f, date=dt.date(2024, 3, 1))
    refs = [u.ref for u in units]
    assert refs == ["LAB § 113 a", "LAB § 114, stk. 1", "LAB § 114, stk. 2"]
    assert all("alert" not in u.text and "Menu" not in u.text for u in units), "scripts and navigation are dropped"
    assert units[0].kind == "lov"


def test_markdown_without_paragraphs_is_split_by_headings(tmp_path):
    f = tmp_path / "retningslinjer.md"
    f.write_text(GUIDE_MD, encoding="utf-8")
    units = document_units(f, issuer="Jobcenter Eksempel", date=dt.date(2025, 5, 1), internal=True)
    assert [u.ref for u in units] == [
        "Jobcenter Eksempel 2025-05-01, afsnit Jobcentrets retningslinjer",
        "Jobcenter Eksempel 2025-05-01, afsnit Rehabiliteringsteamet",
    ]
    assert all(u.visibility == "internal" for u in units)


def test_latin1_text_is_decoded(tmp_path):
    f = tmp_path / "gammel.txt"
    f.write_bytes("Ressourceforløb for borgere over 50 år kræver ønske.".encode("cp1252"))
    units = document_units(f, issuer="Kommune", date=dt.date(2020, 1, 1))
    assert "ønske" in units[0].text


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "tom"),
        (b"\x00\x01\x02binary\x00", "binær"),
        (b"   \n\n  ", "ingen tekst"),
    ],
)
def test_unusable_files_get_a_clear_error(tmp_path, content, message):
    f = tmp_path / "x.txt"
    f.write_bytes(content)
    with pytest.raises(IngestError, match=message):
        document_units(f)


def test_unsupported_type_and_missing_file(tmp_path):
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(IngestError, match="understøttes ikke"):
        document_units(pdf)
    with pytest.raises(IngestError, match="kan ikke læses"):
        document_units(tmp_path / "mangler.md")


def test_issuer_with_digits_is_rejected(tmp_path):
    f = tmp_path / "a.md"
    f.write_text("Tekst om ressourceforløb.", encoding="utf-8")
    with pytest.raises(IngestError, match="Udsteder"):
        document_units(f, issuer="Kommune 2")
