"""The `assistant` command as a user runs it: real process, real index, Danish errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXE = str(Path(sys.executable).with_name("assistant"))


def run(args, env, **kw):
    return subprocess.run([EXE, *args], env=env, capture_output=True, text=True, timeout=300, **kw)


def test_ask_json_has_the_documented_shape(cli_env):
    r = run(["ask", "Hvor længe kan et ressourceforløb vare?", "--date", "2021-06-01", "--k", "3", "--json"], cli_env)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["question"] and out["date"] == "2021-06-01"
    assert len(out["passages"]) == 3
    assert set(out["passages"][0]) >= {"ref", "title", "text", "score", "source", "url"}
    law = [p for p in out["passages"] if p["ref"] == "LAB § 114, stk. 1"]
    assert law and "højst 5 års" in law[0]["text"], "a 2021 question gets the wording of 2021 first"


def test_ask_prints_references_and_text(cli_env):
    r = run(["ask", "paragraf 113 a"], cli_env)
    assert r.returncode == 0, r.stderr
    assert "LAB § 113 a" in r.stdout and "jobformidler" in r.stdout


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["ask", ""], 2, "tomt"),
        (["ask", "   "], 2, "tomt"),
        (["ask", "x" * 100_000], 2, "for langt"),
        (["ask", "What is the maximum duration of the course and how does it work?"], 3, "dansk"),
        (["ask", "hej", "--date", "2021-02-30"], 2, "ugyldig dato"),
        (["ask", "\x01\x02\x03 data"], 2, "binære"),
    ],
)
def test_bad_input_gets_a_clear_message_and_exit_code(cli_env, args, code, message):
    r = run(args, cli_env)
    assert r.returncode == code, (r.returncode, r.stderr)
    assert message in (r.stderr + r.stdout)
    assert "Traceback" not in r.stderr


def test_binary_bytes_in_argv(cli_env):
    r = subprocess.run(
        [EXE.encode(), b"ask", b"\xff\xfe\x00"[:2] + b"abc"], env=cli_env, capture_output=True, timeout=120
    )
    assert r.returncode == 2 and b"Traceback" not in r.stderr


def test_eval_reports_retrieval_metrics(cli_env, tmp_path):
    src = Path(__file__).resolve().parents[2] / "evals" / "questions" / "retrieval.yaml"
    out = tmp_path / "r.json"
    r = run(["eval", str(src), "--retrieval-only", "--json", str(out)], cli_env)
    assert r.returncode == 0, r.stderr
    report = json.loads(out.read_text())
    assert report["kind"] == "questions" and report["total"] >= 40
    assert {"recall_at_5", "mrr", "items"} <= set(report)
    assert set(report["items"][0]) >= {"id", "retrieved_refs", "hit"}
    assert "recall@5" in r.stdout
    assert report["recall_at_5"] >= 0.9, "hybrid retrieval must find the right passage in the top 5"


def test_eval_checks_answers_of_questions_and_dialogues(cli_env, tmp_path):
    f = tmp_path / "q.yaml"
    f.write_text(
        "questions:\n"
        "  - id: q1\n    asked_on: 2023-01-01\n    question: Hvor længe kan et ressourceforløb vare?\n"
        "    expected: {refs_any: ['LAB § 114, stk. 1'], must_mention: ['3 år'], must_not_mention: ['5 år'], abstain: false}\n"
        "  - id: q2\n    question: Hvor mange kroner får jeg?\n    expected: {abstain: true}\n",
        encoding="utf-8",
    )
    out = tmp_path / "a.json"
    r = run(["eval", str(f), "--json", str(out)], cli_env)
    assert r.returncode == 0, r.stderr
    report = json.loads(out.read_text())
    assert {"kind", "total", "passed", "pass_rate", "grounded_rate", "items"} <= set(report)
    assert report["passed"] == 2 and report["grounded_rate"] == 1.0
    assert set(report["items"][0]) >= {
        "id",
        "passed",
        "reasons",
        "answer",
        "cited_refs",
        "retrieved_refs",
        "grounded",
        "abstained",
    }


def test_eval_cases_with_facts_and_from_the_narrative(cli_env, tmp_path):
    src = Path(__file__).resolve().parents[2] / "evals" / "cases" / "praksisnotat-2022.yaml"
    out = tmp_path / "c.json"
    r = run(["eval", str(src), "--json", str(out)], cli_env)
    assert r.returncode == 0, r.stderr
    report = json.loads(out.read_text())
    assert report["kind"] == "cases" and report["total"] == 26 and report["correct"] == 26
    assert report["ref_recall"] == 1.0
    r = run(["eval", str(src), "--narrative-only", "--json", str(out)], cli_env)
    report = json.loads(out.read_text())
    assert report["correct"] >= 22, "the facts read from the narratives must decide at least 22 of 26"
    assert report["wrong_with_confidence"] == 0, "decline rather than guess when a decisive fact is missing"
    assert all(i["derived_facts"] for i in report["items"]), "every case reports the facts it read"


def test_eval_rejects_a_broken_file_with_line_and_field(cli_env, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "questions:\n  - id: a\n    question: Hvad?\n    expected: {refs_any: ['§§ nonsens']}\n", encoding="utf-8"
    )
    r = run(["eval", str(bad)], cli_env)
    assert r.returncode == 2
    assert f"{bad}:4" in r.stderr and "refs_any" in r.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text("questions: [\n  - id: a\n", encoding="utf-8")
    r = run(["eval", str(broken)], cli_env)
    assert r.returncode == 2 and "ugyldig YAML" in r.stderr and "Traceback" not in r.stderr


def test_ingest_adds_a_document_that_can_then_be_found(cli_env, settings, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(settings.data_dir, data, ignore=shutil.ignore_patterns("documents"))
    env = {**cli_env, "ASSISTANT_DATA_DIR": str(data)}
    doc = tmp_path / "vejledning.md"
    doc.write_text(
        "# Lokal praksis\n\nVi tilbyder altid en kvartalsvis trivselssamtale med zebrafinke-metoden.\n",
        encoding="utf-8",
    )
    r = run(["ingest", str(doc), "--issuer", "Jobcenter Eksempel", "--date", "2025-01-15"], env)
    assert r.returncode == 0, r.stderr
    assert "1 enheder" in r.stdout
    r = run(["ask", "zebrafinke-metoden", "--json", "--k", "1"], env)
    assert json.loads(r.stdout)["passages"][0]["ref"] == "Jobcenter Eksempel 2025-01-15, afsnit Lokal praksis"


def test_missing_index_is_built_on_first_use(cli_env, tmp_path, settings):
    """A fresh data directory gets its index built by the first question (with a notice)."""
    env = {**cli_env, "ASSISTANT_DATA_DIR": str(tmp_path / "fresh")}
    # a tiny corpus keeps this fast: two units copied from the real one
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("lab/lab-113-a.md",):
        src = settings.corpus_dir / name
        if src.exists():
            shutil.copy(src, corpus / src.name)
    if not any(corpus.iterdir()):
        shutil.copy(next(settings.corpus_dir.rglob("*.md")), corpus)
    env["ASSISTANT_CORPUS_DIR"] = str(corpus)
    r = run(["ask", "jobformidler", "--k", "1"], env)
    assert r.returncode == 0, r.stderr
    assert "bygges" in r.stderr


def test_serve_refuses_a_public_address_without_login(cli_env):
    env = {k: v for k, v in cli_env.items() if not k.startswith("ASSISTANT_AUTH_")}
    out = subprocess.run(
        [str(EXE), "serve", "--host", "0.0.0.0", "--port", "8799"], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 2 and "uden login" in out.stderr and "ASSISTANT_AUTH_ISSUER" in out.stderr
    half = dict(env, ASSISTANT_AUTH_ISSUER="https://sso.kommune.dk")
    out = subprocess.run(
        [str(EXE), "serve", "--host", "10.0.0.5"], env=half, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 2 and "delvist" in out.stderr and "ASSISTANT_AUTH_AUDIENCE" in out.stderr
