"""The FastAPI app: middleware, Danish error bodies, the routes and the chat page.

Routes are thin (see `routes/`): they validate, call `Assistant.ask` exactly as the CLI
does, store the answered turn, and answer in Danish on errors (4xx for the caller's
mistakes, 503 when the index or database is unavailable), never with a stack trace.
What was shown to whom is written to the append-only audit log.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.errors import AssistantError
from assistant.service.access import auth_config
from assistant.service.deps import DATABASE_DOWN, error_detail
from assistant.service.routes import (
    admin,
    chat,
    conversations,
    feedback,
    health,
    me,
    sources,
)
from assistant.service.security import BodyLimit, SecurityHeaders
from assistant.service.services import Services
from assistant.settings import Settings, get_settings

log = logging.getLogger("assistant.service")
STATIC = Path(__file__).parent / "static"

_FRAMEWORK_ENGLISH = {
    "Not Found",
    "Method Not Allowed",
    "There was an error parsing the body",
    "Bad Request",
    "Internal Server Error",
    "Unsupported Media Type",
}


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    settings = settings or get_settings()
    auth_config(settings)  # fail at start on half an auth configuration, never fall back to local mode
    chosen = settings

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.services = services or Services(chosen)
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
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for e in exc.errors()[:3]:
            where = ".".join(str(x) for x in e.get("loc", []) if x != "body")
            parts.append(f"feltet '{where}' er ugyldigt" if where else "forespørgslen er ugyldig")
        return JSONResponse(status_code=422, content={"detail": "Ugyldig forespørgsel: " + "; ".join(parts) + "."})

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail
        if not isinstance(detail, str) or detail in _FRAMEWORK_ENGLISH:
            detail = {
                400: "Forespørgslen kan ikke læses (ugyldig JSON).",
                404: "Siden findes ikke.",
                405: "Metoden er ikke tilladt her.",
            }.get(exc.status_code, "Forespørgslen kan ikke behandles.")
        return JSONResponse(status_code=exc.status_code, content={"detail": detail}, headers=exc.headers)

    @app.exception_handler(AssistantError)
    async def _typed(request: Request, exc: AssistantError) -> JSONResponse:
        status, detail = error_detail(exc)
        if status >= 500:
            log.error("fejl: %s", type(exc).__name__)
        return JSONResponse(status_code=status, content={"detail": detail})

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        from sqlalchemy.exc import SQLAlchemyError

        if isinstance(exc, SQLAlchemyError):
            log.error("databasefejl: %s", type(exc).__name__)
            return JSONResponse(status_code=503, content={"detail": DATABASE_DOWN})
        log.error("uventet fejl: %s", type(exc).__name__)
        return JSONResponse(status_code=500, content={"detail": "Der opstod en uventet fejl. Prøv igen senere."})

    for module in (chat, conversations, sources, feedback, me, admin, health):
        app.include_router(module.router)

    if STATIC.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        index = STATIC / "index.html"
        if not index.exists():
            raise HTTPException(404, "Siden findes ikke.")
        return FileResponse(index, media_type="text/html")

    return app
