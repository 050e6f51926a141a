"""`assistant eval`: run question, dialogue and case files and report the results."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from assistant.cli.common import ensure_index, handled, make_engine
from assistant.errors import EvalFileError, ExitCode


@click.command(name="eval")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--json", "json_out", type=click.Path(path_type=Path), help="Skriv resultatet som JSON til filen ('-' for stdout)."
)
@click.option("--k", default=5, show_default=True, type=click.IntRange(1, 50))
@click.option("--mode", type=click.Choice(["hybrid", "bm25", "dense"]), default="hybrid", show_default=True)
@click.option(
    "--narrative-only", is_flag=True, help="Sagsfiler: ignorer 'facts:' og udled fakta af sagsfremstillingen."
)
@click.option(
    "--retrieval-only", is_flag=True, help="Spørgsmål/dialoger: mål kun genfinding (recall@k, MRR), ingen svar."
)
@handled
def eval_(
    files: tuple[Path, ...], json_out: Path | None, k: int, mode: str, narrative_only: bool, retrieval_only: bool
) -> None:
    """Kør evalueringsfiler (spørgsmål, dialoger, sager) og vis resultaterne."""
    from assistant.evaluation.formats import load_eval_file
    from assistant.evaluation.questions import score_retrieval

    engine = None
    reports, bad = [], 0
    for f in files:
        try:
            ef = load_eval_file(f)
        except EvalFileError as exc:
            click.echo(f"Fejl: {exc}", err=True)
            bad += 1
            continue
        for err in ef.errors:
            click.echo(f"Fejl: {err}", err=True)
        bad += bool(ef.errors)
        if ef.kind == "cases":
            from assistant.evaluation.cases import score_cases

            report = score_cases(ef.items, narrative_only=narrative_only)
            report["file"] = str(f)
            report["invalid"] = [str(e) for e in ef.errors]
            reports.append(report)
            _print_cases(report)
            continue
        if engine is None:
            engine = make_engine()
            ensure_index(engine)
        retrieval = score_retrieval(engine, ef.items, ef.kind, k=k, mode=mode)
        if retrieval_only:
            report = retrieval
        else:
            from assistant.answering.pipeline import Assistant
            from assistant.evaluation.answers import score_answers

            report = score_answers(Assistant(engine), ef.items, ef.kind)
            report["retrieval"] = {key: retrieval[key] for key in ("recall_at_1", "recall_at_5", "mrr", "k", "mode")}
        report["file"] = str(f)
        report["invalid"] = [str(e) for e in ef.errors]
        reports.append(report)
        _print_report(report) if retrieval_only else _print_answers(report)
    if json_out:
        payload = reports[0] if len(reports) == 1 else {"kind": "multi", "reports": reports}
        text = json.dumps(payload, ensure_ascii=False, indent=2)
        if str(json_out) == "-":
            click.echo(text)
        else:
            json_out.write_text(text + "\n", encoding="utf-8")
    if bad:
        sys.exit(ExitCode.INPUT)


def _print_answers(r: dict[str, Any]) -> None:
    ret = r.get("retrieval", {})
    click.echo(
        f"{r['file']}: {r['total']} svar: bestået {r['passed']}/{r['total']} (pass_rate {r['pass_rate']:.3f}), "
        f"grounded_rate {r['grounded_rate']:.3f}; genfinding recall@5 {ret.get('recall_at_5', 0):.3f}, MRR {ret.get('mrr', 0):.3f}"
    )
    for i in r["items"]:
        if not i["passed"]:
            click.echo(f"  - {i['id']}: {'; '.join(i['reasons'])}")


def _print_cases(r: dict[str, Any]) -> None:
    how = "fakta udledt af sagsfremstillingen" if r["narrative_only"] else "fakta fra filen (ellers udledt)"
    click.echo(
        f"{r['file']}: {r['total']} sager ({how}): korrekte {r['correct']}/{r['total']} "
        f"(accuracy {r['accuracy']:.3f}), afgjort {r['decided']}, forkerte med sikkerhed {r['wrong_with_confidence']}, "
        f"ref-recall {r['ref_recall']:.3f}"
    )
    for i in r["items"]:
        if not i["correct"]:
            got = i["predicted"] or f"afvist (mangler: {', '.join(i['missing_facts']) or i.get('error', '?')})"
            click.echo(f"  - {i['id']}: forventede {i['expected']}, fik {got}")


def _print_report(r: dict[str, Any]) -> None:
    click.echo(
        f"{r['file']}: {r['total']} spørgsmål ({r['mode']}, k={r['k']}): "
        f"recall@1 {r['recall_at_1']:.3f}  recall@5 {r['recall_at_5']:.3f}  MRR {r['mrr']:.3f}"
    )
    misses = [i for i in r["items"] if not i["hit"]]
    if misses:
        click.echo(f"Ikke fundet i top {r['k']} ({len(misses)}):")
        for i in misses:
            why = i.get("error") or f"fik {', '.join(i['retrieved_refs'][:3])}"
            click.echo(f"  - {i['id']}: forventede {' | '.join(i['expected'])}; {why}")
