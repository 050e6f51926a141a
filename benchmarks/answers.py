"""Answer quality and latency through the library, side by side with a plain LangChain baseline.

The baseline is what a team would build first: dense-only Chroma top-k through LangChain's
retriever interface, the answer = the best passage, every retrieved passage cited. Both
are scored with the same checks (refs_any, must_mention, must_not_mention, abstain).

    .venv/bin/python benchmarks/answers.py [FILES...]
Writes benchmarks/results/answers.json.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.answering.model import Answer, Citation
from assistant.answering.pipeline import Assistant
from assistant.evaluation.answers import score_answers
from assistant.evaluation.formats import load_eval_file
from assistant.retrieval.engine import SearchEngine
from assistant.retrieval.langchain import HybridRetriever


class Baseline:
    """Dense-only retrieval, best passage as the answer: no rules, no check, no abstention."""

    def __init__(self, engine: SearchEngine):
        self.engine = engine

    def ask(self, text, state=None, audience=None, on=None):
        from assistant.answering.dialogue import ConversationState

        state = state or ConversationState()
        day = on or state.date or self.engine.settings.current_date()
        docs = HybridRetriever(engine=self.engine, k=5, mode="dense", on=day).invoke(text)
        best = docs[0] if docs else None
        answer = Answer(
            question=text,
            date=day,
            answer=best.page_content if best else "",
            citations=[
                Citation(ref=d.metadata["ref"], title=d.metadata["title"], quote=d.page_content[:200]) for d in docs
            ],
            passages=[d.metadata for d in docs],
            grounded=True,
        )
        return answer, state


def pct(xs, p):
    s = sorted(xs)
    return round(s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))], 1)


def main() -> None:
    files = sys.argv[1:] or [str(ROOT / "evals/questions/answers.yaml"), str(ROOT / "evals/dialogues/dialogues.yaml")]
    engine = SearchEngine()
    engine.ensure_index()
    systems = {"assistant": Assistant(engine), "baseline (dense top-k, best passage)": Baseline(engine)}
    out = {"files": files, "systems": {}}
    for name, system in systems.items():
        rows = {}
        for f in files:
            ef = load_eval_file(f)
            rows[Path(f).name] = score_answers(system, ef.items, ef.kind)
        out["systems"][name] = {
            k: {x: v[x] for x in ("total", "passed", "pass_rate", "grounded_rate")} for k, v in rows.items()
        }
    # latency of the full answer path (cold query-vector cache for each question)
    assistant = systems["assistant"]
    questions = [q.question for q in load_eval_file(files[0]).items if hasattr(q, "question")]
    assistant.ask(questions[0])
    times = []
    for q in questions * 2:
        engine.clear_query_cache()
        t = time.perf_counter()
        try:
            assistant.ask(q)
        except Exception:
            continue
        times.append((time.perf_counter() - t) * 1000)
    out["latency_ms"] = {
        "answers": len(times),
        "p50": pct(times, 50),
        "p95": pct(times, 95),
        "p99": pct(times, 99),
        "mean": round(statistics.mean(times), 1),
    }
    print(json.dumps(out, ensure_ascii=False, indent=2))
    (ROOT / "benchmarks" / "results" / "answers.json").write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
