"""The `assistant` command: thin commands over the library, Danish messages, no tracebacks.

Exit codes (`assistant.errors.ExitCode`): 0 ok, 1 unexpected error, 2 bad input,
3 unsupported language, 4 index or model unavailable, 5 corpus error.
"""

from __future__ import annotations

import logging
import sys

import click

from assistant.cli.ask import ask, chat
from assistant.cli.common import fail
from assistant.cli.data import export, forget, purge
from assistant.cli.evaluate import eval_
from assistant.cli.index import index, ingest
from assistant.cli.serve import serve
from assistant.errors import ConfigError
from assistant.settings import get_settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ressourceforloeb-assistant", message="%(version)s")
def cli() -> None:
    """Vejledningsassistent om ressourceforløb (LAB §§ 112-115, principmeddelelser, praksis)."""
    try:
        level = get_settings().log_level
    except ConfigError as exc:
        fail(str(exc), exc.exit_code)
    logging.basicConfig(level=level.upper(), stream=sys.stderr)


for command in (index, ask, chat, ingest, eval_, serve, purge, export, forget):
    cli.add_command(command)


def main() -> None:  # console-script entry point
    cli(prog_name="assistant")


if __name__ == "__main__":
    main()
