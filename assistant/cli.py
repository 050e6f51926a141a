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
        from .text import InputError
        from .units import CorpusError

        try:
            return fn(*args, **kwargs)
        except (InputError, IngestError, EvalFileError) as exc:
            fail(str(exc), EXIT_INPUT)
        except (IndexUnavailable, EmbeddingError) as exc:
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
@click.option("--rebuild", is_flag=True, help="Slet og byg hele vektorsamlingen forfra.")
@handled
def index(rebuild: bool):
    """Byg eller opdater søgeindekset (kun ændrede dokumenter indekseres igen)."""
    engine = make_engine()
    if rebuild:
        from .index import collection_name

        try:
            engine.client.delete_collection(collection_name(engine.settings, engine.model))
        except Exception:
            pass
    report = engine.build(progress=Progress("Indekserer"))
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
@click.option("--mode", type=click.Choice(["hybrid", "bm25", "dense"]), default="hybrid", show_default=True)
@handled
def ask(question: tuple[str, ...], on: dt.date | None, k: int | None, as_json: bool, mode: str):
    """Find de bedste kilder til et spørgsmål."""
    from .text import clean_question

    settings = get_settings()
    text = clean_question(" ".join(question), settings.max_question_chars)
    _check_language(text)
    engine = make_engine()
    ensure_index(engine, quiet=as_json)
    on = on or settings.current_date()
    passages = engine.search(text, on=on, k=k, mode=mode)  # type: ignore[arg-type]
    if as_json:
        click.echo(json.dumps(_passages_json(text, on, passages), ensure_ascii=False, indent=2))
        return
    _print_passages(text, on, passages)


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
@handled
def chat(on: dt.date | None):
    """Interaktiv samtale i terminalen (afslut med Ctrl-D eller 'exit')."""
    from .text import InputError, clean_question, language_of

    settings = get_settings()
    engine = make_engine()
    ensure_index(engine)
    interactive = sys.stdin.isatty()
    if interactive:
        click.echo("Stil et spørgsmål om ressourceforløb. Afslut med Ctrl-D eller 'exit'.")
    while True:
        try:
            line = input("> " if interactive else "")
        except EOFError:
            break
        if line.strip().lower() in ("exit", "quit", "farvel"):
            break
        if not line.strip():
            continue
        try:
            text = clean_question(line, settings.max_question_chars)
        except InputError as exc:
            click.echo(f"Fejl: {exc}")
            continue
        if language_of(text) in ("en", "other"):
            click.echo("Jeg kan kun besvare spørgsmål på dansk. (I can only answer questions in Danish.)")
            continue
        day = on or settings.current_date()
        _print_passages(text, day, engine.search(text, on=day))


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
        tmp = target.with_name(target.name + ".tmp")
        tmp.mkdir(parents=True, exist_ok=True)
        for old in tmp.glob("*.md"):
            old.unlink()
        for unit in units:
            write_unit(unit, tmp)
        if target.exists():
            for old in target.glob("*.md"):
                old.unlink()
            target.rmdir()
        tmp.rename(target)
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
@handled
def eval_(files, json_out, k, mode, narrative_only):
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
        report = score_retrieval(engine, ef.items, ef.kind, k=k, mode=mode)
        report["file"] = str(f)
        report["invalid"] = [str(e) for e in ef.errors]
        reports.append(report)
        _print_report(report)
    if json_out:
        payload = reports[0] if len(reports) == 1 else {"kind": "multi", "reports": reports}
        text = json.dumps(payload, ensure_ascii=False, indent=2)
        if str(json_out) == "-":
            click.echo(text)
        else:
            json_out.write_text(text + "\n", encoding="utf-8")
    if bad:
        sys.exit(EXIT_INPUT)


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


def main() -> None:  # console-script entry point
    cli(prog_name="assistant")


if __name__ == "__main__":
    main()
