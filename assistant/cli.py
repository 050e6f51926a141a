"""`assistant` command line: thin commands over the library, Danish messages, no tracebacks.

Exit codes: 0 ok, 1 unexpected error, 2 bad input, 3 unsupported language,
4 index or model unavailable, 5 corpus error.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import os
import sys
from pathlib import Path

import click

from .settings import get_settings

log = logging.getLogger("assistant")

EXIT_ERROR, EXIT_INPUT, EXIT_LANGUAGE, EXIT_UNAVAILABLE, EXIT_CORPUS = 1, 2, 3, 4, 5


class DateParam(click.ParamType):
    name = "ÅÅÅÅ-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"ugyldig dato '{value}' (brug formatet ÅÅÅÅ-MM-DD, fx 2021-06-01)", param, ctx)


DATE = DateParam()


def fail(message: str, code: int) -> None:
    click.echo(f"Fejl: {message}", err=True)
    sys.exit(code)


def handled(fn):
    """Turn every known failure into a clear message and exit code."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from .embeddings import EmbeddingError
        from .evaluation.formats import EvalFileError
        from .index import IndexUnavailable
        from .ingest import IngestError
        from .store import StoreError
        from .text import InputError
        from .units import CorpusError

        try:
            return fn(*args, **kwargs)
        except (InputError, IngestError, EvalFileError) as exc:
            fail(str(exc), EXIT_INPUT)
        except (IndexUnavailable, EmbeddingError, StoreError) as exc:
            fail(str(exc), EXIT_UNAVAILABLE)
        except CorpusError as exc:
            fail(f"korpusset kan ikke indlæses: {exc}", EXIT_CORPUS)
        except KeyboardInterrupt:
            fail("afbrudt.", 130)
        except BrokenPipeError:  # output piped into `head` and closed: not an error
            sys.stderr.close()
            os._exit(0)
        except click.exceptions.Exit:
            raise
        except click.exceptions.Abort:
            fail("afbrudt; intet er ændret.", EXIT_INPUT)
        except Exception as exc:  # the last line of defence: never a traceback for the user
            if os.environ.get("ASSISTANT_DEBUG"):
                raise
            fail(f"uventet fejl ({type(exc).__name__}). Kør med ASSISTANT_DEBUG=1 for detaljer.", EXIT_ERROR)

    return wrapper


class Progress:
    """A progress bar on stderr for long index builds; quiet for tiny ones."""

    def __init__(self, label: str):
        self.label = label
        self._bar = None
        self._last = 0

    def __call__(self, done: int, total: int) -> None:
        if total <= 0:
            return
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc=self.label, unit="bid", file=sys.stderr, leave=False,
                             disable=None if sys.stderr.isatty() else total < 50)
        self._bar.update(done - self._last)
        self._last = done
        if done >= total:
            self._bar.close()


def make_engine():
    from .retrieval import SearchEngine

    return SearchEngine(get_settings())


def ensure_index(engine, quiet: bool = False) -> None:
    if engine.is_current():
        return
    if not quiet:
        click.echo("Søgeindekset mangler eller er forældet; det bygges nu (første gang tager det lidt tid).", err=True)
    engine.build(progress=Progress("Indekserer"))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ressourceforloeb-assistant", message="%(version)s")
def cli():
    """Vejledningsassistent om ressourceforløb (LAB §§ 112-115, principmeddelelser, praksis)."""
    logging.basicConfig(level=os.environ.get("ASSISTANT_LOG_LEVEL", "WARNING"), stream=sys.stderr)


@cli.command()
@click.option("--rebuild", is_flag=True, help="Indlejr alt forfra (i en ny generation; den gamle svarer, til den nye er klar).")
@handled
def index(rebuild: bool):
    """Byg eller opdater søgeindekset (kun ændrede dokumenter indekseres igen)."""
    engine = make_engine()
    # a rebuild re-embeds everything into a new generation; the old one serves until the switch
    report = engine.build(progress=Progress("Indekserer"), rebuild=rebuild)
    click.echo(
        f"Indeks opdateret: {report.units} enheder, {report.chunks} tekststykker; "
        f"{report.embedded_chunks} indlejret på ny, {report.removed_chunks} fjernet "
        f"({report.seconds:.1f} s, model {report.model}, samling {report.collection})."
    )


def _passages_json(question: str, on: dt.date, passages) -> dict:
    return {
        "question": question,
        "date": on.isoformat(),
        "passages": [
            {"ref": p.ref, "title": p.title, "text": p.text, "score": p.score, "source": p.source, "url": p.url}
            for p in passages
        ],
    }


def _check_language(question: str) -> None:
    from .text import language_of

    if language_of(question) in ("en", "other"):
        fail(
            "Jeg kan kun besvare spørgsmål på dansk om ressourceforløb. "
            "(I can only answer questions in Danish about ressourceforløb.)",
            EXIT_LANGUAGE,
        )


@cli.command()
@click.argument("question", nargs=-1, required=True)
@click.option("--date", "on", type=DATE, help="Datoen hvis regler gælder (fx afgørelsens dato). Standard: i dag.")
@click.option("--k", default=None, type=click.IntRange(1, 50), help="Antal passager.")
@click.option("--json", "as_json", is_flag=True, help="Skriv resultatet som JSON.")
@click.option("--audience", type=click.Choice(["caseworker", "citizen"]), default="caseworker", show_default=True)
@click.option("--mode", type=click.Choice(["hybrid", "bm25", "dense"]), default="hybrid", show_default=True)
@click.option("--passages-only", is_flag=True, help="Vis kun de fundne kilder, intet svar.")
@click.option("--trace", "show_trace", is_flag=True, help="Vis regelsporet (sagsbehandlere).")
@handled
def ask(question, on, k, as_json, audience, mode, passages_only, show_trace):
    """Besvar et spørgsmål med kilder (eller vis kun kilderne)."""
    from .text import clean_question, redact

    settings = get_settings()
    text = redact(clean_question(" ".join(question), settings.max_question_chars))
    engine = make_engine()
    ensure_index(engine, quiet=as_json)
    if audience == "citizen":
        engine = engine.public_view()  # internal documents are never shown to citizens
    day = on or settings.current_date()
    if passages_only:
        _check_language(text)
        passages = engine.search(text, on=day, k=k, mode=mode)  # type: ignore[arg-type]
        if as_json:
            click.echo(json.dumps(_passages_json(text, day, passages), ensure_ascii=False, indent=2))
        else:
            _print_passages(text, day, passages)
        return
    from .answering import Assistant

    answer, _ = Assistant(engine).ask(text, audience=audience, on=on)
    passages = engine.search(text, on=day, k=k, mode=mode) if k or mode != "hybrid" else None
    if as_json:
        out = _passages_json(text, answer.date, passages) if passages is not None else {
            "question": text, "date": answer.date.isoformat(), "passages": [
                {key: p.get(key) for key in ("ref", "title", "text", "score", "source", "url")} for p in answer.passages]}
        out.update(
            answer=answer.answer,
            citations=[c.model_dump(exclude={"unit_id"}) for c in answer.citations],
            grounded=answer.grounded, abstained=answer.abstained, outcome=answer.outcome, trace=answer.trace,
            missing_facts=answer.missing_facts, law_version=answer.law_version, audience=answer.audience,
            sentences=[{"text": s.text, "support": [x.model_dump(exclude_none=True) for x in s.support]} for s in answer.sentences],
        )
        click.echo(json.dumps(out, ensure_ascii=False, indent=2, default=str))
        return
    _print_answer(answer, show_trace)
    if answer.abstained and answer.topics == [] and "dansk" in answer.answer and "I can only" in answer.answer:
        sys.exit(EXIT_LANGUAGE)


def _print_answer(answer, show_trace: bool = False) -> None:
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


def _print_passages(text: str, on: dt.date, passages) -> None:
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


@cli.command()
@click.option("--date", "on", type=DATE, help="Datoen hvis regler gælder. Standard: i dag.")
@click.option("--audience", type=click.Choice(["caseworker", "citizen"]), default="caseworker", show_default=True)
@handled
def chat(on, audience):
    """Interaktiv samtale i terminalen (afslut med Ctrl-D eller 'exit')."""
    from .answering import Assistant
    from .dialogue import ConversationState
    from .text import InputError, redact

    engine = make_engine()
    ensure_index(engine)
    assistant = Assistant(engine)
    state = ConversationState(audience=audience, date=on)
    interactive = sys.stdin.isatty()
    if interactive:
        click.echo("Stil et spørgsmål om ressourceforløb. Skriv 'fakta' for de fakta, jeg har, og afslut med Ctrl-D eller 'exit'.")
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
            click.echo(json.dumps(state.facts, ensure_ascii=False, default=str) if state.facts else "Ingen fakta endnu.")
            continue
        try:
            answer, state = assistant.ask(redact(line), state=state)
        except InputError as exc:
            click.echo(f"Fejl: {exc}")
            continue
        _print_answer(answer)
        click.echo()


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--issuer", help="Udsteder til referencen, fx 'Jobcenter Aarhus' (ref: '<udsteder> <dato>, afsnit ...').")
@click.option("--date", "doc_date", type=DATE, help="Dokumentets dato. Standard: filens ændringsdato.")
@click.option("--law", help="Lovforkortelse for §-opdelte love, fx LAB (gættes ud fra titlen).")
@click.option("--valid-from", type=DATE, help="Første dag teksten gælder.")
@click.option("--valid-to", type=DATE, help="Sidste dag teksten gælder.")
@click.option("--url", help="Kildens adresse.")
@click.option("--internal", is_flag=True, help="Kun for sagsbehandlere (vises aldrig for borgere).")
@click.option("--no-index", is_flag=True, help="Gem kun enhederne; opdater ikke indekset.")
@handled
def ingest(paths, issuer, doc_date, law, valid_from, valid_to, url, internal, no_index):
    """Tilføj dokumenter (Markdown, tekst eller HTML) til korpusset og indekset."""
    from .ingest import IngestError, document_units, slugify
    from .units import write_unit

    settings = get_settings()
    if valid_from and valid_to and valid_to < valid_from:
        fail("--valid-to ligger før --valid-from.", EXIT_INPUT)
    total, failed = 0, 0
    for path in paths:
        try:
            units = document_units(path, issuer=issuer, date=doc_date, law=law, valid_from=valid_from,
                                   valid_to=valid_to, url=url, internal=internal)
        except IngestError as exc:
            click.echo(f"Fejl: {exc}", err=True)
            failed += 1
            continue
        target = settings.documents_dir / slugify(f"{issuer or 'dokument'}-{path.stem}")
        # staged outside documents/: a kill mid-way never leaves two copies of the units in the corpus
        tmp = settings.data_dir / "ingest-staging" / target.name
        tmp.mkdir(parents=True, exist_ok=True)
        for old in tmp.glob("*.md"):
            old.unlink()
        for unit in units:
            write_unit(unit, tmp)
        import shutil

        trash = tmp.with_name(tmp.name + ".old")
        shutil.rmtree(trash, ignore_errors=True)
        if target.exists():
            target.rename(trash)  # two renames: the document is swapped whole, never merged
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.rename(target)
        shutil.rmtree(trash, ignore_errors=True)
        total += len(units)
        refs = sorted({u.ref for u in units})
        click.echo(f"{path}: {len(units)} enheder ({', '.join(refs[:5])}{' …' if len(refs) > 5 else ''})")
    if total and not no_index:
        engine = make_engine()
        report = engine.build(progress=Progress("Indekserer"))
        click.echo(f"Indeks opdateret: {report.embedded_chunks} tekststykker indlejret.")
    if failed:
        sys.exit(EXIT_INPUT)


@cli.command(name="eval")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "json_out", type=click.Path(path_type=Path), help="Skriv resultatet som JSON til filen ('-' for stdout).")
@click.option("--k", default=5, show_default=True, type=click.IntRange(1, 50))
@click.option("--mode", type=click.Choice(["hybrid", "bm25", "dense"]), default="hybrid", show_default=True)
@click.option("--narrative-only", is_flag=True, help="Sagsfiler: ignorer 'facts:' og udled fakta af sagsfremstillingen.")
@click.option("--retrieval-only", is_flag=True, help="Spørgsmål/dialoger: mål kun genfinding (recall@k, MRR), ingen svar.")
@handled
def eval_(files, json_out, k, mode, narrative_only, retrieval_only):
    """Kør evalueringsfiler (spørgsmål, dialoger, sager) og vis resultaterne."""
    from .evaluation.formats import EvalFileError, load_eval_file
    from .evaluation.questions import score_retrieval

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
            from .evaluation.cases import score_cases

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
            from .answering import Assistant
            from .evaluation.answers import score_answers

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
        sys.exit(EXIT_INPUT)


def _print_answers(r: dict) -> None:
    ret = r.get("retrieval", {})
    click.echo(
        f"{r['file']}: {r['total']} svar: bestået {r['passed']}/{r['total']} (pass_rate {r['pass_rate']:.3f}), "
        f"grounded_rate {r['grounded_rate']:.3f}; genfinding recall@5 {ret.get('recall_at_5', 0):.3f}, MRR {ret.get('mrr', 0):.3f}"
    )
    for i in r["items"]:
        if not i["passed"]:
            click.echo(f"  - {i['id']}: {'; '.join(i['reasons'])}")


def _print_cases(r: dict) -> None:
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


def _print_report(r: dict) -> None:
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


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 16))
@click.option("--log-level", default="warning", show_default=True,
              type=click.Choice(["debug", "info", "warning", "error"]), help="Personnumre o.l. fjernes altid fra loggen.")
@handled
def serve(host: str, port: int, workers: int, log_level: str):
    """Start tjenesten (API og chatside)."""
    import uvicorn

    from .service.access import ConfigError, check_bind

    try:
        check_bind(get_settings(), host)
    except ConfigError as exc:
        fail(str(exc), EXIT_INPUT)
    engine = make_engine()
    ensure_index(engine)  # build once here, not in every worker
    click.echo(f"Vejledning om ressourceforløb kører på http://{host}:{port}/  (API-dokumentation: /docs)")
    from .logs import log_config

    uvicorn.run("assistant.service.app:create_app", factory=True, host=host, port=port, workers=workers,
                log_level=log_level, log_config=log_config(log_level),
                timeout_keep_alive=30)  # longer than a slow answer under load: no reset of a reused connection


def _store():
    from .store import Store

    store = Store(get_settings().database_url)
    store.migrate()
    return store


@cli.command()
@click.option("--days", type=click.IntRange(1, 36500), help="Slet samtaler, der ikke er rørt i så mange dage. "
              "Standard: ASSISTANT_RETENTION_DAYS (180).")
@handled
def purge(days):
    """Slet samtaler ældre end opbevaringsperioden (kør fx dagligt fra cron)."""
    days = days or get_settings().retention_days
    store = _store()
    n = store.purge(days)
    store.audit("cli", "admin", "purge", status=0)
    click.echo(f"{n} samtaler ældre end {days} dage er slettet.")


@cli.command()
@click.argument("user")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Skriv til filen i stedet for skærmen.")
@handled
def export(user, output):
    """Udlevér alle en brugers samtaler som JSON (indsigtsret)."""
    store = _store()
    data = {"user": user, "exported_at": dt.datetime.now(dt.timezone.utc).isoformat(), "conversations": store.export(user)}
    store.audit("cli", "admin", "export", subject=user, status=0)
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if output:
        output.write_text(text + "\n", encoding="utf-8")
        click.echo(f"{len(data['conversations'])} samtaler skrevet til {output}.")
    else:
        click.echo(text)


@cli.command()
@click.argument("user")
@click.option("--yes", is_flag=True, help="Spørg ikke om bekræftelse.")
@handled
def forget(user, yes):
    """Slet alle en brugers samtaler (retten til sletning)."""
    store = _store()
    count = len(store.conversation_ids(user))
    if not count:
        click.echo("Brugeren har ingen gemte samtaler.")
        return
    if not yes:
        click.confirm(f"Slet {count} samtaler for {user}?", abort=True)
    n = store.delete_owner(user)
    store.audit("cli", "admin", "delete", subject=user, status=0)
    click.echo(f"{n} samtaler er slettet.")


def main() -> None:  # console-script entry point
    cli(prog_name="assistant")


if __name__ == "__main__":
    main()
