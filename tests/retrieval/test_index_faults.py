"""SIGKILL of `assistant index` / `assistant ingest` at any point leaves the previous index
generation serving, and a rerun completes by resuming the partial generation.

The real commands run as subprocesses on a copy of the session index. The indexer's
test hook (ASSISTANT_FAULT_TRACE / ASSISTANT_FAULT_PAUSE_AT, see assistant/retrieval/refresh.py)
announces each stage on stderr, so a kill can be aimed at a stage: paused there
(exactly between two steps) or while the next step runs.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from assistant.retrieval.chroma import open_client
from assistant.retrieval.engine import SearchEngine
from assistant.retrieval.generations import journal_path, pointer_path, read_active
from assistant.settings import Settings

EXE = str(Path(sys.executable).with_name("assistant"))
ISSUER, DATE = "Jobcenter Eksempel", "2025-01-15"
SECTIONS = {  # heading -> a sentence with a word found nowhere in the corpus
    "Kolibrisamtaler": "Borgeren tilbydes kolibrisamtaler hver anden uge med sin koordinerende sagsbehandler.",
    "Pelikanmøder": "Pelikanmøder samler virksomhed, mentor og borger om praktikkens mål.",
    "Flamingoplanen": "Flamingoplanen beskriver hvordan hverdagen gradvis fyldes med små opgaver.",
    "Tukanlisten": "Tukanlisten holder styr på de tilbud borgeren har prøvet og deres udbytte.",
    "Ibisdagen": "På ibisdagen mødes alle borgere i ressourceforløb til fælles workshop.",
}
NEW_REF = f"{ISSUER} {DATE}, afsnit Kolibrisamtaler"
OLD_QUESTION, OLD_REF = "Hvor længe kan et ressourceforløb højst vare?", "LAB § 114, stk. 1"


def write_doc(tmp_path: Path) -> Path:
    doc = tmp_path / "lokal-praksis.md"
    doc.write_text("".join(f"# {h}\n\n{t}\n\n" for h, t in SECTIONS.items()), encoding="utf-8")
    return doc


def copy_index(src: Path, dst: Path) -> Path:
    """The session index (Chroma, pointer, BM25) without its documents or database."""
    for part in ("chroma", "index", "lexical"):
        shutil.copytree(src / part, dst / part, ignore=shutil.ignore_patterns("*.lock"))
    return dst


class Run:
    """A real `assistant` process whose stderr is read for the indexer's stage markers."""

    def __init__(self, args: list[str], env: dict):
        self.proc = subprocess.Popen([EXE, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.stderr: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stderr:
            self.lines.put(line)
        self.lines.put(None)

    def until(self, stage: str, timeout: float = 300) -> dict[str, dict[str, str]]:
        """Wait for the marker of `stage`; all markers seen so far, by stage (the last of each)."""
        seen: dict[str, dict[str, str]] = {}
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(deadline - time.monotonic(), 0.01))
            except queue.Empty:
                self.kill()
                pytest.fail(f"no marker {stage!r} within {timeout} s; stderr: {''.join(self.stderr)[-2000:]}")
            if line is None:
                pytest.fail(f"{self.proc.args[1]} ended before {stage!r}: {''.join(self.stderr)[-2000:]}")
            self.stderr.append(line)
            if line.startswith("ASSISTANT-FAULT "):
                _, name, *pairs = line.split()
                seen[name] = dict(p.split("=", 1) for p in pairs)
                if name == stage:
                    return seen

    def kill(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)
        assert self.proc.returncode == -signal.SIGKILL


def run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    r = subprocess.run([EXE, *args], env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    return r


@pytest.fixture
def faulty(tmp_path, settings, engine, cli_env):
    """A private copy of the index, an environment for the commands, and a document to add."""
    data = copy_index(settings.data_dir, tmp_path / "data")
    env = {**cli_env, "ASSISTANT_DATA_DIR": str(data), "ASSISTANT_FAULT_TRACE": "1"}
    env.pop("ASSISTANT_FAULT_PAUSE_AT", None)
    local = Settings(data_dir=data, corpus_dir=settings.corpus_dir, today=settings.today)
    return local, env, write_doc(tmp_path)


def fresh(local: Settings, engine) -> SearchEngine:
    """What a service started now would load."""
    return SearchEngine(local, embeddings=engine.embeddings)


def assert_previous_serves(local: Settings, engine, old: str) -> None:
    eng = fresh(local, engine)
    assert read_active(local, eng.model).collection == old, "the pointer may only move when a build is complete"
    assert OLD_REF in [h.ref for h in eng.search(OLD_QUESTION, k=3)]
    for mode in ("bm25", "dense"):
        assert NEW_REF not in [h.ref for h in eng.search("kolibrisamtaler", k=5, mode=mode)], mode
    assert not eng.is_current(), "the added document is not in the serving generation"


def assert_new_serves(eng: SearchEngine) -> None:
    for mode in ("bm25", "dense"):
        hits = eng.search(SECTIONS["Kolibrisamtaler"], k=3, mode=mode)
        assert hits and hits[0].ref == NEW_REF, (mode, [h.ref for h in hits])
    assert OLD_REF in [h.ref for h in eng.search(OLD_QUESTION, k=3)]


def collections(local: Settings) -> set[str]:
    return {c.name for c in open_client(local).list_collections()}


def test_kill_at_each_stage_keeps_the_previous_generation_serving(faulty, engine):
    local, env, doc = faulty
    env = {**env, "ASSISTANT_INDEX_BATCH": "2"}
    old = read_active(local, engine.model).collection
    ingest = ["ingest", str(doc), "--issuer", ISSUER, "--date", DATE]

    # 1. `assistant ingest`, killed right after it created the new generation's collection
    r = Run(ingest, {**env, "ASSISTANT_FAULT_PAUSE_AT": "created"})
    target = r.until("created")["created"]["generation"]
    r.kill()
    assert target != old
    assert_previous_serves(local, engine, old)
    # a service running from here on: it knows the new units, the index does not yet
    live = fresh(local, engine)
    live.POINTER_CHECK_SECONDS = 0.0
    assert NEW_REF not in [h.ref for h in live.search("kolibrisamtaler", k=5)]

    # 2. `assistant index`, killed after the vectors of unchanged chunks were copied (resumes 1.)
    r = Run(["index"], {**env, "ASSISTANT_FAULT_PAUSE_AT": "copied"})
    seen = r.until("copied")
    r.kill()
    assert seen["created"]["generation"] == target, "a rerun resumes the unfinished generation"
    copied, to_embed = int(seen["copied"]["copied"]), int(seen["copied"]["to_embed"])
    assert copied > 100 and to_embed == len(SECTIONS), "only the added chunks are embedded"
    assert_previous_serves(local, engine, old)

    # 3. killed in the middle of embedding: after the first batch of 2 of the 5 new chunks
    r = Run(["index"], {**env, "ASSISTANT_FAULT_PAUSE_AT": "embedding"})
    seen = r.until("embedding")
    r.kill()
    assert int(seen["created"]["resumed"]) == copied and int(seen["copied"]["copied"]) == 0
    assert seen["embedding"] == {"embedded": "2", "to_embed": str(len(SECTIONS))}
    assert_previous_serves(local, engine, old)

    # 4. killed after the new BM25 file was written, before the switch
    r = Run(["index"], {**env, "ASSISTANT_FAULT_PAUSE_AT": "lexical"})
    seen = r.until("lexical")
    r.kill()
    assert seen["copied"]["to_embed"] == str(len(SECTIONS) - 2), "chunks embedded before a kill are kept"
    assert (local.data_dir / "lexical" / seen["lexical"]["path"]).exists()
    assert_previous_serves(local, engine, old)
    assert NEW_REF not in [h.ref for h in live.search("kolibrisamtaler", k=5)]

    # 5. killed right after the switch, before the old generation was deleted
    r = Run(["index"], {**env, "ASSISTANT_FAULT_PAUSE_AT": "switched"})
    seen = r.until("switched")
    r.kill()
    assert seen["copied"]["to_embed"] == "0" and seen["switched"]["generation"] == target
    assert read_active(local, engine.model).collection == target
    assert {old, target} <= collections(local), "the kill came before the clean-up"
    now = fresh(local, engine)
    assert now.is_current()
    assert_new_serves(now)
    assert_new_serves(live)  # the running engine took up the new generation without a restart

    # 6. a rerun has nothing to embed and removes the old generation and the build journal
    out = run(["index"], env).stdout
    assert "0 indlejret på ny" in out and target in out
    assert collections(local) == {target}
    assert sorted(p.name for p in (local.data_dir / "lexical").iterdir()) == [f"{target}.pkl"]
    assert not journal_path(local, target.rsplit("-g", 1)[0]).exists()
    assert_new_serves(fresh(local, engine))


def test_kill_while_ingest_runs_then_a_rerun_completes(faulty, engine):
    """Kills that land while a step runs (mid-copy, mid-embedding, while writing the BM25
    file or the pointer): every time either the old or the complete new generation serves."""
    local, env, doc = faulty
    env = {**env, "ASSISTANT_INDEX_BATCH": "1"}
    old = read_active(local, engine.model).collection
    ingest = ["ingest", str(doc), "--issuer", ISSUER, "--date", DATE]

    r = Run(ingest, env)  # during start-up: before anything was written, or while the units are
    time.sleep(1.0)
    r.kill()
    fresh(local, engine).search(OLD_QUESTION, k=1)

    switched = False
    for stage in ("created", "copied", "embedding", "lexical"):
        r = Run(ingest, env)
        r.until(stage)
        r.kill()  # lands somewhere in the step after `stage`
        active = read_active(local, engine.model)
        eng = fresh(local, engine)
        if active.collection == old:
            assert_previous_serves(local, engine, old)
        else:  # the kill after `lexical` may come after the switch
            assert stage == "lexical", "the pointer may only move when a build is complete"
            switched = True
            assert eng.is_current()
            assert_new_serves(eng)
    out = run(ingest, env).stdout
    assert "Indeks opdateret" in out
    eng = fresh(local, engine)
    assert eng.is_current()
    assert_new_serves(eng)
    active = read_active(local, engine.model).collection
    assert collections(local) == {active}, f"stale generations left behind (switched before rerun: {switched})"
    assert sorted(p.name for p in (local.data_dir / "lexical").iterdir()) == [f"{active}.pkl"]
    assert pointer_path(local, active.rsplit("-g", 1)[0]).exists()
