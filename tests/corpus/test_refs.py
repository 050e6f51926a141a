"""Canonical references (`../shared/spec/references.md`)."""

import pytest

from assistant.corpus.refs import RefError, canonical, covers, find_refs, parse_ref


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("LAB § 114, stk. 3", "LAB § 114, stk. 3"),
        ("lab §114 stk 3", "LAB § 114, stk. 3"),
        ("LAB § 113 a", "LAB § 113 a"),
        ("LAB § 112, stk. 1, nr. 3", "LAB § 112, stk. 1, nr. 3"),
        ("L 1160/2021 § 7, stk. 3", "L 1160/2021 § 7, stk. 3"),
        ("L 1750/2025", "L 1750/2025"),
        ("pm 58-18", "PM 58-18"),
        ("PM 1-15", "PM 1-15"),
        ("Praksisnotat 2022, sag 7", "Praksisnotat 2022, sag 7"),
        ("Praksisnotat 2022, afsnit Varighed", "Praksisnotat 2022, afsnit Varighed"),
        ("BIF 2020-06-10", "BIF 2020-06-10"),
        ("Ankestyrelsen 2020-11-17", "Ankestyrelsen 2020-11-17"),
        ("LSP § 1 a", "LSP § 1 a"),
        ("LAS § 69 j", "LAS § 69 j"),
    ],
)
def test_canonical_forms(raw, expected):
    assert canonical(raw) == expected
    assert canonical(expected) == expected, "a canonical ref must round-trip unchanged"


@pytest.mark.parametrize("bad", ["", "   ", "§", "hej med dig", "LAB", "PM 58"])
def test_invalid_refs_are_rejected(bad):
    with pytest.raises(RefError):
        parse_ref(bad)


def test_coarser_reference_covers_finer_never_reverse():
    assert covers("LAB § 114", "LAB § 114, stk. 3")
    assert covers("LAB § 114, stk. 3", "LAB § 114, stk. 3")
    assert not covers("LAB § 114, stk. 3", "LAB § 114")
    assert not covers("LAB § 11", "LAB § 114"), "§ 11 must not cover § 114"
    assert not covers("LAB § 113", "LAB § 113 a"), "§ 113 a is its own paragraph"
    assert not covers("LAB § 114", "LAS § 114")


@pytest.mark.parametrize(
    "question, refs",
    [
        ("Hvad står der i § 114, stk. 3?", ["LAB § 114, stk. 3"]),
        ("paragraf 113 a om jobformidler", ["LAB § 113 a"]),
        ("Hvad siger principmeddelelse 58-18?", ["PM 58-18"]),
        ("sag 7 i praksisnotatet", ["Praksisnotat 2022, sag 7"]),
        ("§ 114, stk. 2-4", ["LAB § 114, stk. 2", "LAB § 114, stk. 3", "LAB § 114, stk. 4"]),
        ("§ 112 i loven", ["LAB § 112"]),
        ("overgangsreglen i L 1160/2021 § 7, stk. 3", ["L 1160/2021 § 7, stk. 3"]),
        ("lov om social pension § 1 a", ["LSP § 1 a"]),
        ("Hvad betyder L 1750/2025?", ["L 1750/2025"]),
        ("Hvor længe kan et forløb vare?", []),
    ],
)
def test_references_found_in_questions(question, refs):
    assert [r.canonical for r in find_refs(question)] == refs
