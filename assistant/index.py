"""Build and refresh the search index: Chroma for vectors, a BM25 file for words.

Refreshing is incremental by content hash: only units whose text or metadata
changed are embedded again, and units that disappeared are deleted.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

import numpy as np

from .lexical import BM25Index
from .settings import Settings
from .units import Unit

ProgressFn = Callable[[int, int], None]

CHUNK_CHARS = 900


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
    slug = re.sub(r"[^a-zA-Z0-9._-]+", "-", f"{settings.collection}-{model}").strip("-._")
    return slug[:120]


def open_client(settings: Settings):
    """Embedded Chroma on disk by default; a Chroma server when CHROMA_HOST is set."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    try:
        if settings.chroma_host:
            return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
        settings.chroma_path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)
    except Exception as exc:  # connection refused, bad path...
        where = f"{settings.chroma_host}:{settings.chroma_port}" if settings.chroma_host else settings.chroma_path
        raise IndexUnavailable(f"Vektorindekset (Chroma, {where}) kan ikke nås: {exc}") from None


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


def refresh(
    settings: Settings,
    units: Sequence[Unit],
    embeddings,
    progress: ProgressFn | None = None,
    client=None,
    batch_size: int = 32,
) -> IndexReport:
    """Bring the vector collection and the BM25 file in line with `units`."""
    from .embeddings import model_name

    start = time.perf_counter()
    model = model_name(embeddings)
    name = collection_name(settings, model)
    client = client or open_client(settings)
    coll = get_collection(client, name, model)

    wanted: dict[str, tuple[Unit, int, str]] = {}
    for unit in units:
        for i, text in enumerate(chunk_text(unit)):
            wanted[f"{unit.id}#{i}"] = (unit, i, text)
    try:
        existing = coll.get(include=["metadatas"])
    except Exception as exc:
        raise IndexUnavailable(f"Vektorindekset kan ikke læses: {exc}") from None
    have = {cid: (meta or {}).get("unit_hash") for cid, meta in zip(existing["ids"], existing["metadatas"])}

    stale = [cid for cid in have if cid not in wanted]
    todo = [cid for cid, (unit, _, _) in wanted.items() if have.get(cid) != unit.content_hash]
    if stale:
        for i in range(0, len(stale), 5000):
            coll.delete(ids=stale[i : i + 5000])

    done = 0
    if progress:
        progress(0, len(todo))
    for i in range(0, len(todo), batch_size):
        batch = todo[i : i + batch_size]
        texts = [wanted[cid][2] for cid in batch]
        vecs = _embed_documents(embeddings, texts)
        coll.upsert(
            ids=batch,
            embeddings=vecs,
            documents=texts,
            metadatas=[_chunk_meta(wanted[cid][0], wanted[cid][1]) for cid in batch],
        )
        done += len(batch)
        if progress:
            progress(done, len(todo))

    fp = corpus_fingerprint(units)
    lex_path = lexical_path(settings, name)
    current = BM25Index.load(lex_path)
    if current is None or current.fingerprint != fp:
        bm25 = BM25Index().build([u.id for u in units], [lexical_text(u) for u in units], fingerprint=fp)
        bm25.save(lex_path)

    return IndexReport(
        units=len(units),
        chunks=len(wanted),
        embedded_units=len({wanted[c][0].id for c in todo}),
        embedded_chunks=len(todo),
        removed_chunks=len(stale),
        seconds=time.perf_counter() - start,
        model=model,
        collection=name,
    )


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
    """True when both stores hold exactly this corpus (cheap: counts and fingerprints)."""
    units = list(units)
    name = collection_name(settings, model)
    lex = BM25Index.load(lexical_path(settings, name))
    if lex is None or lex.fingerprint != corpus_fingerprint(units):
        return False
    client = client or open_client(settings)
    coll = get_collection(client, name, model, create=False)
    if coll is None:
        return False
    expected = sum(len(chunk_text(u)) for u in units)
    try:
        return coll.count() == expected
    except Exception as exc:
        raise IndexUnavailable(f"Vektorindekset kan ikke læses: {exc}") from None
