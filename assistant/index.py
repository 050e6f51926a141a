"""Build and refresh the search index: Chroma for vectors, a BM25 file for words.

The index is kept in generations. A refresh that has anything to change builds a
new generation (a Chroma collection `<collection>-<model>-g<N>` and a BM25 file of
the same name) beside the one that serves, and only when it is complete switches
the pointer `data/index/<collection>-<model>.active.json` to it (write, fsync,
rename). Killing the indexer at any point therefore leaves the previous generation
serving. Building stays incremental: the stored vectors of unchanged chunks are
copied from the serving generation (by content hash), only new or changed chunks are
embedded, and a rerun after a kill resumes the partial generation it finds in the
build journal `data/index/<collection>-<model>.build.json`.

The pointer lives in the data directory, beside the BM25 files that the service
needs anyway: with a Chroma server, the indexer and the service must share the
data directory (as they already must for the BM25 file). A running engine reads
the pointer every few seconds and takes up a new generation without a restart.
After a switch the builder deletes the generations named in its journal, so two
deployments on one Chroma server need different ASSISTANT_COLLECTION prefixes.
With embedded Chroma this is also what makes a second process safe: a reader
only ever opens a generation that is complete and no longer written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import re
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

import numpy as np

from .lexical import BM25Index
from .settings import Settings
from .units import Unit

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int], None]

CHUNK_CHARS = 900
COPY_BATCH = 500


class IndexUnavailable(RuntimeError):
    """The vector store cannot be reached (e.g. a Chroma server is down)."""


def chunk_text(unit: Unit, max_chars: int = CHUNK_CHARS) -> list[str]:
    """Pieces of a unit for embedding, split at sentence ends; each starts with the title
    so a piece out of context still says what it is about."""
    head = f"{unit.ref}. {unit.title}."
    sentences = re.split(r"(?<=[.!?:])\s+", unit.text)
    chunks: list[str] = []
    cur = ""
    for s in sentences:
        if cur and len(cur) + len(s) + 1 > max_chars:
            chunks.append(cur)
            cur = s
        else:
            cur = f"{cur} {s}".strip()
    if cur:
        chunks.append(cur)
    return [f"{head} {c}" for c in chunks] or [head]


def lexical_text(unit: Unit) -> str:
    """The title counts twice: titles are written to say what a passage is about."""
    return f"{unit.ref} {unit.title} {unit.title} {unit.text}"


def corpus_fingerprint(units: Sequence[Unit]) -> str:
    h = hashlib.sha256()
    for u in sorted(units, key=lambda u: u.id):
        h.update(f"{u.id}:{u.content_hash};".encode())
    return h.hexdigest()[:20]


def collection_name(settings: Settings, model: str) -> str:
    """The base name of the index for this model; generations are `<base>-g<N>`."""
    slug = re.sub(r"[^a-zA-Z0-9._-]+", "-", f"{settings.collection}-{model}").strip("-._")
    return slug[:120]


def chroma_location(settings: Settings) -> tuple[str, str]:
    """(backend, where) for messages and /healthz."""
    if settings.chroma_host:
        return "chroma-server", f"{settings.chroma_host}:{settings.chroma_port}"
    return "chroma-embedded", str(settings.chroma_path)


def unavailable_message(settings: Settings) -> str:
    """What is down, in Danish, without the library's English exception text."""
    backend, where = chroma_location(settings)
    if backend == "chroma-server":
        return f"Chroma-serveren på {where} svarer ikke."
    return f"Vektorindekset (Chroma i {where}) kan ikke åbnes."


def open_client(settings: Settings):
    """Embedded Chroma on disk by default; a Chroma server when CHROMA_HOST is set."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    try:
        if settings.chroma_host:
            client = chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
            _limit_wait(client)
            return client
        settings.chroma_path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)
    except Exception as exc:  # connection refused, bad path...
        log.warning("chroma unavailable: %s", exc)
        raise IndexUnavailable(unavailable_message(settings)) from None


HTTP_TIMEOUT = (3.0, 20.0)  # seconds to connect, to wait for an answer


def _limit_wait(client) -> None:
    """Chroma's HTTP client waits for ever; a hung server must fail a request, not hang it."""
    try:
        import httpx

        client._server._session.timeout = httpx.Timeout(HTTP_TIMEOUT[1], connect=HTTP_TIMEOUT[0])
    except Exception as exc:  # another chromadb version: keep its default
        log.debug("cannot set the Chroma HTTP timeout: %s", exc)


@dataclass
class IndexReport:
    units: int = 0
    chunks: int = 0
    embedded_units: int = 0
    embedded_chunks: int = 0
    removed_chunks: int = 0
    seconds: float = 0.0
    model: str = ""
    collection: str = ""
    details: dict = field(default_factory=dict)

    @property
    def chunks_per_second(self) -> float:
        return self.embedded_chunks / self.seconds if self.seconds > 0 else 0.0


def lexical_path(settings: Settings, name: str) -> Path:
    return settings.data_dir / "lexical" / f"{name}.pkl"


def get_collection(client, name: str, model: str, create: bool = True):
    try:
        if create:
            return client.get_or_create_collection(
                name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}},
                metadata={"model": model},
            )
        return client.get_collection(name, embedding_function=None)
    except Exception as exc:
        if not create:
            return None
        raise IndexUnavailable(f"Samlingen {name} kan ikke åbnes: {exc}") from None


def open_collection(client, name: str, settings: Settings | None = None):
    """The collection, None when it does not exist, IndexUnavailable when Chroma cannot answer."""
    from chromadb.errors import NotFoundError

    try:
        return client.get_collection(name, embedding_function=None)
    except (NotFoundError, ValueError):
        return None
    except Exception as exc:
        log.warning("chroma get_collection(%s) failed: %s", name, exc)
        msg = unavailable_message(settings) if settings else f"Samlingen {name} kan ikke åbnes."
        raise IndexUnavailable(msg) from None


# -- generations ----------------------------------------------------------------------

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


def _write_json_atomic(path: Path, data: dict) -> None:
    """Readers see the old file or the new one, never a half-written one, even after a crash."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _read_journal(settings: Settings, base: str) -> dict:
    try:
        raw = json.loads(journal_path(settings, base).read_text(encoding="utf-8"))
        return raw if isinstance(raw, dict) else {}
    except (OSError, ValueError):
        return {}


@contextlib.contextmanager
def _build_lock(settings: Settings, base: str):
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


def _fault_point(stage: str, **info) -> None:
    """Test hook for the fault tests: ASSISTANT_FAULT_TRACE=1 announces each stage on stderr;
    ASSISTANT_FAULT_PAUSE_AT=<stage> announces it and waits there to be killed."""
    pause = os.environ.get("ASSISTANT_FAULT_PAUSE_AT") == stage
    if pause or os.environ.get("ASSISTANT_FAULT_TRACE"):
        detail = " ".join(f"{k}={v}" for k, v in info.items())
        sys.stderr.write(f"\nASSISTANT-FAULT {stage} {detail}\n")
        sys.stderr.flush()
    if pause:
        time.sleep(3600)


def _active_is_complete(settings: Settings, gen: Generation | None, fp: str, chunks: int, coll) -> bool:
    if gen is None or gen.number == 0 or coll is None:
        return False
    if gen.fingerprint != fp or gen.chunks != chunks or gen.lexical_format != BM25Index.FORMAT:
        return False
    if not gen.lexical_path(settings).exists():
        return False
    try:
        return coll.count() == chunks
    except Exception as exc:
        raise IndexUnavailable(f"Vektorindekset kan ikke læses: {exc}") from None


def _stored_hashes(coll) -> dict[str, str | None]:
    try:
        got = coll.get(include=["metadatas"])
    except Exception as exc:
        raise IndexUnavailable(f"Vektorindekset kan ikke læses: {exc}") from None
    return {cid: (meta or {}).get("unit_hash") for cid, meta in zip(got["ids"], got["metadatas"])}


def refresh(
    settings: Settings,
    units: Sequence[Unit],
    embeddings,
    progress: ProgressFn | None = None,
    client=None,
    batch_size: int | None = None,
    rebuild: bool = False,
) -> IndexReport:
    """Bring the index in line with `units`: a new generation when anything changed.

    `batch_size` (default ASSISTANT_INDEX_BATCH or 32) is the chunks per embedding call:
    a kill loses at most one batch. `rebuild` embeds every chunk again (nothing is
    copied) but still switches only when the new generation is complete."""
    from .embeddings import model_name

    batch_size = batch_size or int(os.environ.get("ASSISTANT_INDEX_BATCH") or 32)

    start = time.perf_counter()
    model = model_name(embeddings)
    base = collection_name(settings, model)
    client = client or open_client(settings)
    units = list(units)

    wanted: dict[str, tuple[Unit, int, str]] = {}
    for unit in units:
        for i, text in enumerate(chunk_text(unit)):
            wanted[f"{unit.id}#{i}"] = (unit, i, text)
    fp = corpus_fingerprint(units)

    with _build_lock(settings, base):
        active = read_active(settings, model)
        source = open_collection(client, active.collection, settings) if active else None
        journal = _read_journal(settings, base)
        known = set(journal.get("known", []))

        if not rebuild and _active_is_complete(settings, active, fp, len(wanted), source):
            _cleanup(settings, client, base, active.collection, known)
            return IndexReport(units=len(units), chunks=len(wanted), seconds=time.perf_counter() - start,
                               model=model, collection=active.collection)

        # the generation to build: resume the unfinished one, or start the next number
        number = max(active.number if active else 0, int(journal.get("number", 0)))
        target = journal.get("building")
        if not target or (active and target == active.collection):
            number += 1
            target = f"{base}-g{number}"
        known.add(target)
        if active:
            known.add(active.collection)
        journal = {"building": target, "number": number, "known": sorted(known), "fingerprint": fp,
                   "started": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
        _write_json_atomic(journal_path(settings, base), journal)  # before creating: a kill leaves no orphan

        if rebuild:
            _delete_collection(client, target)
            source = None
        coll = get_collection(client, target, model)
        try:
            have = _stored_hashes(coll)
        except IndexUnavailable:  # a partial generation the kill left unreadable: start it again
            _delete_collection(client, target)
            coll = get_collection(client, target, model)
            have = {}
        _fault_point("created", generation=target, resumed=len(have))

        unwanted = [cid for cid in have if cid not in wanted]
        try:
            for i in range(0, len(unwanted), 5000):
                coll.delete(ids=unwanted[i : i + 5000])
        except Exception as exc:
            raise IndexUnavailable(f"Vektorindekset kan ikke skrives: {exc}") from None
        todo = [cid for cid, (unit, _, _) in wanted.items() if have.get(cid) != unit.content_hash]

        source_hashes = _stored_hashes(source) if source is not None else {}
        removed = sum(1 for cid in source_hashes if cid not in wanted) if source is not None else 0
        reusable = [cid for cid in todo if source_hashes.get(cid) == wanted[cid][0].content_hash]
        copied = _copy_vectors(source, coll, reusable, wanted) if reusable else set()
        to_embed = [cid for cid in todo if cid not in copied]
        _fault_point("copied", copied=len(copied), to_embed=len(to_embed))

        if progress:
            progress(0, len(to_embed))
        for i in range(0, len(to_embed), batch_size):
            batch = to_embed[i : i + batch_size]
            _upsert(coll, batch, _embed_documents(embeddings, [wanted[cid][2] for cid in batch]), wanted)
            if progress:
                progress(i + len(batch), len(to_embed))
            _fault_point("embedding", embedded=i + len(batch), to_embed=len(to_embed))

        try:
            count = coll.count()
        except Exception as exc:
            raise IndexUnavailable(f"Vektorindekset kan ikke læses: {exc}") from None
        if count != len(wanted):
            raise IndexUnavailable(f"Den nye indeksgeneration {target} er ufuldstændig ({count} af {len(wanted)}).")

        bm25 = BM25Index().build([u.id for u in units], [lexical_text(u) for u in units], fingerprint=fp)
        lex = lexical_path(settings, target)
        bm25.save(lex)
        _fsync_file(lex)
        _fault_point("lexical", path=lex.name)

        gen = Generation(collection=target, number=number, fingerprint=fp, chunks=len(wanted), model=model,
                         lexical_format=BM25Index.FORMAT,
                         switched_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
        _write_json_atomic(pointer_path(settings, base), asdict(gen))
        _fault_point("switched", generation=target)
        _cleanup(settings, client, base, target, known)

    return IndexReport(
        units=len(units),
        chunks=len(wanted),
        embedded_units=len({wanted[c][0].id for c in to_embed}),
        embedded_chunks=len(to_embed),
        removed_chunks=removed,
        seconds=time.perf_counter() - start,
        model=model,
        collection=target,
        details={"copied_chunks": len(copied), "resumed_chunks": len(wanted) - len(todo), "generation": number},
    )


def _upsert(coll, ids: list[str], vectors, wanted: dict) -> None:
    try:
        coll.upsert(
            ids=ids,
            embeddings=vectors,
            documents=[wanted[cid][2] for cid in ids],
            metadatas=[_chunk_meta(wanted[cid][0], wanted[cid][1]) for cid in ids],
        )
    except Exception as exc:
        raise IndexUnavailable(f"Vektorindekset kan ikke skrives: {exc}") from None


def _copy_vectors(source, target, ids: list[str], wanted: dict) -> set[str]:
    """Copy stored vectors of unchanged chunks; documents and metadata are written afresh."""
    done: set[str] = set()
    for i in range(0, len(ids), COPY_BATCH):
        try:
            got = source.get(ids=ids[i : i + COPY_BATCH], include=["embeddings"])
        except Exception as exc:
            raise IndexUnavailable(f"Vektorindekset kan ikke læses: {exc}") from None
        if len(got["ids"]):
            _upsert(target, list(got["ids"]), np.asarray(got["embeddings"], dtype=np.float32), wanted)
            done.update(got["ids"])
    return done


def _delete_collection(client, name: str) -> bool:
    from chromadb.errors import NotFoundError

    try:
        client.delete_collection(name)
    except (NotFoundError, ValueError):
        pass
    except Exception as exc:  # Chroma unreachable: keep it in the journal, try next time
        log.warning("could not delete collection %s: %s", name, exc)
        return False
    return True


def _cleanup(settings: Settings, client, base: str, active: str, known: set[str]) -> None:
    """Delete the generations this data directory made that no longer serve, then the journal.

    Only generations named in the journal (and the pre-generation index) are touched,
    so another data directory's index on a shared Chroma server is left alone."""
    left = []
    for name in sorted(known - {active}):
        if not _delete_collection(client, name):
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
        journal = _read_journal(settings, base)
        _write_json_atomic(path, {**journal, "building": None, "known": left + [active]})
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())
    _fsync_dir(path.parent)


def _embed_documents(embeddings, texts: list[str]) -> np.ndarray:
    fn = getattr(embeddings, "embed_documents_array", None)
    if fn is not None:
        return fn(texts)
    return np.asarray(embeddings.embed_documents(texts), dtype=np.float32)


def _date_int(d) -> int:
    return int(d.strftime("%Y%m%d")) if d else 0


def _chunk_meta(unit: Unit, i: int) -> dict:
    return {
        "unit_id": unit.id,
        "unit_hash": unit.content_hash,
        "chunk": i,
        "ref": unit.ref,
        "kind": unit.kind,
        "visibility": unit.visibility,
        "valid_from": _date_int(unit.valid_from),
        "valid_to": _date_int(unit.valid_to) or 99991231,
    }


def index_is_current(settings: Settings, units: Iterable[Unit], model: str, client=None) -> bool:
    """True when the serving generation holds exactly this corpus (pointer, BM25 file, chunk count)."""
    units = list(units)
    gen = read_active(settings, model)
    expected = sum(len(chunk_text(u)) for u in units)
    if gen is None or gen.number == 0 or gen.fingerprint != corpus_fingerprint(units) or gen.chunks != expected:
        return False
    client = client or open_client(settings)
    return _active_is_complete(settings, gen, gen.fingerprint, expected, open_collection(client, gen.collection, settings))


class GuardedCollection:
    """The serving collection as the engine holds it: when a query fails, the engine
    reconnects (and picks up a newer generation) and the query is tried once more,
    so a Chroma restart or a generation switch costs no request; when Chroma stays
    down the caller gets IndexUnavailable with a Danish message."""

    def __init__(self, collection, reopen: Callable[[], object]):
        self.collection = collection
        self._reopen = reopen

    def query(self, **kwargs):
        try:
            return self.collection.query(**kwargs)
        except Exception as exc:
            log.warning("chroma query failed, reconnecting: %s", exc)
        fresh = self._reopen()  # raises IndexUnavailable when Chroma cannot be reached
        try:
            return fresh.query(**kwargs)
        except Exception as exc:
            log.warning("chroma query failed after reconnecting: %s", exc)
            raise IndexUnavailable("Vektorindekset svarer ikke.") from None

    def __getattr__(self, name):
        return getattr(self.collection, name)
