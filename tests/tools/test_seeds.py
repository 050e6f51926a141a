"""The committed corpus (`corpus/`) against the seeds it is built from.

- every unit loads, its `ref` is canonical and its id unique;
- nothing of the seeds was lost: every sentence of the law text, the principmeddelelser,
  the cases and the practice note, and every paragraph of the other documents, is in
  some unit;
- rebuilding with `python -m tools.seeds` gives byte-identical files;
- the time versions of LAB chapter 19 follow L 1160/2021 (in force 1 January 2022).

Seed-dependent tests are skipped when `../shared/seeds` is absent.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import pytest
import yaml

from assistant.corpus.refs import parse_ref
from assistant.corpus.units import Unit, iter_unit_files, load_corpus

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus"
SEEDS = REPO.parent / "shared" / "seeds"

needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"seed texts not available at {SEEDS} (../shared/seeds from the repo root)"
)


# --- helpers (independent of the builder) ------------------------------------------


def seed_text(prefix: str) -> tuple[str, str]:
    (path,) = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    return path.name, path.read_text(encoding="utf-8").replace("\r\n", "\n")


def norm(text: str) -> str:
    """Drop `*` emphasis and line-leading list dashes, collapse whitespace."""
    text = text.replace("*", "")
    text = re.sub(r"(?m)^[ \t]*- ", "", text)
    return " ".join(text.split())


def seed_paragraphs(text: str) -> list[str]:
    """Blank-line paragraphs, with a paragraph cut by a page break (no closing
    punctuation, the next one starting in lower case) joined to its continuation."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        block = norm(block)
        if not block:
            continue
        if out and out[-1][-1] not in '.:;!?»«"”)' and re.match(r"[a-zæøå]", block):
            out[-1] += " " + block
        else:
            out.append(block)
    return out


def sentences(paragraph: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ§»\"”(])", paragraph)
    return [p for p in parts if p.strip()]


def missing_sentences(region: str, units: list[Unit], skip=lambda p: False) -> list[str]:
    haystack = [norm(u.text) for u in units]
    missing = []
    for para in seed_paragraphs(region):
        if skip(para):
            continue
        for s in sentences(para):
            if not any(s in h for h in haystack):
                missing.append(s)
    return missing


def between(text: str, start: str, end: str | None) -> str:
    i = text.index(start)
    j = text.index(end, i) if end else len(text)
    return text[i:j]


# --- fixtures -------------------------------------------------------------------


@pytest.fixture(scope="module")
def units() -> list[Unit]:
    return load_corpus([CORPUS])


@pytest.fixture(scope="module")
def by_ref(units) -> dict[str, list[Unit]]:
    d: dict[str, list[Unit]] = defaultdict(list)
    for u in units:
        d[u.ref].append(u)
    return d


# --- the corpus on its own -------------------------------------------------------


def test_corpus_loads_and_is_not_empty(units):
    assert len(units) > 50, "the corpus should hold the law, the PMs, the cases and the documents"


def test_refs_are_canonical_and_round_trip():
    for path in iter_unit_files([CORPUS]):
        head = path.read_text(encoding="utf-8").split("---", 2)[1]
        ref = yaml.safe_load(head)["ref"]
        assert parse_ref(ref).canonical == ref, f"{path}: ref {ref!r} is not in canonical form (references.md)"
        assert parse_ref(parse_ref(ref).canonical).canonical == ref, f"{path}: ref {ref!r} does not round-trip"


def test_ids_unique_and_match_file_names(units):
    ids = [u.id for u in units]
    assert len(ids) == len(set(ids)), "unit ids are index keys and must be unique"
    for path in iter_unit_files([CORPUS]):
        head = yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])
        assert head["id"] == path.stem, f"{path}: the file name must be the unit id"


def test_required_refs_exist(by_ref):
    required = [
        "LAB § 43",
        "LAB § 44, stk. 1",
        "LAB § 44, stk. 3",
        "LAB § 112, stk. 1",
        "LAB § 112, stk. 1, nr. 3",
        "LAB § 112, stk. 3",
        "LAB § 113, stk. 4",
        "LAB § 113 a",
        "LAB § 114, stk. 4",
        "LAB § 115 a, stk. 1",
        "L 1160/2021 § 1, nr. 1",
        "L 1160/2021 § 1, nr. 9",
        "L 1160/2021 § 6, stk. 2",
        "L 1160/2021 § 7, stk. 6",
        "PM 24-14",
        "PM 1-15",
        "PM 82-16",
        "PM 42-17",
        "PM 58-18",
        "PM 24-20",
        "Praksisnotat 2022, afsnit Varighed",
        "Praksisnotat 2022, afsnit Udviklingsperspektiv",
        "Praksisnotat 2022, afsnit Relevante indsatser",
        "Praksisnotat 2022, afsnit Rehabiliteringsteam og -plan",
        "Praksisnotat 2022, afsnit Indholdet af et ressourceforløb",
        "BIF 2020-06-10",
        "Ankestyrelsen 2020-11-17",
        "BM 2015-11-20",
        "BIF 2023-05-12",
        "L 1750/2025",
        "LSP § 1 a",
    ]
    for ref in required:
        assert ref in by_ref, f"the corpus must hold a unit with ref {ref!r}"


def test_all_26_cases_exist_with_outcome(by_ref):
    for n in range(1, 27):
        units = by_ref.get(f"Praksisnotat 2022, sag {n}", [])
        assert len(units) == 1, f"the practice note has 26 cases; sag {n} must be exactly one unit"
        assert units[0].kind == "sag" and units[0].outcome, f"sag {n} must be kind 'sag' with an outcome"


@needs_seeds
def test_case_outcomes_match_the_seed(by_ref):
    _, text = seed_text("001")
    found = re.findall(r"(?m)^Sag (\d+)\.\s*\n\s*\n(\w+)", text)
    assert len(found) == 26, "the seed has 26 cases, each 'Sag N.' followed by its outcome"
    for n, word in found:
        (unit,) = by_ref[f"Praksisnotat 2022, sag {n}"]
        assert unit.outcome == word.lower(), f"sag {n}: the seed says {word!r}, the corpus {unit.outcome!r}"


# --- nothing was lost ------------------------------------------------------------

# Paragraphs of the law text that are structure, not wording.
LAW_STRUCTURE = {"§ 1", "...", "§ 6.", "§ 7", "Lov om en aktiv beskæftigelsesindsats:"}


@needs_seeds
def test_every_sentence_of_the_law_text_is_in_the_corpus(units):
    _, text = seed_text("001")
    region = between(text, "§ 43.", "\n3. Ressourceforløb\n")
    law = [u for u in units if u.kind in ("lov", "ændringslov") and not u.summary]
    missing = missing_sentences(region, law, skip=lambda p: p in LAW_STRUCTURE)
    assert not missing, (
        "every sentence of LAB §§ 43-114 and L 1160/2021 §§ 1, 6, 7 in the seed must be in a law unit; missing: "
        + " | ".join(missing)
    )


@needs_seeds
def test_every_sentence_of_the_principmeddelelser_is_in_the_corpus(units):
    _, text = seed_text("001")
    region = between(text, "Principmeddelelser om ressourceforløb:", "\n5. De konkrete mødesager\n")
    pms = [u for u in units if u.kind == "principmeddelelse"]
    missing = missing_sentences(
        region, pms, skip=lambda p: p == "Principmeddelelser om ressourceforløb:" or re.fullmatch(r"\d{1,3}-\d{2}", p)
    )
    assert not missing, (
        "every sentence of PM 24-14 ... PM 24-20 must be in a principmeddelelse unit; missing: " + " | ".join(missing)
    )


@needs_seeds
def test_every_sentence_of_the_cases_is_in_the_corpus(units):
    _, text = seed_text("001")
    region = between(text, "\nSag 1.\n", None)
    cases = [u for u in units if u.kind == "sag"]
    missing = missing_sentences(region, cases, skip=lambda p: bool(re.fullmatch(r"Sag \d+\.", p)))
    assert not missing, "the full text of each of the 26 cases must be in its unit; missing: " + " | ".join(missing)


@needs_seeds
def test_every_sentence_of_the_practice_note_prose_is_in_the_corpus(units):
    _, text = seed_text("001")
    region = (
        between(text, "Notat om ressourceforløb", "\n2. Lovgrundlag\n")
        + "\n\n"
        + between(text, "\n3. Ressourceforløb\n", "\n24-14\n")
        + "\n\n"
        + between(text, "\n5. De konkrete mødesager\n", "\nSag 1.\n")
    )
    notes = [u for u in units if u.kind == "praksisnotat"]

    def heading(p: str) -> bool:
        return len(p) < 60 and p[-1] not in '.:;!?»«"”)'

    missing = missing_sentences(region, notes, skip=heading)
    assert not missing, (
        "every sentence of the practice note's sections must be in a section unit; missing: " + " | ".join(missing)
    )


# Letterhead and web-page chrome the builder may leave out (whole lines).
DROPPABLE_LINES = {
    "Direktionen",
    "**Direktionen",
    "Bernstorffsgade 17",
    "1577 København V",
    "Telefon",
    "3366 3366",
    "www.kk.dk",
    "Direktionen Beskæftigelses- og Integrationsforvaltningen",
    "Beskæftigelses- og Integrationsforvaltningen**",
    "Gå til indhold",
    "Ring: 33 41 12 00 mandag til fredag klokken 9-15",
    "Adresse: Ankestyrelsen, 7998 Statsservice",
    "Mail: ast@ast.dk",
    "Sikker mail: sikkermail@ast.dk",
    "Tilgængelighedserklæring",
    "Christiansborg",
    "1240 København K",
    "Ved Stranden 8",
    "1061 København K",
    "T 72 20 50 00",
    "E bm@bm.dk",
    "www.bm.dk",
    "CVR 10172748",
    "EAN 5798000398566",
}


@needs_seeds
@pytest.mark.parametrize("prefix", ["000", "002", "003", "004"])
def test_every_paragraph_of_the_documents_is_in_the_corpus(units, prefix):
    name, text = seed_text(prefix)
    mine = [norm(u.text) for u in units if u.source == name]
    assert mine, f"seed {name} must give at least one unit"
    kept = "\n".join(line for line in text.split("\n") if line.strip() not in DROPPABLE_LINES)
    for block in re.split(r"\n\s*\n", kept):
        para = norm(block)
        if para:
            assert any(para in m for m in mine), f"{name}: paragraph missing from its units: {para!r}"


@needs_seeds
def test_long_documents_are_split_in_parts_with_the_same_ref(units):
    parts = [u for u in units if re.search(r"-del-\d+$", u.id)]
    for u in parts:
        siblings = [v for v in units if v.id.rsplit("-del-", 1)[0] == u.id.rsplit("-del-", 1)[0]]
        assert len({v.ref for v in siblings}) == 1, f"{u.id}: all parts of a document share its ref"
        assert f"(del {u.id.rsplit('-', 1)[1]})" in u.title, f"{u.id}: a part's title says which part it is"
    for u in units:
        if u.kind in ("svar", "rapport"):
            assert len(u.text) < 3200, f"{u.id}: documents longer than ~2500 characters are split in parts"


# --- the builder -----------------------------------------------------------------


@needs_seeds
def test_rebuild_gives_identical_files(tmp_path):
    from tools.seeds.build import build
    from tools.seeds.sources import FOLDERS

    build(SEEDS, tmp_path)
    built = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.md"))
    committed = sorted(p.relative_to(CORPUS) for f in FOLDERS for p in (CORPUS / f).glob("*.md"))
    assert built == committed, (
        "corpus/ must be exactly what `python -m tools.seeds` writes; rerun it. "
        f"Only built: {sorted(set(built) - set(committed))}; only committed: {sorted(set(committed) - set(built))}"
    )
    for rel in built:
        assert (tmp_path / rel).read_bytes() == (CORPUS / rel).read_bytes(), (
            f"corpus/{rel} differs from the builder's output; rerun `python -m tools.seeds`"
        )


@needs_seeds
def test_build_is_deterministic(tmp_path):
    from tools.seeds.build import build

    build(SEEDS, tmp_path / "a")
    build(SEEDS, tmp_path / "b")
    a = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*.md")}
    b = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*.md")}
    assert a == b, "two runs of the builder must give byte-identical files"


# --- time versions (L 1160/2021 in force 1 January 2022) --------------------------

D_BEFORE = dt.date(2021, 12, 31)
D_AFTER = dt.date(2022, 1, 1)


def in_force(units: list[Unit], on: dt.date) -> list[Unit]:
    return [u for u in units if u.in_force(on)]


def test_114_1_duration_changed_from_5_to_3_years(by_ref):
    versions = by_ref["LAB § 114, stk. 1"]
    (before,) = in_force(versions, D_BEFORE)
    (after,) = in_force(versions, D_AFTER)
    assert "5 års" in before.text, "before 2022 LAB § 114, stk. 1 said 'højst 5 års varighed' (L 1160/2021 § 1, nr. 4)"
    assert "3 års" in after.text, "from 1 January 2022 LAB § 114, stk. 1 says 'højst 3 års varighed'"
    assert before.valid_from == dt.date(2013, 1, 1) and before.valid_to == D_BEFORE


def test_114_3_and_113_2_before_2022(by_ref):
    (old3,) = in_force(by_ref["LAB § 114, stk. 3"], D_BEFORE)
    (new3,) = in_force(by_ref["LAB § 114, stk. 3"], D_AFTER)
    assert "over 40 år" in old3.text, "before 2022 LAB § 114, stk. 3 was today's stk. 4 with 40 instead of 50"
    assert "mellem 40 og 50 år" in new3.text, "from 2022 LAB § 114, stk. 3 is the 40-50 rule (L 1160/2021 § 1, nr. 5)"
    (new4,) = in_force(by_ref["LAB § 114, stk. 4"], D_AFTER)
    assert "over 50 år" in new4.text, "from 2022 LAB § 114, stk. 4 says 'over 50 år' (L 1160/2021 § 1, nr. 6)"
    assert not in_force(by_ref["LAB § 114, stk. 4"], D_BEFORE), "LAB § 114 had no stk. 4 before 2022"
    (old2,) = in_force(by_ref["LAB § 113, stk. 2"], D_BEFORE)
    (new4,) = in_force(by_ref["LAB § 113, stk. 4"], D_AFTER)
    assert norm(old2.text)[8:] == norm(new4.text)[8:], "before 2022 LAB § 113, stk. 2 was the text now in stk. 4"
    for ref in ("LAB § 112, stk. 3", "LAB § 113, stk. 3", "LAB § 113 a", "LAB § 115 a, stk. 1", "LAB § 115 a, stk. 2"):
        assert not in_force(by_ref[ref], D_BEFORE), f"{ref} was inserted by L 1160/2021 and did not exist before 2022"
        assert all(u.valid_from == D_AFTER for u in by_ref[ref]), f"{ref} applies from 1 January 2022"


def test_unchanged_rules_have_no_valid_from(by_ref):
    for ref in (
        "LAB § 43",
        "LAB § 44, stk. 1",
        "LAB § 112, stk. 1",
        "LAB § 112, stk. 2",
        "LAB § 113, stk. 1",
        "LAB § 114, stk. 2",
    ):
        (u,) = by_ref[ref]
        assert u.valid_from is None and u.valid_to is None, f"{ref} was not changed by L 1160/2021"


def test_no_two_versions_of_a_ref_overlap(units):
    groups: dict[str, list[Unit]] = defaultdict(list)
    for u in units:
        if not re.search(r"-del-\d+$", u.id):  # parts of one document share a ref by design
            groups[u.ref].append(u)
    lo, hi = dt.date.min, dt.date.max
    for ref, us in groups.items():
        for a, b in combinations(us, 2):
            overlap = (a.valid_from or lo) <= (b.valid_to or hi) and (b.valid_from or lo) <= (a.valid_to or hi)
            assert not overlap, f"{ref}: {a.id} and {b.id} are both in force at some date; one wording at a time"


def test_chapter_19_is_closed_to_new_cases_from_february_2026(units):
    ch19 = [u for u in units if re.match(r"LAB § 11[2-5]\b", u.ref)]
    assert ch19
    for u in ch19:
        assert u.new_cases_until == dt.date(2026, 1, 31), f"{u.id}: L 1750/2025 closes chapter 19 to new citizens"
        assert "L 1750/2025" in (u.note or "") and "ikke bekræftet" in u.note, (
            f"{u.id}: the note must say that the 1 February 2026 date is unconfirmed"
        )
        assert u.open_to_new_cases(dt.date(2025, 6, 1)) or not u.in_force(dt.date(2025, 6, 1))
        assert not u.open_to_new_cases(dt.date(2026, 2, 1))


def test_summaries_are_labelled(by_ref):
    (l1750,) = by_ref["L 1750/2025"]
    (lsp,) = by_ref["LSP § 1 a"]
    for u in (l1750, lsp):
        assert u.summary, f"{u.ref} is a summary of facts, not law text"
        assert u.text.startswith("Resumé (ikke lovens ordlyd)"), f"{u.ref}: a summary must say so in its first line"
    assert l1750.valid_from == dt.date(2026, 2, 1)
    assert l1750.text.count("ikke bekræftet") >= 3, "law-status.md marks three facts of the reform as unconfirmed"
    for age in ("61 år", "62 år", "63 år", "64 år"):
        assert age in lsp.text, f"LSP § 1 a summary must say when 'mindre end 6 år' begins ({age})"
