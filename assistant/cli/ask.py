"""`assistant ask` and `assistant chat`: answers with their sources, in the terminal or as JSON."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import TYPE_CHECKING, Any

import click

from assistant.cli.common import DATE, ensure_index, handled, make_engine
from assistant.errors import ExitCode, InputError, NotDanish
from assistant.settings import get_settings

if TYPE_CHECKING:
    from assistant.answering.model import Answer
    from assistant.retrieval.engine import Passage

NOT_DANISH = (
    "Jeg kan kun besvare spørgsmål på dansk om ressourceforløb. "
    "(I can only answer questions in Danish about ressourceforløb.)"
)


def _passages_json(question: str, on: dt.date, passages: list[Passage]) -> dict[str, Any]:
    from assistant.answering.serialize import passage_out

    return {
        "question": question,
        "date": on.isoformat(),
        "passages": [passage_out(p).model_dump(mode="json") for p in passages],
    }


@click.command()
@click.argument("question", nargs=-1, required=True)
@click.option("--date", "on", type=DATE, help="Datoen hvis regler gælder (fx afgørelsens dato). Standard: i dag.")
@click.option("--k", default=None, type=click.IntRange(1, 50), help="Antal passager.")
@click.option("--json", "as_json", is_flag=True, help="Skriv resultatet som JSON.")
@click.option("--audience", type=click.Choice(["caseworker", "citizen"]), default="caseworker", show_default=True)
@click.option("--mode", type=click.Choice(["hybrid", "bm25", "dense"]), default="hybrid", show_default=True)
@click.option("--passages-only", is_flag=True, help="Vis kun de fundne kilder, intet svar.")
@click.option("--trace", "show_trace", is_flag=True, help="Vis regelsporet (sagsbehandlere).")
@handled
def ask(
    question: tuple[str, ...],
    on: dt.date | None,
    k: int | None,
    as_json: bool,
    audience: str,
    mode: str,
    passages_only: bool,
    show_trace: bool,
) -> None:
    """Besvar et spørgsmål med kilder (eller vis kun kilderne)."""
    from assistant.language.input import clean_question, language_of
    from assistant.language.redact import redact

    settings = get_settings()
    text = redact(clean_question(" ".join(question), settings.max_question_chars))
    engine = make_engine()
    ensure_index(engine, quiet=as_json)
    if audience == "citizen":
        engine = engine.public_view()  # internal documents are never shown to citizens
    day = on or settings.current_date()
    if passages_only:
        if language_of(text) in ("en", "other"):
            raise NotDanish(NOT_DANISH)
        passages = engine.search(text, on=day, k=k, mode=mode)  # type: ignore[arg-type]
        if as_json:
            click.echo(json.dumps(_passages_json(text, day, passages), ensure_ascii=False, indent=2))
        else:
            _print_passages(text, day, passages)
        return
    from assistant.answering.pipeline import Assistant
    from assistant.answering.serialize import answer_json

    answer, _ = Assistant(engine).ask(text, audience=audience, on=on)
    if as_json:
        if k or mode != "hybrid":
            out = _passages_json(text, answer.date, engine.search(text, on=day, k=k, mode=mode))  # type: ignore[arg-type]
        else:
            keys = ("ref", "title", "text", "score", "source", "url")
            out = {
                "question": text,
                "date": answer.date.isoformat(),
                "passages": [{key: p.get(key) for key in keys} for p in answer.passages],
            }
        out.update({key: v for key, v in answer_json(answer).items() if key not in ("question", "date")})
        click.echo(json.dumps(out, ensure_ascii=False, indent=2, default=str))
        return
    _print_answer(answer, show_trace)
    if answer.abstain_reason == "language":
        sys.exit(ExitCode.LANGUAGE)


def _print_answer(answer: Answer, show_trace: bool = False) -> None:
    click.echo(answer.answer)
    if answer.citations:
        click.echo("\nKilder:")
        for c in answer.citations:
            click.echo(f"  [{c.ref}] {c.title}" + (f" — {c.url}" if c.url else ""))
    if answer.law_version:
        click.echo(f"\nRetsgrundlag: {answer.law_version} (dato {answer.date.isoformat()}).")
    if show_trace and answer.trace:
        click.echo("\nRegelspor:")
        for r in answer.trace:
            click.echo(f"  {r['rule']}: {r['outcome']} ({', '.join(r['refs'])})")
            for step in r.get("trace", []):
                click.echo(f"    - {json.dumps(step, ensure_ascii=False, default=str)}")


def _print_passages(text: str, on: dt.date, passages: list[Passage]) -> None:
    click.echo(f"Spørgsmål: {text}\nRetsgrundlag pr. {on.isoformat()}\n")
    if not passages:
        click.echo("Ingen kilder fundet.")
    for i, p in enumerate(passages, 1):
        status = "" if p.in_force else "  [ikke gældende på datoen]"
        click.echo(click.style(f"{i}. {p.ref}", bold=True) + f" — {p.title}  (score {p.score:.4f}){status}")
        body = p.text if len(p.text) <= 600 else p.text[:600].rsplit(" ", 1)[0] + " …"
        click.echo("   " + body.replace("\n", "\n   "))
        if p.url:
            click.echo(f"   {p.url}")
        click.echo()


@click.command()
@click.option("--date", "on", type=DATE, help="Datoen hvis regler gælder. Standard: i dag.")
@click.option("--audience", type=click.Choice(["caseworker", "citizen"]), default="caseworker", show_default=True)
@handled
def chat(on: dt.date | None, audience: str) -> None:
    """Interaktiv samtale i terminalen (afslut med Ctrl-D eller 'exit')."""
    from assistant.answering.dialogue import ConversationState
    from assistant.answering.pipeline import Assistant
    from assistant.language.redact import redact

    engine = make_engine()
    ensure_index(engine)
    assistant = Assistant(engine)
    state = ConversationState(audience=audience, date=on)
    interactive = sys.stdin.isatty()
    if interactive:
        click.echo(
            "Stil et spørgsmål om ressourceforløb. Skriv 'fakta' for de fakta, jeg har, og afslut med Ctrl-D eller 'exit'."
        )
    while True:
        try:
            line = input("> " if interactive else "")
        except EOFError:
            break
        cmd = line.strip().lower()
        if cmd in ("exit", "quit", "farvel"):
            break
        if not cmd:
            continue
        if cmd == "fakta":
            known = state.facts.as_json()
            click.echo(json.dumps(known, ensure_ascii=False) if known else "Ingen fakta endnu.")
            continue
        try:
            answer, state = assistant.ask(redact(line), state=state)
        except InputError as exc:
            click.echo(f"Fejl: {exc}")
            continue
        _print_answer(answer)
        click.echo()
