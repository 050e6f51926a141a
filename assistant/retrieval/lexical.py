"""BM25 over folded Danish stems, as a sparse term-by-document matrix.

Scoring a query is a sum of a few precomputed matrix rows, so it stays in the
low milliseconds at 100 000 chunks. Unknown query terms are mapped to the nearest
indexed term (edit distance) to survive typos.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from scipy import sparse

from assistant.language.analysis import Analyzer


@dataclass
class LexicalHit:
    doc_id: str
    score: float


class BM25Index:
    """Okapi BM25 (k1=1.2, b=0.75) with compound parts and typo correction."""

    FORMAT = 3  # bump when the analysis or the indexed text changes

    def __init__(self, k1: float = 1.2, b: float = 0.75):
        self.k1, self.b = k1, b
        self.analyzer = Analyzer()
        self.doc_ids: list[str] = []
        self.vocab: dict[str, int] = {}
        self.df: np.ndarray = np.zeros(0)
        self.matrix: sparse.csr_matrix = sparse.csr_matrix((0, 0))
        self.fingerprint = ""
        self._terms_by_length: dict[int, list[str]] = {}

    # -- building --------------------------------------------------------------
    def build(self, doc_ids: Sequence[str], texts: Sequence[str], fingerprint: str = "") -> BM25Index:
        self.analyzer = Analyzer.from_texts(texts)
        self.doc_ids = list(doc_ids)
        self.fingerprint = fingerprint
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        lengths = np.zeros(len(texts), dtype=np.float64)
        vocab: dict[str, int] = {}
        for j, text in enumerate(texts):
            counts: dict[str, float] = {}
            for term, weight in self.analyzer.terms(text):
                counts[term] = counts.get(term, 0.0) + weight
            lengths[j] = sum(counts.values()) or 1.0
            for term, tf in counts.items():
                i = vocab.setdefault(term, len(vocab))
                rows.append(i)
                cols.append(j)
                vals.append(tf)
        n_docs = max(len(texts), 1)
        tf = sparse.csr_matrix((vals, (rows, cols)), shape=(len(vocab), len(texts)), dtype=np.float64)
        df = np.diff(tf.indptr).astype(np.float64)
        idf = np.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))
        avgdl = lengths.mean() if len(lengths) else 1.0
        # BM25 weight per (term, doc): idf * tf*(k1+1) / (tf + k1*(1-b+b*dl/avgdl))
        tf_coo = tf.tocoo()
        norm = self.k1 * (1 - self.b + self.b * lengths[tf_coo.col] / avgdl)
        weights = idf[tf_coo.row] * tf_coo.data * (self.k1 + 1) / (tf_coo.data + norm)
        self.matrix = sparse.csr_matrix((weights.astype(np.float32), (tf_coo.row, tf_coo.col)), shape=tf.shape)
        self.vocab = vocab
        self.df = df
        self._index_terms()
        return self

    def _index_terms(self) -> None:
        by_len: dict[int, list[str]] = {}
        for term in self.vocab:
            by_len.setdefault(len(term), []).append(term)
        self._terms_by_length = by_len

    # -- querying --------------------------------------------------------------
    def _nearest(self, term: str) -> str | None:
        """The most frequent indexed term within edit distance 1 (2 for long terms)."""
        if len(term) < 5 or term.isdigit():
            return None
        limit = 1 if len(term) < 9 else 2
        pool: list[str] = []
        for n in range(len(term) - limit, len(term) + limit + 1):
            pool.extend(self._terms_by_length.get(n, ()))
        if not pool:
            return None
        matches = process.extract(term, pool, scorer=Levenshtein.distance, score_cutoff=limit, limit=5)
        if not matches:
            return None
        best = min(matches, key=lambda m: (m[1], -self.df[self.vocab[m[0]]]))
        return best[0]

    EXPANSION_WEIGHT = 0.5

    def query_terms(self, query: str, expansion: str = "") -> dict[int, float]:
        """Term ids and weights; `expansion` words (synonyms) count half."""
        weights: dict[int, float] = {}
        pairs = self.analyzer.terms(query)
        pairs += [(t, w * self.EXPANSION_WEIGHT) for t, w in self.analyzer.terms(expansion)] if expansion else []
        for term, weight in pairs:
            idx = self.vocab.get(term)
            if idx is None:
                near = self._nearest(term)
                if near is None:
                    continue
                idx, weight = self.vocab[near], weight * 0.8
            weights[idx] = max(weights.get(idx, 0.0), weight)
        return weights

    def search(self, query: str, k: int = 40, expansion: str = "") -> list[LexicalHit]:
        qt = self.query_terms(query, expansion)
        if not qt or not self.doc_ids:
            return []
        idx = np.fromiter(qt.keys(), dtype=np.int64)
        w = np.fromiter(qt.values(), dtype=np.float32)
        scores = np.asarray(self.matrix[idx].T @ w).ravel()
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [LexicalHit(self.doc_ids[i], float(scores[i])) for i in top if scores[i] > 0]

    # -- persistence -------------------------------------------------------------
    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        state = {
            "format": self.FORMAT,
            "k1": self.k1,
            "b": self.b,
            "doc_ids": self.doc_ids,
            "vocab": self.vocab,
            "df": self.df,
            "matrix": self.matrix,
            "fingerprint": self.fingerprint,
            "lexicon": sorted(self.analyzer.lexicon),
        }
        with open(tmp, "wb") as fh:
            pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> BM25Index | None:
        """The saved index, or None when absent, unreadable or of an older format."""
        try:
            with open(path, "rb") as fh:
                state = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            return None
        if not isinstance(state, dict) or state.get("format") != cls.FORMAT:
            return None
        idx = cls(state["k1"], state["b"])
        idx.doc_ids = state["doc_ids"]
        idx.vocab = state["vocab"]
        idx.df = state["df"]
        idx.matrix = state["matrix"]
        idx.fingerprint = state["fingerprint"]
        idx.analyzer = Analyzer(state["lexicon"])
        idx._index_terms()
        return idx
