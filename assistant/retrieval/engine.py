"""Hybrid, date-aware retrieval with exact reference lookup.

Order of a result list:
1. units the question names (`§ 114, stk. 3`, `PM 58-18`, `sag 7`), exact matches first;
2. the rest by reciprocal-rank fusion of BM25 and dense ranks, where a unit whose
   wording was not in force on the question's date counts for less.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from typing import Literal

from assistant.corpus.refs import Ref, find_refs, parse_ref
from assistant.corpus.units import Unit, load_corpus
from assistant.errors import IndexUnavailable
from assistant.language.input import clean_question
from assistant.language.thesaurus import expansions
from assistant.retrieval.chroma import GuardedCollection, open_client
from assistant.retrieval.lexical import BM25Index
from assistant.retrieval.refresh import index_is_current, refresh
from assistant.settings import Settings, get_settings

Mode = Literal["hybrid", "bm25", "dense"]

RRF_K = 60
STATUTE_KINDS = frozenset({"lov"})  # the law's own provisions (not amending acts or cases)
# places in the top k kept for the best provisions (measured on the project's own sets: recall@5
# 0.805 with none, 0.816 with one, 0.837 with two)
STATUTE_SLOTS = 2
STATUTE_WINDOW = 5  # the results an answer is built from (settings.top_k by default)
OUT_OF_FORCE_FACTOR = 0.4


@dataclass
class Passage:
    ref: str
    title: str
    text: str
    score: float
    source: str
    url: str | None
    unit_id: str
    kind: str
    in_force: bool
    valid_from: str | None = None
    valid_to: str | None = None
    matched: list[str] = field(default_factory=list)  # 'ref', 'bm25', 'dense'

    def to_json(self) -> dict:
        return {k: v for k, v in asdict(self).items()}


class SearchEngine:
    """Loads the corpus and both indexes once; `search` is then cheap and thread-safe."""

    def __init__(self, settings: Settings | None = None, embeddings=None, units: list[Unit] | None = None):
        self.settings = settings or get_settings()
        self._embeddings = embeddings
        self.units: list[Unit] = units if units is not None else load_corpus(self.settings.corpus_dirs)
        self.by_id: dict[str, Unit] = {u.id: u for u in self.units}
        self._parsed: dict[str, Ref] = {u.id: parse_ref(u.ref) for u in self.units}
        self.by_ref: dict[str, list[str]] = {}
        self._by_prefix: dict[tuple[str, ...], list[str]] = {}  # every leading part-path of a ref
        for uid, ref in self._parsed.items():
            self.by_ref.setdefault(ref.key, []).append(uid)
            parts = tuple(p.lower() for p in ref.parts)
            for n in range(1, len(parts) + 1):
                self._by_prefix.setdefault(parts[:n], []).append(uid)
        self._client = None
        self._collection: GuardedCollection | None = None
        self._lock = threading.Lock()
        self._query_cache: OrderedDict[str, list[float]] = OrderedDict()
        self.bm25: BM25Index | None = None
        self.public_only = False  # a view that must never return an internal unit
        self._public_view: SearchEngine | None = None

    def public_view(self) -> SearchEngine:
        """The same index without internal units: all a citizen may retrieve, be cited or shown.

        Filtering the unit table (not the results) means every lookup — search, named refs,
        closing acts, the grounding check built on `units` — is blind to internal passages."""
        if self.public_only or all(u.visibility == "public" for u in self.units):
            return self
        if self._public_view is None:
            view = SearchEngine(
                self.settings, embeddings=self.embeddings, units=[u for u in self.units if u.visibility == "public"]
            )
            view.public_only = True
            view._query_cache, view._lock = self._query_cache, self._lock  # one cache for both
            self._public_view = view
        return self._public_view

    def has_internal(self) -> bool:
        return any(u.visibility != "public" for u in self.units)

    # -- index lifecycle -----------------------------------------------------------
    POINTER_CHECK_SECONDS = 2.0  # how often a running engine looks for a newer index generation
    _generation = None  # the index generation loaded (index.Generation)
    _next_check = 0.0

    @property
    def embeddings(self):
        if self._embeddings is None:
            from assistant.retrieval.embeddings import load_embeddings

            self._embeddings = load_embeddings(self.settings.embedding_model)
        return self._embeddings

    @property
    def model(self) -> str:
        from assistant.retrieval.embeddings import model_name

        return model_name(self.embeddings)

    @property
    def client(self):
        if self._client is None:
            self._client = open_client(self.settings)
        return self._client

    def is_current(self) -> bool:
        return index_is_current(self.settings, self.units, self.model, client=self.client)

    def build(self, progress=None, rebuild: bool = False):
        """Build a new index generation if anything changed; searches switch to it at once."""
        report = refresh(
            self.settings, self.units, self.embeddings, progress=progress, client=self.client, rebuild=rebuild
        )
        self._next_check = 0.0
        return report

    def ensure_index(self, progress=None):
        """Build the index on first use; returns the build report or None if it was current."""
        if self.is_current():
            return None
        return self.build(progress=progress)

    def _load(self, force: bool = False) -> None:
        """Load the serving generation; look for a newer one every few seconds.

        A new generation (made by `assistant index` in another process) is taken up
        without a restart; `force` also reconnects to Chroma."""
        import time

        from assistant.retrieval.chroma import open_collection
        from assistant.retrieval.generations import read_active

        now = time.monotonic()
        if not force and self._collection is not None and self.bm25 is not None and now < self._next_check:
            return
        gen = read_active(self.settings, self.model)
        if gen is None:
            raise IndexUnavailable("Søgeindekset mangler. Byg det med 'assistant index'.")
        if force:
            self._client = None
        elif gen == self._generation and self._collection is not None and self.bm25 is not None:
            self._next_check = now + self.POINTER_CHECK_SECONDS
            return
        same = self._generation is not None and gen.collection == self._generation.collection
        bm25 = self.bm25 if same and self.bm25 is not None else BM25Index.load(gen.lexical_path(self.settings))
        if bm25 is None:
            raise IndexUnavailable("Søgeindekset mangler. Byg det med 'assistant index'.")
        try:
            coll = open_collection(self.client, gen.collection, self.settings)
        except IndexUnavailable:
            self._client = None
            raise
        if coll is None:
            raise IndexUnavailable("Vektorindekset mangler. Byg det med 'assistant index'.")
        self.bm25, self._bm25_rows = bm25, {doc_id: i for i, doc_id in enumerate(bm25.doc_ids)}
        self._collection = GuardedCollection(coll, self._reopen)
        self._generation = gen
        self._next_check = now + self.POINTER_CHECK_SECONDS

    def _reopen(self):
        """Reconnect after a failed Chroma call; the fresh collection, or IndexUnavailable."""
        self._load(force=True)
        return self._collection.collection

    def health(self) -> dict:
        """Whether the index can answer, with a cheap Chroma call (heartbeat); Danish error text."""
        from assistant.retrieval.chroma import chroma_location, unavailable_message
        from assistant.retrieval.generations import read_active

        backend, where = chroma_location(self.settings)
        out: dict = {"ok": False, "backend": backend, "where": where, "generation": None}
        gen = read_active(self.settings, self.model)
        out["generation"] = gen.collection if gen else None
        try:
            self.client.heartbeat()
        except Exception:
            self._client, self._next_check = None, 0.0
            out["error"] = unavailable_message(self.settings)
            return out
        if gen is None or not gen.lexical_path(self.settings).exists():
            out["error"] = "Søgeindekset er ikke bygget. Kør 'assistant index'."
            return out
        out["ok"] = True
        return out

    # -- searching --------------------------------------------------------------------
    def named_units(self, refs: list[Ref]) -> list[tuple[str, int]]:
        """Units matching references named in the question: (unit id, closeness).

        0 = the very ref, 1+ = a finer unit inside the named one, 5 = a coarser unit that
        contains it. Looked up by part-path, so it costs the same at 100 000 units."""
        out: dict[str, int] = {}
        for named in refs:
            parts = tuple(p.lower() for p in named.parts)
            for uid in self._by_prefix.get(parts, []):
                closeness = len(self._parsed[uid].parts) - len(parts)
                out[uid] = min(out.get(uid, 9), 0 if closeness == 0 else 1 + closeness)
            for n in range(1, len(parts)):
                for uid in self._by_prefix.get(parts[:n], []):
                    if len(self._parsed[uid].parts) == n:
                        out[uid] = min(out.get(uid, 9), 5)
        return list(out.items())

    def lexical_ranks(self, query: str, n: int) -> dict[str, int]:
        hits = self.bm25.search(query, k=n, expansion=expansions(query)) if self.bm25 else []
        return {h.doc_id: r for r, h in enumerate(hits) if h.doc_id in self.by_id}

    QUERY_CACHE = 2048

    def query_vector(self, text: str) -> list[float]:
        """Query embeddings are cached (LRU): the same question is asked again and again."""
        with self._lock:
            vec = self._query_cache.get(text)
            if vec is not None:
                self._query_cache.move_to_end(text)
                return vec
        vec = self.embeddings.embed_query(text)
        with self._lock:
            self._query_cache[text] = vec
            if len(self._query_cache) > self.QUERY_CACHE:
                self._query_cache.popitem(last=False)
        return vec

    def clear_query_cache(self) -> None:
        with self._lock:
            self._query_cache.clear()

    def dense_ranks(self, query: str, n: int) -> dict[str, int]:
        extra = expansions(query)
        vec = self.query_vector(f"{query} {extra}" if extra else query)
        if self._collection is None:
            raise IndexUnavailable("Vektorindekset er ikke indlæst.")
        try:
            res = self._collection.query(
                query_embeddings=[vec],
                n_results=min(n * 2, 400),
                include=["metadatas", "distances"],
                where={"visibility": "public"} if self.public_only else None,
            )
        except IndexUnavailable:
            raise
        except Exception as exc:
            raise IndexUnavailable(f"Vektorindekset svarer ikke: {exc}") from None
        ranks: dict[str, int] = {}
        for meta in res["metadatas"][0]:
            uid = (meta or {}).get("unit_id")
            if uid in self.by_id and uid not in ranks:
                ranks[uid] = len(ranks)
                if len(ranks) >= n:
                    break
        return ranks

    def search(
        self, question: str, on: dt.date | None = None, k: int | None = None, mode: Mode = "hybrid"
    ) -> list[Passage]:
        """The best `k` passages for `question` as the law stood on `on` (default: today)."""
        q = clean_question(question, self.settings.max_question_chars)
        on = on or self.settings.current_date()
        k = k or self.settings.top_k
        n = max(self.settings.candidates, k)
        self._load()
        ranks: dict[str, dict[str, int]] = {}
        if mode in ("hybrid", "bm25"):
            ranks["bm25"] = self.lexical_ranks(q, n)
        if mode in ("hybrid", "dense"):
            ranks["dense"] = self.dense_ranks(q, n)
        scores: dict[str, float] = {}
        for ranking in ranks.values():
            for uid, r in ranking.items():
                scores[uid] = scores.get(uid, 0.0) + 1.0 / (RRF_K + r + 1)
        for uid in scores:
            if not self.by_id[uid].in_force(on):
                scores[uid] *= OUT_OF_FORCE_FACTOR

        named = self.named_units(find_refs(q))
        named_ids = {uid for uid, _ in named}
        first = sorted(
            named,
            key=lambda x: (not self.by_id[x[0]].in_force(on), x[1], -scores.get(x[0], 0.0), x[0]),
        )
        rest = sorted((uid for uid in scores if uid not in named_ids), key=lambda u: (-scores[u], u))
        order = self._collapse_parts([uid for uid, _ in first] + rest)
        order = self._with_closing_acts(self._statute_first(order, on, k), on, k)
        out: list[Passage] = []
        for uid in order[:k]:
            unit = self.by_id[uid]
            matched = (["ref"] if uid in named_ids else []) + [m for m, r in ranks.items() if uid in r]
            out.append(
                Passage(
                    ref=unit.ref,
                    title=unit.title,
                    text=unit.text,
                    score=round(scores.get(uid, 0.0) + (1.0 if uid in named_ids else 0.0), 5),
                    source=unit.source,
                    url=unit.url,
                    unit_id=uid,
                    kind=unit.kind,
                    in_force=unit.in_force(on),
                    valid_from=unit.valid_from.isoformat() if unit.valid_from else None,
                    valid_to=unit.valid_to.isoformat() if unit.valid_to else None,
                    matched=matched,
                )
            )
        return out

    def _statute_first(self, order: list[str], on: dt.date, k: int) -> list[str]:
        """The best provisions in force get a place in the first `STATUTE_WINDOW` results: long
        case texts that mention every word of a question otherwise push out the short paragraph
        that states the rule. The provisions move up to the end of that window (the rest keeps
        its order), so a longer list starts with the same results as a shorter one."""
        k = min(k, STATUTE_WINDOW)
        slots = min(STATUTE_SLOTS, max(k - 1, 0))
        laws = [u for u in order if self.by_id[u].kind in STATUTE_KINDS and self.by_id[u].in_force(on)][:slots]
        missing = [u for u in laws if u not in order[:k]]
        if not missing:
            return order
        head = order[:k]
        # make room by dropping the lowest-ranked results of the window that are not kept provisions
        for u in [u for u in reversed(head) if u not in laws][: len(missing)]:
            head.remove(u)
        return head + missing + [u for u in order if u not in head and u not in missing]

    def _collapse_parts(self, order: list[str]) -> list[str]:
        """Keep the best part of a document split into parts (same ref, same validity)."""
        seen: set[tuple] = set()
        out = []
        for uid in order:
            u = self.by_id[uid]
            key = (u.ref, u.source, u.valid_from, u.valid_to)
            if key not in seen:
                seen.add(key)
                out.append(uid)
        return out

    def _with_closing_acts(self, order: list[str], on: dt.date, k: int) -> list[str]:
        """When a rule in the results was closed to new cases on `on`, the act that closed
        it is shown too, right after the first such rule: a reader must never take a
        repealed rule for today's law."""
        top = order[:k]
        for i, uid in enumerate(top):
            unit = self.by_id[uid]
            if unit.closed_by and unit.new_cases_until and on > unit.new_cases_until:
                closing = [c for c in self.by_ref.get(parse_ref(unit.closed_by).key, []) if self.by_id[c].in_force(on)]
                if closing and not any(c in top for c in closing):
                    rest = [u for u in order if u not in closing]
                    return rest[: i + 1] + closing[:1] + rest[i + 1 :]
                return order
        return order
