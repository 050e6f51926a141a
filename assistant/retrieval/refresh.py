"""Build and refresh the search index: Chroma for vectors, a BM25 file for words.

Building is incremental: the stored vectors of unchanged chunks are copied from the
serving generation (by content hash), only new or changed chunks are embedded, and the
result is switched in as a new generation (see `generations`). A running engine reads the
pointer every few seconds and takes up a new generation without a restart.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np

from assistant.corpus.units import Unit
from assistant.errors import IndexUnavailable
from assistant.retrieval.chroma import (
    delete_collection,
    get_collection,
    open_client,
    open_collection,
)
from assistant.retrieval.chunking import (
    chunk_meta,
    chunk_text,
    corpus_fingerprint,
    lexical_text,
)
from assistant.retrieval.generations import (
    Generation,
    build_lock,
    cleanup,
    collection_name,
    fsync_file,
    journal_path,
    lexical_path,
    pointer_path,
    read_active,
    read_journal,
    write_json_atomic,
)
from assistant.retrieval.lexical import BM25Index
from assistant.settings import Settings

ProgressFn = Callable[[int, int], None]


COPY_BATCH = 500


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


def _fault_point(settings: Settings, stage: str, **info: object) -> None:
    """Test hook for the fault tests: ASSISTANT_FAULT_TRACE=1 announces each stage on stderr;
    ASSISTANT_FAULT_PAUSE_AT=<stage> announces it and waits there to be killed."""
    pause = settings.fault_pause_at == stage
    if pause or settings.fault_trace:
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
    from assistant.retrieval.embeddings import model_name

    batch_size = batch_size or settings.index_batch

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

    with build_lock(settings, base):
        active = read_active(settings, model)
        source = open_collection(client, active.collection, settings) if active else None
        journal = read_journal(settings, base)
        known = set(journal.get("known", []))

        if not rebuild and active is not None and _active_is_complete(settings, active, fp, len(wanted), source):
            cleanup(settings, client, base, active.collection, known)
            return IndexReport(
                units=len(units),
                chunks=len(wanted),
                seconds=time.perf_counter() - start,
                model=model,
                collection=active.collection,
            )

        # the generation to build: resume the unfinished one, or start the next number
        number = max(active.number if active else 0, int(journal.get("number", 0)))
        target = journal.get("building")
        if not target or (active and target == active.collection):
            number += 1
            target = f"{base}-g{number}"
        known.add(target)
        if active:
            known.add(active.collection)
        journal = {
            "building": target,
            "number": number,
            "known": sorted(known),
            "fingerprint": fp,
            "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        write_json_atomic(journal_path(settings, base), journal)  # before creating: a kill leaves no orphan

        if rebuild:
            delete_collection(client, target)
            source = None
        coll = get_collection(client, target, model)
        try:
            have = _stored_hashes(coll)
        except IndexUnavailable:  # a partial generation the kill left unreadable: start it again
            delete_collection(client, target)
            coll = get_collection(client, target, model)
            have = {}
        _fault_point(settings, "created", generation=target, resumed=len(have))

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
        _fault_point(settings, "copied", copied=len(copied), to_embed=len(to_embed))

        if progress:
            progress(0, len(to_embed))
        for i in range(0, len(to_embed), batch_size):
            batch = to_embed[i : i + batch_size]
            _upsert(coll, batch, _embed_documents(embeddings, [wanted[cid][2] for cid in batch]), wanted)
            if progress:
                progress(i + len(batch), len(to_embed))
            _fault_point(settings, "embedding", embedded=i + len(batch), to_embed=len(to_embed))

        try:
            count = coll.count()
        except Exception as exc:
            raise IndexUnavailable(f"Vektorindekset kan ikke læses: {exc}") from None
        if count != len(wanted):
            raise IndexUnavailable(f"Den nye indeksgeneration {target} er ufuldstændig ({count} af {len(wanted)}).")

        bm25 = BM25Index().build([u.id for u in units], [lexical_text(u) for u in units], fingerprint=fp)
        lex = lexical_path(settings, target)
        bm25.save(lex)
        fsync_file(lex)
        _fault_point(settings, "lexical", path=lex.name)

        gen = Generation(
            collection=target,
            number=number,
            fingerprint=fp,
            chunks=len(wanted),
            model=model,
            lexical_format=BM25Index.FORMAT,
            switched_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        )
        write_json_atomic(pointer_path(settings, base), asdict(gen))
        _fault_point(settings, "switched", generation=target)
        cleanup(settings, client, base, target, known)

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
            metadatas=[chunk_meta(wanted[cid][0], wanted[cid][1]) for cid in ids],
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


def _embed_documents(embeddings, texts: list[str]) -> np.ndarray:
    fn = getattr(embeddings, "embed_documents_array", None)
    if fn is not None:
        return fn(texts)
    return np.asarray(embeddings.embed_documents(texts), dtype=np.float32)


def index_is_current(settings: Settings, units: Iterable[Unit], model: str, client=None) -> bool:
    """True when the serving generation holds exactly this corpus (pointer, BM25 file, chunk count)."""
    units = list(units)
    gen = read_active(settings, model)
    expected = sum(len(chunk_text(u)) for u in units)
    if gen is None or gen.number == 0 or gen.fingerprint != corpus_fingerprint(units) or gen.chunks != expected:
        return False
    client = client or open_client(settings)
    return _active_is_complete(
        settings, gen, gen.fingerprint, expected, open_collection(client, gen.collection, settings)
    )
