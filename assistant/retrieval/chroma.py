"""The Chroma client: embedded on disk by default, a `chroma run` server when CHROMA_HOST is set.

Every failure to reach Chroma becomes `IndexUnavailable` with a Danish message; a query
that fails once is retried after a reconnect (`GuardedCollection`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from assistant.errors import IndexUnavailable
from assistant.settings import Settings

log = logging.getLogger(__name__)


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


def get_collection(client, name: str, model: str, create: bool = True):
    try:
        if create:
            return client.get_or_create_collection(
                name,
                embedding_function=None,
                configuration={"hnsw": {"space": "cosine"}},
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


def delete_collection(client, name: str) -> bool:
    from chromadb.errors import NotFoundError

    try:
        client.delete_collection(name)
    except (NotFoundError, ValueError):
        pass
    except Exception as exc:  # Chroma unreachable: keep it in the journal, try next time
        log.warning("could not delete collection %s: %s", name, exc)
        return False
    return True


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
