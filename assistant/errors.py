"""Typed failures: each kind carries its exit code (CLI) and HTTP status (API).

The CLI and the service map an error to a code by its type, never by its message, and
show the message (Danish, for the user) as it is.
"""

from __future__ import annotations

from enum import IntEnum
from typing import ClassVar


class ExitCode(IntEnum):
    OK = 0
    ERROR = 1
    INPUT = 2
    LANGUAGE = 3
    UNAVAILABLE = 4
    CORPUS = 5
    INTERRUPTED = 130


class AssistantError(Exception):
    """A failure whose message is meant for the user."""

    exit_code: ClassVar[ExitCode] = ExitCode.ERROR
    http_status: ClassVar[int] = 500


class InputError(AssistantError, ValueError):
    """Input that cannot be used (a question, a file, a date); the message says why."""

    exit_code = ExitCode.INPUT
    http_status = 422


class InputTooLong(InputError):
    """A question or body over its limit."""

    http_status = 413


class NotDanish(InputError):
    """A question in another language than Danish."""

    exit_code = ExitCode.LANGUAGE


class IngestError(InputError):
    """A document that cannot be read or split into units."""


class EvalFileError(InputError):
    """An evaluation file that cannot be read at all (one bad item is an ItemError)."""


class UnavailableError(AssistantError, RuntimeError):
    """A part the answer needs is down or missing; trying again later may work."""

    exit_code = ExitCode.UNAVAILABLE
    http_status = 503


class IndexUnavailable(UnavailableError):
    """The vector store cannot be reached (e.g. a Chroma server is down) or the index is missing."""


class EmbeddingError(UnavailableError):
    """The configured embedding model cannot be loaded; the message says what to set."""


class StoreError(UnavailableError):
    """The database cannot be reached or used."""


class CorpusError(AssistantError, ValueError):
    """A unit file of the corpus that breaks the format."""

    exit_code = ExitCode.CORPUS


class ConfigError(AssistantError):
    """Settings that cannot work together (e.g. half an auth configuration)."""

    exit_code = ExitCode.INPUT
