"""Exit codes and HTTP statuses follow the type of a failure, never its message."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from assistant.cli.common import handled
from assistant.errors import (
    ConfigError,
    CorpusError,
    EmbeddingError,
    EvalFileError,
    ExitCode,
    IndexUnavailable,
    IngestError,
    InputError,
    InputTooLong,
    NotDanish,
    StoreError,
)
from assistant.service.deps import DATABASE_DOWN, UNAVAILABLE, error_detail

CASES = [
    (InputError("x"), ExitCode.INPUT, 422),
    (InputTooLong("x"), ExitCode.INPUT, 413),
    (NotDanish("x"), ExitCode.LANGUAGE, 422),
    (IngestError("x"), ExitCode.INPUT, 422),
    (EvalFileError("x"), ExitCode.INPUT, 422),
    (ConfigError("x"), ExitCode.INPUT, 500),
    (IndexUnavailable("x"), ExitCode.UNAVAILABLE, 503),
    (EmbeddingError("x"), ExitCode.UNAVAILABLE, 503),
    (StoreError("x"), ExitCode.UNAVAILABLE, 503),
    (CorpusError("x"), ExitCode.CORPUS, 500),
]


@pytest.mark.parametrize("exc, code, status", CASES, ids=[type(c[0]).__name__ for c in CASES])
def test_each_kind_of_failure_has_its_exit_code_and_status(exc, code, status):
    @click.command()
    @handled
    def cmd() -> None:
        raise exc

    result = CliRunner().invoke(cmd, [])
    assert result.exit_code == code and "Traceback" not in result.output
    assert error_detail(exc)[0] == status == exc.http_status


def test_the_message_does_not_decide_the_code():
    """'for langt' in an ordinary input error is still 422; a long question is 413 by its type."""
    assert error_detail(InputError("Spørgsmålet er for langt"))[0] == 422
    assert error_detail(InputTooLong("anything"))[0] == 413
    assert error_detail(IndexUnavailable("Chroma svarer ikke (engelsk tekst)"))[1] == UNAVAILABLE
    assert error_detail(StoreError("sqlite3.OperationalError"))[1] == DATABASE_DOWN
