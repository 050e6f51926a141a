"""`assistant serve`: the API and the chat page under uvicorn."""

from __future__ import annotations

import click

from assistant.cli.common import ensure_index, handled, make_engine
from assistant.settings import get_settings


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 16))
@click.option(
    "--log-level",
    default=None,
    type=click.Choice(["debug", "info", "warning", "error"]),
    help="Standard: ASSISTANT_LOG_LEVEL (warning). Personnumre o.l. fjernes altid fra loggen.",
)
@handled
def serve(host: str, port: int, workers: int, log_level: str | None) -> None:
    """Start tjenesten (API og chatside)."""
    import uvicorn

    from assistant.service.access import check_bind
    from assistant.service.logs import log_config

    settings = get_settings()
    check_bind(settings, host)
    level = (log_level or settings.log_level).lower()
    engine = make_engine()
    ensure_index(engine)  # build once here, not in every worker
    click.echo(f"Vejledning om ressourceforløb kører på http://{host}:{port}/  (API-dokumentation: /docs)")
    uvicorn.run(
        "assistant.service.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=level,
        log_config=log_config(level),
        timeout_keep_alive=30,
    )  # longer than a slow answer under load: no reset of a reused connection
