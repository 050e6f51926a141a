"""Index generations: each build is a complete Chroma collection plus BM25 file, and an atomic pointer says which serves.

A refresh that has anything to change builds a new generation (a Chroma collection
`<collection>-<model>-g<N>` and a BM25 file of the same name) beside the one that serves,
and only when it is complete switches the pointer `data/index/<collection>-<model>.active.json`
to it (write, fsync, rename). Killing the indexer at any point therefore leaves the previous
generation serving; a rerun resumes the partial generation named in the build journal
`data/index/<collection>-<model>.build.json`. After a switch the builder deletes the
generations named in its journal, so two deployments on one Chroma server need different
ASSISTANT_COLLECTION prefixes.

The pointer lives in the data directory beside the BM25 files: with a Chroma server, the
indexer and the service share the data directory. Chroma itself offers no such
generations, which is why this stays hand-written.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from assistant.retrieval.chroma import delete_collection
from assistant.settings import Settings

log = logging.getLogger(__name__)


def collection_name(settings: Settings, model: str) -> str:
    """The base name of the index for this model; generations are `<base>-g<N>`."""
    slug = re.sub(r"[^a-zA-Z0-9._-]+", "-", f"{settings.collection}-{model}").strip("-._")
    return slug[:120]


def lexical_path(settings: Settings, name: str) -> Path:
    return settings.data_dir / "lexical" / f"{name}.pkl"


@dataclass(frozen=True)
class Generation:
    """One complete index: a Chroma collection and a BM25 file, for one corpus."""

    collection: str
    number: int = 0  # 0: an index from before generations (collection = base name)
    fingerprint: str = ""
    chunks: int = 0
    model: str = ""
    lexical_format: int = 0
    switched_at: str = ""

    def lexical_path(self, settings: Settings) -> Path:
        return lexical_path(settings, self.collection)


def index_dir(settings: Settings) -> Path:
    return settings.data_dir / "index"


def pointer_path(settings: Settings, base: str) -> Path:
    return index_dir(settings) / f"{base}.active.json"


def journal_path(settings: Settings, base: str) -> Path:
    return index_dir(settings) / f"{base}.build.json"


def read_active(settings: Settings, model: str) -> Generation | None:
    """The generation that serves; an index from before generations counts as number 0."""
    base = collection_name(settings, model)
    try:
        raw = json.loads(pointer_path(settings, base).read_text(encoding="utf-8"))
        return Generation(**{k: raw[k] for k in Generation.__dataclass_fields__ if k in raw})
    except FileNotFoundError:
        pass
    except (OSError, ValueError, TypeError, KeyError) as exc:
        log.warning("unreadable index pointer: %s", exc)
    if lexical_path(settings, base).exists():
        return Generation(collection=base)
    return None


def write_json_atomic(path: Path, data: dict) -> None:
    """Readers see the old file or the new one, never a half-written one, even after a crash."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


def fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def read_journal(settings: Settings, base: str) -> dict:
    try:
        raw = json.loads(journal_path(settings, base).read_text(encoding="utf-8"))
        return raw if isinstance(raw, dict) else {}
    except (OSError, ValueError):
        return {}


@contextlib.contextmanager
def build_lock(settings: Settings, base: str):
    """One builder at a time per data directory; the kernel drops the lock when a builder dies."""
    path = index_dir(settings) / f"{base}.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as fh:
        try:
            import fcntl

            fcntl.flock(fh, fcntl.LOCK_EX)
        except ImportError:  # not POSIX: no lock
            pass
        yield


def cleanup(settings: Settings, client, base: str, active: str, known: set[str]) -> None:
    """Delete the generations this data directory made that no longer serve, then the journal.

    Only generations named in the journal (and the pre-generation index) are touched,
    so another data directory's index on a shared Chroma server is left alone."""
    left = []
    for name in sorted(known - {active}):
        if not delete_collection(client, name):
            left.append(name)
            continue
        with contextlib.suppress(FileNotFoundError):
            lexical_path(settings, name).unlink()
    for pattern, directory in ((f"{base}*.tmp", settings.data_dir / "lexical"), (f".{base}*.tmp", index_dir(settings))):
        for stray in directory.glob(pattern) if directory.is_dir() else ():
            with contextlib.suppress(FileNotFoundError):
                stray.unlink()
    path = journal_path(settings, base)
    if left:
        journal = read_journal(settings, base)
        write_json_atomic(path, {**journal, "building": None, "known": left + [active]})
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def fsync_file(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())
    fsync_dir(path.parent)
