"""FastAPI app: chat (JSON and streamed), conversations, sources, feedback, health, the page.

Endpoints are thin: they validate, call `Assistant.ask` exactly as the CLI does, store the
answered turn, and answer in Danish on errors (4xx for the caller's mistakes, 503 when the
index is unavailable), never with a stack trace.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from pydantic import BaseModel, Field

from ..jsonable import jsonable
from ..settings import Settings, get_settings

log = logging.getLogger("assistant.service")
STATIC = Path(__file__).parent / "static"


class ChatRequest(BaseModel):
    message: str = Field(description="the question (Danish)")
    conversation_id: str | None = Field(default=None, max_length=64)
    audience: Literal["caseworker", "citizen"] = "caseworker"
    date: dt.date | None = Field(default=None, description="the decision date whose law applies")


class FactsUpdate(BaseModel):
    facts: dict[str, Any]


class Feedback(BaseModel):
    conversation_id: str = Field(max_length=64)
    turn: int = Field(ge=1)
    helpful: bool
    comment: str | None = Field(default=None, max_length=2000)


class Services:
    """What the app needs, built once at start (or injected by tests)."""

    def __init__(self, settings: Settings):
        from ..answering import Assistant
        from ..retrieval import SearchEngine
        from ..store import Store

        self.settings = settings
        self.engine = SearchEngine(settings)
        self.index_error: str | None = None
        try:
            self.engine.ensure_index()
        except Exception as exc:  # the service starts and reports it in /healthz and 503s
            self.index_error = str(exc)
        self.assistant = Assistant(self.engine)
        self.store = Store(settings.database_url)
        self.store.migrate()


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


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    settings = settings or get_settings()

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
        return JSONResponse(status_code=exc.status_code, content={"detail": detail})

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.error("uventet fejl: %s", type(exc).__name__)
        return JSONResponse(status_code=500, content={"detail": "Der opstod en uventet fejl. Prøv igen senere."})

    def svc(request: Request) -> Services:
        return request.app.state.services

    def run_chat(s: Services, req: ChatRequest) -> dict:
        from ..dialogue import ConversationState
        from ..index import IndexUnavailable
        from ..text import InputError, redact

        if s.index_error:
            raise HTTPException(503, "Søgeindekset er ikke tilgængeligt lige nu. Prøv igen om lidt.")
        state = None
        if req.conversation_id:
            state = s.store.load(req.conversation_id)
            if state is None:
                raise HTTPException(404, "Samtalen findes ikke.")
        state = state or ConversationState(audience=req.audience)
        try:
            message = redact(req.message)
            answer, state = s.assistant.ask(message, state=state, audience=req.audience, on=req.date)
        except InputError as exc:
            raise HTTPException(413 if "for langt" in str(exc) else 422, str(exc)) from None
        except IndexUnavailable:
            raise HTTPException(503, "Søgeindekset er ikke tilgængeligt lige nu. Prøv igen om lidt.") from None
        payload = _answer_json(answer, state.id, 0)
        turn = s.store.save_turn(state, redact(req.message), payload)
        payload["turn"] = turn
        return payload

    @app.post("/api/chat", summary="Stil et spørgsmål (svar med kilder)")
    def chat(req: ChatRequest, request: Request) -> dict:
        return run_chat(svc(request), req)

    @app.post("/api/chat/stream", summary="Som /api/chat, men svaret streames som server-sent events")
    def chat_stream(req: ChatRequest, request: Request):
        s = svc(request)

        def events():
            try:
                payload = run_chat(s, req)
            except HTTPException as exc:
                yield _sse("error", {"detail": exc.detail, "status": exc.status_code})
                return
            yield _sse("meta", {"conversation_id": payload["conversation_id"]})
            for sentence in payload["sentences"]:
                yield _sse("delta", {"text": sentence + " "})
            yield _sse("done", payload)

        return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})

    def conversation_json(s: Services, cid: str) -> dict:
        state = s.store.load(cid)
        if state is None:
            raise HTTPException(404, "Samtalen findes ikke.")
        return {"id": state.id, "audience": state.audience, "date": state.date.isoformat() if state.date else None,
                "facts": jsonable(state.facts), "turns": s.store.turns(cid)}

    @app.get("/api/conversations/{cid}", summary="En gemt samtale med fakta og svar")
    def get_conversation(cid: str, request: Request) -> dict:
        return conversation_json(svc(request), cid)

    @app.put("/api/conversations/{cid}/facts", summary="Ret de fakta, samtalen bygger på")
    def put_facts(cid: str, body: FactsUpdate, request: Request) -> dict:
        s = svc(request)
        state = s.store.load(cid)
        if state is None:
            raise HTTPException(404, "Samtalen findes ikke.")
        for key, value in body.facts.items():
            state.set_fact(key, _fact_value(key, value))
        s.store.save_state(state)
        return conversation_json(s, cid)

    @app.get("/api/sources/{ref:path}", summary="Kildeteksten bag en henvisning")
    def source(ref: str, request: Request) -> dict:
        from ..refs import RefError, parse_ref

        s = svc(request)
        try:
            key = parse_ref(ref).key
        except RefError:
            raise HTTPException(404, f"Henvisningen '{ref}' kendes ikke.") from None
        units = [s.engine.by_id[uid] for uid in s.engine.by_ref.get(key, [])]
        if not units:
            raise HTTPException(404, f"Henvisningen '{ref}' findes ikke i kilderne.")
        return {"ref": units[0].ref, "units": [
            {"id": u.id, "title": u.title, "text": u.text, "kind": u.kind, "url": u.url,
             "valid_from": u.valid_from.isoformat() if u.valid_from else None,
             "valid_to": u.valid_to.isoformat() if u.valid_to else None} for u in units]}

    @app.post("/api/feedback", summary="Tilbagemelding på et svar")
    def feedback(body: Feedback, request: Request) -> dict:
        from ..text import redact

        s = svc(request)
        if s.store.load(body.conversation_id) is None:
            raise HTTPException(404, "Samtalen findes ikke.")
        s.store.add_feedback(body.conversation_id, body.turn, body.helpful, redact(body.comment) if body.comment else None)
        return {"ok": True}

    @app.get("/healthz", summary="Status for indeks, database og model")
    def health(request: Request):
        s = svc(request)
        store = s.store.health()
        index = {"ok": s.index_error is None, "units": len(s.engine.units)}
        if s.index_error:
            index["error"] = s.index_error
        model = {"ok": True, "name": s.engine.model}
        ok = store["ok"] and index["ok"]
        return JSONResponse(status_code=200 if ok else 503,
                            content={"status": "ok" if ok else "degraded", "index": index, "store": store, "model": model})

    if STATIC.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def page():
        index = STATIC / "index.html"
        if not index.exists():
            raise HTTPException(404, "Siden findes ikke.")
        return FileResponse(index, media_type="text/html")

    return app


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
