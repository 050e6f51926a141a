"""Health: index, store, model, login and rate limit, and which part is down (503 when one is)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from assistant.service.deps import svc
from assistant.service.schemas import Health

router = APIRouter()


@router.get(
    "/healthz",
    summary="Status for indeks, database, login og hastighedsbegrænsning",
    response_model=Health,
    responses={503: {"model": Health, "description": "en del er nede"}},
)
def health(request: Request) -> JSONResponse:
    s = svc(request)
    parts = {
        "index": s.index_health(),
        "store": s.store.health(),
        "model": {"ok": True, "name": s.engine.model},
        "rate_limit": s.limiter.health(),
        "auth": s.auth.health() if s.auth else {"ok": True, "mode": "local"},
    }
    down = [name for name, part in parts.items() if not part.get("ok", False) and name != "rate_limit"]
    return JSONResponse(
        status_code=503 if down else 200, content={"status": "degraded" if down else "ok", "down": down, **parts}
    )
