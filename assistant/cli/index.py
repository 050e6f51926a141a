"""`assistant index` and `assistant ingest`: build the search index and add documents to it."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

import click

from assistant.cli.common import DATE, Progress, handled, make_engine
from assistant.errors import ExitCode, IngestError, InputError
from assistant.settings import get_settings


@click.command()
@click.option(
    "--rebuild", is_flag=True, help="Indlejr alt forfra (i en ny generation; den gamle svarer, til den nye er klar)."
)
@handled
def index(rebuild: bool) -> None:
    """Byg eller opdater søgeindekset (kun ændrede dokumenter indekseres igen)."""
    engine = make_engine()
    # a rebuild re-embeds everything into a new generation; the old one serves until the switch
    report = engine.build(progress=Progress("Indekserer"), rebuild=rebuild)
    click.echo(
        f"Indeks opdateret: {report.units} enheder, {report.chunks} tekststykker; "
        f"{report.embedded_chunks} indlejret på ny, {report.removed_chunks} fjernet "
        f"({report.seconds:.1f} s, model {report.model}, samling {report.collection})."
    )


@click.command()
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
def ingest(
    paths: tuple[Path, ...],
    issuer: str | None,
    doc_date: dt.date | None,
    law: str | None,
    valid_from: dt.date | None,
    valid_to: dt.date | None,
    url: str | None,
    internal: bool,
    no_index: bool,
) -> None:
    """Tilføj dokumenter (Markdown, tekst eller HTML) til korpusset og indekset."""
    from assistant.corpus.ingest import document_units, slugify
    from assistant.corpus.units import write_unit

    settings = get_settings()
    if valid_from and valid_to and valid_to < valid_from:
        raise InputError("--valid-to ligger før --valid-from.")
    total, failed = 0, 0
    for path in paths:
        try:
            units = document_units(
                path,
                issuer=issuer,
                date=doc_date,
                law=law,
                valid_from=valid_from,
                valid_to=valid_to,
                url=url,
                internal=internal,
            )
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
        sys.exit(ExitCode.INPUT)
