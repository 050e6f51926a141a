"""/api/chat over loopback: latency p50/p95 and sustained throughput, 1 and 2 workers.

Starts `assistant serve` as a real process with a fresh SQLite store, then runs a bounded
load (concurrency C for T seconds) with questions from the eval set. Every request is a new
conversation; the questions repeat, so the query-vector cache is warm after the first round
(reported). Writes benchmarks/results/service_load.json.

    .venv/bin/python benchmarks/service_load.py [--seconds 30] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.evaluation.formats import load_eval_file


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(xs, p):
    s = sorted(xs)
    return round(s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))], 1) if s else None


async def load(url: str, questions: list[str], seconds: float, concurrency: int) -> dict:
    latencies, errors, done = [], 0, 0
    stop = time.perf_counter() + seconds
    async with httpx.AsyncClient(timeout=30) as client:

        async def worker(i: int):
            nonlocal errors, done
            k = i
            while time.perf_counter() < stop:
                q = questions[k % len(questions)]
                k += concurrency
                t = time.perf_counter()
                try:
                    r = await client.post(url + "/api/chat", json={"message": q, "audience": "caseworker"})
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append((time.perf_counter() - t) * 1000)
                done += 1
                errors += not ok

        t0 = time.perf_counter()
        await asyncio.gather(*(worker(i) for i in range(concurrency)))
        elapsed = time.perf_counter() - t0
    return {
        "requests": done,
        "errors": errors,
        "seconds": round(elapsed, 1),
        "rps": round(done / elapsed, 1),
        "p50_ms": pct(latencies, 50),
        "p95_ms": pct(latencies, 95),
        "p99_ms": pct(latencies, 99),
    }


def run(workers: int, seconds: float, concurrency: int, questions: list[str]) -> dict:
    port = free_port()
    db = Path(tempfile.mkdtemp()) / "load.db"
    env = {**os.environ, "ASSISTANT_DATABASE_URL": f"sqlite:///{db}"}
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("assistant")), "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        # single-request latency on the deterministic path, one at a time (cold cache)
        single = []
        for q in questions[:40]:
            t = time.perf_counter()
            httpx.post(url + "/api/chat", json={"message": q}, timeout=30)
            single.append((time.perf_counter() - t) * 1000)
        sustained = asyncio.run(load(url, questions, seconds, concurrency))
        return {
            "workers": workers,
            "sequential": {"requests": len(single), "p50_ms": pct(single, 50), "p95_ms": pct(single, 95)},
            "sustained": {"concurrency": concurrency, **sustained},
        }
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--concurrency", type=int, default=8)
    args = ap.parse_args()
    questions = [q.question for q in load_eval_file(ROOT / "evals/questions/answers.yaml").items]
    results = [run(w, args.seconds, args.concurrency, questions) for w in (1, 2)]
    print(json.dumps(results, ensure_ascii=False, indent=2))
    (ROOT / "benchmarks" / "results" / "service_load.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=2) + "\n"
    )


if __name__ == "__main__":
    main()
