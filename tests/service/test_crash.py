"""SIGKILL of `assistant serve` in the middle of a chat load loses no acknowledged turn.

A real server process (its own SQLite file, WAL mode) is loaded by client threads that
start conversations and continue acknowledged ones, also across restarts. It is killed
with SIGKILL (its whole process group) while requests are in flight, three times, then
restarted: every turn that was answered with 200 must still be there with the same answer,
both in the store and through `GET /api/conversations/{id}`, and the database must pass
SQLite's integrity check. Requests cut off by the kill were never acknowledged, so they
may be missing; nothing else may.
"""

from __future__ import annotations

import random
import threading
import time

import httpx
import pytest
from sqlalchemy import create_engine, text

from assistant.evaluation.formats import load_eval_file
from assistant.service.process import ServeProcess
from assistant.settings import REPO_ROOT

CLIENTS = 6
MAX_TURN = 4  # keep conversations well under ASSISTANT_MAX_TURNS
# (workers, extra seconds of load after the cycle's first acknowledged turns): kill points
KILL_POINTS = [(1, 0.0), (1, 0.6), (2, 0.3)]


class Ledger:
    """What the server acknowledged (200), and what went wrong while it was alive."""

    def __init__(self):
        self.lock = threading.Lock()
        self.acked: dict[tuple[str, int], str] = {}  # (conversation_id, turn) -> answer
        self.turns: dict[str, int] = {}  # conversation_id -> highest acknowledged turn
        self.cut_off = 0  # requests that got no answer (the kill)
        self.problems: list[str] = []  # 404 for an acknowledged conversation, 5xx, wrong ids

    def open_conversations(self) -> list[str]:
        with self.lock:
            return [cid for cid, n in self.turns.items() if n < MAX_TURN]


def client(url: str, questions: list[str], ledger: Ledger, stop: threading.Event, seed: int) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=url, timeout=60) as http:
        while not stop.is_set():
            open_ = ledger.open_conversations()
            cid = rng.choice(open_) if open_ and rng.random() < 0.5 else None
            body = {"message": rng.choice(questions), "audience": rng.choice(["caseworker", "citizen"])}
            if cid:
                body["conversation_id"] = cid
            try:
                r = http.post("/api/chat", json=body)
            except httpx.HTTPError:
                with ledger.lock:
                    ledger.cut_off += 1
                time.sleep(0.05)
                continue
            if r.status_code != 200:
                with ledger.lock:
                    ledger.problems.append(f"{r.status_code} for {body}: {r.text[:200]}")
                continue
            got = r.json()
            with ledger.lock:
                if cid and got["conversation_id"] != cid:
                    ledger.problems.append(f"follow-up on {cid} answered as {got['conversation_id']}")
                key = (got["conversation_id"], got["turn"])
                if key in ledger.acked:
                    ledger.problems.append(f"turn {key} acknowledged twice")
                ledger.acked[key] = got["answer"]
                ledger.turns[key[0]] = max(ledger.turns.get(key[0], 0), key[1])


def load_until_killed(server: ServeProcess, questions: list[str], ledger: Ledger, extra: float, cycle: int) -> None:
    stop = threading.Event()
    threads = [
        threading.Thread(target=client, args=(server.url, questions, ledger, stop, cycle * 100 + i))
        for i in range(CLIENTS)
    ]
    before = len(ledger.acked)
    for t in threads:
        t.start()
    deadline = time.time() + 120
    while len(ledger.acked) < before + 2 * CLIENTS and time.time() < deadline:  # the kill lands under load
        time.sleep(0.02)
    time.sleep(extra)
    server.kill()
    stop.set()
    for t in threads:
        t.join(timeout=90)


@pytest.fixture(scope="module")
def questions() -> list[str]:
    return [q.question for q in load_eval_file(REPO_ROOT / "evals/questions/answers.yaml").items]


def test_sigkill_under_load_loses_no_acknowledged_turn(cli_env, questions, tmp_path):
    db = tmp_path / "crash.db"
    url = f"sqlite:///{db}"
    env = {**cli_env, "ASSISTANT_DATABASE_URL": url, "ASSISTANT_RATE_LIMIT_PER_MINUTE": "0", "PYTHONUNBUFFERED": "1"}
    log = tmp_path / "serve.log"
    ledger = Ledger()

    for cycle, (workers, extra) in enumerate(KILL_POINTS):
        server = ServeProcess(env, log, workers=workers).start()
        load_until_killed(server, questions, ledger, extra, cycle)

    assert ledger.acked, "no turn was acknowledged at all"
    assert not ledger.problems, "\n".join(ledger.problems[:10])

    server = ServeProcess(env, log).start()
    try:
        with httpx.Client(base_url=server.url, timeout=60) as http:
            over_http = {}
            for cid in {cid for cid, _ in ledger.acked}:
                r = http.get(f"/api/conversations/{cid}")
                assert r.status_code == 200, f"acknowledged conversation {cid} is gone: {r.status_code} {r.text[:200]}"
                over_http.update({(cid, t["n"]): t["answer"] for t in r.json()["turns"]})
    finally:
        server.stop()

    from assistant.service.store import Store

    store = Store(url)
    stored = {}
    for cid in {cid for cid, _ in ledger.acked}:
        stored.update({(cid, t["n"]): t["answer"] for t in store.turns(cid)})
    store.engine.dispose()

    lost = [k for k in ledger.acked if k not in stored]
    changed = [k for k in ledger.acked if k in stored and stored[k] != ledger.acked[k]]
    assert not lost, f"{len(lost)} of {len(ledger.acked)} acknowledged turns lost, e.g. {lost[:5]}"
    assert not changed, f"stored answers differ from the acknowledged ones: {changed[:5]}"
    assert {k: over_http.get(k) for k in ledger.acked} == ledger.acked, "GET /api/conversations disagrees with the 200s"

    engine = create_engine(url)
    with engine.connect() as c:
        assert c.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        assert c.execute(text("PRAGMA journal_mode")).scalar_one().lower() == "wal"
    engine.dispose()
    print(
        f"\ncrash: {len(KILL_POINTS)} kills, {len(ledger.acked)} acknowledged turns in "
        f"{len({c for c, _ in ledger.acked})} conversations, {ledger.cut_off} requests cut off, 0 lost"
    )
