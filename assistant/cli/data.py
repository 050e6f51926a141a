"""Personal data from the command line: purge old conversations, export or forget a user's."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from assistant.cli.common import handled
from assistant.settings import get_settings

if TYPE_CHECKING:
    from assistant.service.store import Store


def _store() -> Store:
    from assistant.service.store import Store

    store = Store(get_settings().database_url)
    store.migrate()
    return store


@click.command()
@click.option(
    "--days",
    type=click.IntRange(1, 36500),
    help="Slet samtaler, der ikke er rørt i så mange dage. Standard: ASSISTANT_RETENTION_DAYS (180).",
)
@handled
def purge(days: int | None) -> None:
    """Slet samtaler ældre end opbevaringsperioden (kør fx dagligt fra cron)."""
    days = days or get_settings().retention_days
    store = _store()
    n = store.purge(days)
    store.audit("cli", "admin", "purge", status=0)
    click.echo(f"{n} samtaler ældre end {days} dage er slettet.")


@click.command()
@click.argument("user")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Skriv til filen i stedet for skærmen.")
@handled
def export(user: str, output: Path | None) -> None:
    """Udlevér alle en brugers samtaler som JSON (indsigtsret)."""
    store = _store()
    data = {"user": user, "exported_at": dt.datetime.now(dt.UTC).isoformat(), "conversations": store.export(user)}
    store.audit("cli", "admin", "export", subject=user, status=0)
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if output:
        output.write_text(text + "\n", encoding="utf-8")
        click.echo(f"{len(data['conversations'])} samtaler skrevet til {output}.")
    else:
        click.echo(text)


@click.command()
@click.argument("user")
@click.option("--yes", is_flag=True, help="Spørg ikke om bekræftelse.")
@handled
def forget(user: str, yes: bool) -> None:
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
