"""What the app needs, built once at start: index, assistant, store, login and rate limit.

A new index generation built by another process (`assistant index`, `assistant ingest`) is
taken up without a restart; a failed start (e.g. the Chroma server is down) is retried.
"""

from __future__ import annotations

import logging
import threading
import time

from assistant.service.access import auth_config
from assistant.settings import Settings

log = logging.getLogger("assistant.service")


class Services:
    """What the app needs, built once at start (or injected by tests)."""

    INDEX_RETRY_SECONDS = 5.0

    def __init__(self, settings: Settings):
        from assistant.answering.pipeline import Assistant
        from assistant.retrieval.engine import SearchEngine
        from assistant.service.auth import Authenticator
        from assistant.service.ratelimit import make_limiter
        from assistant.service.store import Store

        self.settings = settings
        config = auth_config(settings)
        self.auth = Authenticator(config) if config else None
        self.limiter = make_limiter(settings.rate_limit_per_minute, 60, settings.redis_url)
        self.engine = SearchEngine(settings)
        self.index_error: str | None = None
        self._index_checked = 0.0
        self._index_lock = threading.Lock()
        self._ensure_index()
        self.assistant = Assistant(self.engine)
        from assistant.retrieval.chunking import corpus_fingerprint

        self._fingerprint = corpus_fingerprint(self.engine.units)
        self._corpus_checked = time.monotonic()
        self.store = Store(settings.database_url)
        self.store.migrate()

    CORPUS_CHECK_SECONDS = 3.0

    def current(self) -> None:
        """Take up a new index generation built by `assistant index`/`ingest` in another process,
        with the units it was built from, without a restart (checked every few seconds)."""
        from assistant.answering.pipeline import Assistant
        from assistant.retrieval.chunking import corpus_fingerprint
        from assistant.retrieval.engine import SearchEngine
        from assistant.retrieval.generations import read_active

        now = time.monotonic()
        if now - self._corpus_checked < self.CORPUS_CHECK_SECONDS:
            return
        self._corpus_checked = now
        try:
            gen = read_active(self.settings, self.engine.model)
        except Exception:
            return
        if gen is None or not gen.fingerprint or gen.fingerprint == self._fingerprint:
            return
        with self._index_lock:
            engine = SearchEngine(self.settings, embeddings=self.engine.embeddings)
            if corpus_fingerprint(engine.units) == gen.fingerprint:  # else the build is still under way
                self.engine, self.assistant, self._fingerprint = engine, Assistant(engine), gen.fingerprint
                log.info("nyt søgeindeks taget i brug: %s", gen.collection)

    def _ensure_index(self) -> None:
        self._index_checked = time.monotonic()
        try:
            self.engine.ensure_index()
            self.index_error = None
        except Exception as exc:  # the service starts and reports it in /healthz and 503s
            self.index_error = str(exc)

    def index_ready(self) -> bool:
        """After a failed start (e.g. Chroma server down) try again, at most every few seconds."""
        if self.index_error and time.monotonic() - self._index_checked > self.INDEX_RETRY_SECONDS:
            with self._index_lock:
                if self.index_error and time.monotonic() - self._index_checked > self.INDEX_RETRY_SECONDS:
                    self._ensure_index()
        return self.index_error is None

    def index_health(self) -> dict:
        self.index_ready()
        if self.index_error:
            return {"ok": False, "units": len(self.engine.units), "error": self.index_error}
        health = getattr(self.engine, "health", None)
        out = dict(health()) if health else {"ok": True}
        out["units"] = len(self.engine.units)
        return out
