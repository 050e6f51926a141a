"""What every command shares: Danish messages and exit codes instead of tracebacks, dates, progress."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from assistant.errors import AssistantError, CorpusError, ExitCode
from assistant.settings import get_settings

if TYPE_CHECKING:
    from assistant.retrieval.engine import SearchEngine

F = TypeVar("F", bound=Callable[..., Any])


class DateParam(click.ParamType):
    name = "ÅÅÅÅ-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            example = get_settings().current_date().isoformat()
            self.fail(f"ugyldig dato '{value}' (brug formatet ÅÅÅÅ-MM-DD, fx {example})", param, ctx)


DATE = DateParam()


def fail(message: str, code: int) -> NoReturn:
    click.echo(f"Fejl: {message}", err=True)
    sys.exit(code)


def handled(fn: F) -> F:
    """Turn every known failure into a clear message and the exit code of its type."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except CorpusError as exc:
            fail(f"korpusset kan ikke indlæses: {exc}", exc.exit_code)
        except AssistantError as exc:
            fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:
            fail("afbrudt.", ExitCode.INTERRUPTED)
        except BrokenPipeError:  # output piped into `head` and closed: not an error
            sys.stderr.close()
            import os

            os._exit(0)
        except click.exceptions.Exit:
            raise
        except click.exceptions.Abort:
            fail("afbrudt; intet er ændret.", ExitCode.INPUT)
        except Exception as exc:  # the last line of defence: never a traceback for the user
            if get_settings().debug:
                raise
            fail(f"uventet fejl ({type(exc).__name__}). Kør med ASSISTANT_DEBUG=1 for detaljer.", ExitCode.ERROR)

    return wrapper  # type: ignore[return-value]


class Progress:
    """A progress bar on stderr for long index builds; quiet for tiny ones."""

    def __init__(self, label: str):
        self.label = label
        self._bar: Any = None
        self._last = 0

    def __call__(self, done: int, total: int) -> None:
        if total <= 0:
            return
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(
                total=total,
                desc=self.label,
                unit="bid",
                file=sys.stderr,
                leave=False,
                disable=None if sys.stderr.isatty() else total < 50,
            )
        self._bar.update(done - self._last)
        self._last = done
        if done >= total:
            self._bar.close()


def make_engine() -> SearchEngine:
    from assistant.retrieval.engine import SearchEngine

    return SearchEngine(get_settings())


def ensure_index(engine: SearchEngine, quiet: bool = False) -> None:
    if engine.is_current():
        return
    if not quiet:
        click.echo("Søgeindekset mangler eller er forældet; det bygges nu (første gang tager det lidt tid).", err=True)
    engine.build(progress=Progress("Indekserer"))
