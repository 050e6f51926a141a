"""FastAPI app: chat (JSON and streamed), conversations, sources, feedback, health, the page.

Endpoints are thin: they validate, call `Assistant.ask` exactly as the CLI does, store the
answered turn, and answer in Danish on errors (4xx for the caller's mistakes, 503 when the
index or database is unavailable), never with a stack trace.

Every /api request is made by a principal (a signed-in user, or "local" in local mode) and
counted against that principal's rate limit. Conversations belong to their owner: any other
caller gets the same 404 as for a missing one. Citizens are answered and shown sources from
public documents only. What was shown to whom is written to the append-only audit log.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from pydantic import BaseModel, Field

from ..jsonable import jsonable
from ..settings import Settings, get_settings
from .access import auth_config, local_principal
from .auth import AuthError, Principal
from .security import BodyLimit, SecurityHeaders

log = logging.getLogger("assistant.service")
STATIC = Path(__file__).parent / "static"


class ChatRequest(BaseModel):
    message: str = Field(description="the question (Danish)")
    conversation_id: str | None = Field(default=None, max_length=64)
    audience: Literal["caseworker", "citizen"] | None = Field(
        default=None, description="whom the answer is for; default: the conversation's, else citizen for citizens "
        "and caseworker for staff")
    date: dt.date | None = Field(default=None, description="the decision date whose law applies")


class FactsUpdate(BaseModel):
    facts: dict[str, Any]


class Feedback(BaseModel):
    conversation_id: str = Field(max_length=64)
    turn: int = Field(ge=1, le=100_000)
    helpful: bool
    comment: str | None = Field(default=None, max_length=2000)


class Services:
    """What the app needs, built once at start (or injected by tests)."""

    INDEX_RETRY_SECONDS = 5.0

    def __init__(self, settings: Settings):
        from ..answering import Assistant
        from ..retrieval import SearchEngine
        from ..store import Store
        from .auth import Authenticator
        from .ratelimit import make_limiter

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
        from ..index import corpus_fingerprint

        self._fingerprint = corpus_fingerprint(self.engine.units)
        self._corpus_checked = time.monotonic()
        self.store = Store(settings.database_url)
        self.store.migrate()

    CORPUS_CHECK_SECONDS = 3.0

    def current(self) -> None:
        """Take up a new index generation built by `assistant index`/`ingest` in another process,
        with the units it was built from, without a restart (checked every few seconds)."""
        from ..answering import Assistant
        from ..index import corpus_fingerprint, read_active
        from ..retrieval import SearchEngine

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


def _answer_json(answer, conversation_id: str, turn: int) -> dict:
    return {
        "conversation_id": conversation_id,
        "turn": turn,
        "answer": answer.answer,
        "citations": [c.model_dump(exclude={"unit_id"}) for c in answer.citations],
        "outcome": jsonable(answer.outcome),
        "trace": jsonable(answer.trace),
        "missing_facts": answer.missing_facts,
        "grounded": answer.grounded,
        "abstained": answer.abstained,
        "facts": jsonable(answer.facts),
        "law_version": answer.law_version,
        "date": answer.date.isoformat(),
        "sentences": [s.text for s in answer.sentences],
    }


UNAVAILABLE = "Søgeindekset er ikke tilgængeligt lige nu. Prøv igen om lidt."
Audience = Literal["caseworker", "citizen"]


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    settings = settings or get_settings()
    auth_config(settings)  # fail at start on half an auth configuration, never fall back to local mode

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.services = services or Services(settings)
        yield

    app = FastAPI(
        title="Vejledning om ressourceforløb",
        description="Kildebelagte svar om ressourceforløb (LAB §§ 112-115 a) for sagsbehandlere og borgere.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)  # outermost: every response carries the headers

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        parts = []
        for e in exc.errors()[:3]:
            where = ".".join(str(x) for x in e.get("loc", []) if x != "body")
            parts.append(f"feltet '{where}' er ugyldigt" if where else "forespørgslen er ugyldig")
        return JSONResponse(status_code=422, content={"detail": "Ugyldig forespørgsel: " + "; ".join(parts) + "."})

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        detail = exc.detail
        if not isinstance(detail, str) or detail in _FRAMEWORK_ENGLISH:
            detail = {400: "Forespørgslen kan ikke læses (ugyldig JSON).", 404: "Siden findes ikke.",
                      405: "Metoden er ikke tilladt her."}.get(exc.status_code, "Forespørgslen kan ikke behandles.")
        return JSONResponse(status_code=exc.status_code, content={"detail": detail}, headers=exc.headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        from sqlalchemy.exc import SQLAlchemyError

        from ..store import StoreError

        if isinstance(exc, (SQLAlchemyError, StoreError)):
            log.error("databasefejl: %s", type(exc).__name__)
            return JSONResponse(status_code=503, content={"detail": "Databasen er ikke tilgængelig lige nu. Prøv igen om lidt."})
        log.error("uventet fejl: %s", type(exc).__name__)
        return JSONResponse(status_code=500, content={"detail": "Der opstod en uventet fejl. Prøv igen senere."})

    def svc(request: Request) -> Services:
        return request.app.state.services

    # -- who is asking ----------------------------------------------------------------------
    def principal(request: Request) -> Principal:
        s = svc(request)
        if s.auth is None:
            return local_principal()
        try:
            return s.auth.authenticate(request.headers.get("authorization"))
        except AuthError as exc:
            raise HTTPException(exc.status, exc.detail, headers=exc.headers or None) from None

    def user(request: Request, who: Principal = Depends(principal)) -> Principal:
        """An authenticated caller within the rate limit (per user; per address in local mode)."""
        s = svc(request)
        key = who.id if not who.local else f"ip:{request.client.host if request.client else '?'}"
        decision = s.limiter.hit(key)
        if not decision.allowed:
            raise HTTPException(429, f"For mange forespørgsler. Prøv igen om {decision.retry_after} sekunder.",
                                headers=decision.headers())
        return who

    def admin(request: Request, who: Principal = Depends(user)) -> Principal:
        if who.role != "admin":
            svc(request).store.audit(who.id, who.role, "denied", status=403)
            raise HTTPException(403, "Din rolle giver ikke adgang til denne funktion.")
        return who

    def audience_for(who: Principal, wanted: str | None) -> str:
        """Citizens only ever get the citizen view; staff may choose."""
        if who.role == "citizen":
            if wanted not in (None, "citizen"):
                raise HTTPException(403, "Som borger kan du kun få svar til borgere.")
            return "citizen"
        return wanted or "caseworker"

    def owned(s: Services, cid: str, who: Principal):
        state = s.store.load(cid, owner=who.id)
        if state is None:  # another user's conversation looks exactly like a missing one
            raise HTTPException(404, "Samtalen findes ikke.")
        return state

    # -- chat -------------------------------------------------------------------------------
    def run_chat(s: Services, req: ChatRequest, who: Principal) -> dict:
        from ..dialogue import ConversationState
        from ..index import IndexUnavailable
        from ..text import InputError, redact

        s.current()
        state = owned(s, req.conversation_id, who) if req.conversation_id else None
        audience = audience_for(who, req.audience or (state.audience if state else None))
        if not s.index_ready():
            raise HTTPException(503, UNAVAILABLE)
        state = state or ConversationState(audience=audience)
        if len(state.turns) >= s.settings.max_turns:
            raise HTTPException(422, f"Samtalen har nået grænsen på {s.settings.max_turns} spørgsmål. "
                                     "Start en ny samtale.")
        try:
            message = redact(req.message)
            answer, state = s.assistant.ask(message, state=state, audience=audience, on=req.date)
        except InputError as exc:
            raise HTTPException(413 if "for langt" in str(exc) else 422, str(exc)) from None
        except IndexUnavailable:
            raise HTTPException(503, UNAVAILABLE) from None
        payload = _answer_json(answer, state.id, 0)
        turn = s.store.save_turn(state, message, payload, owner=who.id)
        payload["turn"] = turn
        s.store.audit(who.id, who.role, "chat", audience, state.id, turn, [c["ref"] for c in payload["citations"]], 200)
        return payload

    @app.post("/api/chat", summary="Stil et spørgsmål (svar med kilder)")
    def chat(req: ChatRequest, request: Request, who: Principal = Depends(user)) -> dict:
        return run_chat(svc(request), req, who)

    @app.post("/api/chat/stream", summary="Som /api/chat, men svaret streames som server-sent events")
    def chat_stream(req: ChatRequest, request: Request, who: Principal = Depends(user)):
        s = svc(request)

        def events():
            try:
                payload = run_chat(s, req, who)
            except HTTPException as exc:
                yield _sse("error", {"detail": exc.detail, "status": exc.status_code})
                return
            except Exception as exc:  # headers are sent: report it as an event, not a broken stream
                log.error("uventet fejl i stream: %s", type(exc).__name__)
                yield _sse("error", {"detail": "Der opstod en uventet fejl. Prøv igen senere.", "status": 500})
                return
            yield _sse("meta", {"conversation_id": payload["conversation_id"]})
            for sentence in payload["sentences"]:
                yield _sse("delta", {"text": sentence + " "})
            yield _sse("done", payload)

        return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})

    # -- conversations ----------------------------------------------------------------------
    def conversation_json(s: Services, state) -> dict:
        return {"id": state.id, "audience": state.audience, "date": state.date.isoformat() if state.date else None,
                "facts": jsonable(state.facts), "turns": s.store.turns(state.id)}

    @app.get("/api/conversations/{cid}", summary="En gemt samtale med fakta og svar")
    def get_conversation(cid: str, request: Request, who: Principal = Depends(user)) -> dict:
        s = svc(request)
        out = conversation_json(s, owned(s, cid, who))
        s.store.audit(who.id, who.role, "read", out["audience"], cid,
                      refs=sorted({c["ref"] for t in out["turns"] for c in t["citations"]}), status=200)
        return out

    @app.delete("/api/conversations/{cid}", summary="Slet en samtale")
    def delete_conversation(cid: str, request: Request, who: Principal = Depends(user)) -> dict:
        s = svc(request)
        if not s.store.delete_conversation(cid, who.id):
            raise HTTPException(404, "Samtalen findes ikke.")
        s.store.audit(who.id, who.role, "delete", conversation_id=cid, status=200)
        return {"deleted": 1}

    @app.put("/api/conversations/{cid}/facts", summary="Ret de fakta, samtalen bygger på")
    def put_facts(cid: str, body: FactsUpdate, request: Request, who: Principal = Depends(user)) -> dict:
        from ..text import redact

        s = svc(request)
        state = owned(s, cid, who)
        if len(body.facts) > 50:
            raise HTTPException(422, "For mange fakta på én gang (højst 50).")
        for key, value in body.facts.items():
            state.set_fact(redact(str(key))[:64], _fact_value(key, redact(value) if isinstance(value, str) else value))
        s.store.save_state(state)
        s.store.audit(who.id, who.role, "facts", state.audience, cid, status=200)
        return conversation_json(s, state)

    @app.get("/api/sources/{ref:path}", summary="Kildeteksten bag en henvisning")
    def source(ref: str, request: Request, audience: Audience | None = Query(default=None),
               who: Principal = Depends(user)) -> dict:
        from ..refs import RefError, parse_ref

        s = svc(request)
        s.current()
        shown_to = audience_for(who, audience)
        engine = s.engine.public_view() if shown_to == "citizen" else s.engine
        try:
            key = parse_ref(ref).key
        except RefError:
            raise HTTPException(404, f"Henvisningen '{ref[:100]}' kendes ikke.") from None
        units = [engine.by_id[uid] for uid in engine.by_ref.get(key, [])]
        if not units:
            raise HTTPException(404, f"Henvisningen '{ref[:100]}' findes ikke i kilderne.")
        s.store.audit(who.id, who.role, "source", shown_to, refs=[units[0].ref], status=200)
        return {"ref": units[0].ref, "units": [
            {"id": u.id, "title": u.title, "text": u.text, "kind": u.kind, "url": u.url,
             "valid_from": u.valid_from.isoformat() if u.valid_from else None,
             "valid_to": u.valid_to.isoformat() if u.valid_to else None} for u in units]}

    @app.post("/api/feedback", summary="Tilbagemelding på et svar")
    def feedback(body: Feedback, request: Request, who: Principal = Depends(user)) -> dict:
        from ..text import redact

        s = svc(request)
        state = owned(s, body.conversation_id, who)
        if body.turn > len(state.turns):
            raise HTTPException(404, f"Samtalen har ikke noget svar nr. {body.turn}.")
        s.store.add_feedback(body.conversation_id, body.turn, body.helpful, redact(body.comment) if body.comment else None)
        s.store.audit(who.id, who.role, "feedback", conversation_id=body.conversation_id, turn=body.turn, status=200)
        return {"ok": True}

    # -- the user's own data (GDPR) -----------------------------------------------------------
    @app.get("/api/me", summary="Hvem du er logget ind som, og grænserne")
    def me(request: Request, who: Principal = Depends(user)) -> dict:
        st = svc(request).settings
        return {"id": who.id, "role": who.role, "local": who.local, "max_turns": st.max_turns,
                "max_question_chars": st.max_question_chars, "retention_days": st.retention_days}

    @app.get("/api/me/conversations", summary="Hent alle dine gemte samtaler (indsigt/dataportabilitet)")
    def export_mine(request: Request, who: Principal = Depends(user)):
        return _export(svc(request), who, who.id)

    @app.delete("/api/me/conversations", summary="Slet alle dine gemte samtaler")
    def delete_mine(request: Request, who: Principal = Depends(user)) -> dict:
        return _delete_owner(svc(request), who, who.id)

    # -- administration ---------------------------------------------------------------------
    @app.get("/api/admin/audit", summary="Revisionsloggen (nyeste først)")
    def audit_log(request: Request, actor: str | None = Query(default=None, max_length=100),
                  limit: int = Query(default=200, ge=1, le=5000), who: Principal = Depends(admin)) -> dict:
        return {"entries": svc(request).store.audit_entries(actor=actor, limit=limit)}

    @app.get("/api/admin/users/{uid}/conversations", summary="Udlevér en brugers samtaler")
    def export_user(uid: str, request: Request, who: Principal = Depends(admin)):
        return _export(svc(request), who, uid)

    @app.delete("/api/admin/users/{uid}/conversations", summary="Slet en brugers samtaler")
    def delete_user(uid: str, request: Request, who: Principal = Depends(admin)) -> dict:
        return _delete_owner(svc(request), who, uid)

    @app.post("/api/admin/purge", summary="Slet samtaler ældre end opbevaringsperioden")
    def purge(request: Request, days: int | None = Query(default=None, ge=1, le=36500),
              who: Principal = Depends(admin)) -> dict:
        s = svc(request)
        days = days or s.settings.retention_days
        n = s.store.purge(days)
        s.store.audit(who.id, who.role, "purge", status=200)
        return {"purged": n, "older_than_days": days}

    # -- health and the page ----------------------------------------------------------------
    @app.get("/healthz", summary="Status for indeks, database, login og hastighedsbegrænsning")
    def health(request: Request):
        s = svc(request)
        parts = {"index": s.index_health(), "store": s.store.health(), "model": {"ok": True, "name": s.engine.model},
                 "rate_limit": s.limiter.health(), "auth": s.auth.health() if s.auth else {"ok": True, "mode": "local"}}
        down = [name for name, part in parts.items() if not part.get("ok", False) and name != "rate_limit"]
        return JSONResponse(status_code=503 if down else 200,
                            content={"status": "degraded" if down else "ok", "down": down, **parts})

    if STATIC.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def page():
        index = STATIC / "index.html"
        if not index.exists():
            raise HTTPException(404, "Siden findes ikke.")
        return FileResponse(index, media_type="text/html")

    return app


def _export(s: Services, who: Principal, owner: str) -> JSONResponse:
    data = s.store.export(owner)
    s.store.audit(who.id, who.role, "export", status=200, subject=owner if owner != who.id else None)
    body = {"user": owner, "exported_at": dt.datetime.now(dt.timezone.utc).isoformat(), "conversations": data}
    return JSONResponse(body, headers={"Content-Disposition": 'attachment; filename="samtaler.json"'})


def _delete_owner(s: Services, who: Principal, owner: str) -> dict:
    n = s.store.delete_owner(owner)
    s.store.audit(who.id, who.role, "delete", status=200, subject=owner if owner != who.id else None)
    return {"deleted": n}


def _fact_value(key: str, value: Any) -> Any:
    """Values from the page's fact editor, typed like the extracted facts."""
    if value is None or value == "":
        return None
    if key.endswith("_date") or key in ("course_start", "course_granted_on"):
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise HTTPException(422, f"'{value}' er ikke en gyldig dato (brug ÅÅÅÅ-MM-DD).") from None
    if isinstance(value, str) and value.lower() in ("ja", "true", "nej", "false"):
        return value.lower() in ("ja", "true")
    if isinstance(value, str):
        try:
            return int(value) if value.strip().lstrip("-").isdigit() else float(value.replace(",", "."))
        except ValueError:
            return value
    return value


_FRAMEWORK_ENGLISH = {"Not Found", "Method Not Allowed", "There was an error parsing the body", "Bad Request",
                      "Internal Server Error", "Unsupported Media Type"}


def _sse(event: str, data: dict) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False, default=str)}\n\n"
