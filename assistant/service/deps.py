"""Who is asking and what they may see: the dependencies every /api route uses.

Every /api request is made by a principal (a signed-in user, or "local" in local mode) and
counted against that principal's rate limit. Conversations belong to their owner: any other
caller gets the same 404 as for a missing one. Citizens only ever get the citizen view.
"""

from __future__ import annotations

from fastapi import Depends, HTTPException, Request

from assistant.answering.dialogue import ConversationState
from assistant.errors import AssistantError, IndexUnavailable, StoreError
from assistant.service.access import local_principal
from assistant.service.auth import AuthError, Principal
from assistant.service.services import Services

UNAVAILABLE = "Søgeindekset er ikke tilgængeligt lige nu. Prøv igen om lidt."
DATABASE_DOWN = "Databasen er ikke tilgængelig lige nu. Prøv igen om lidt."


def svc(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


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
        raise HTTPException(
            429, f"For mange forespørgsler. Prøv igen om {decision.retry_after} sekunder.", headers=decision.headers()
        )
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


def owned(s: Services, cid: str, who: Principal) -> ConversationState:
    state = s.store.load(cid, owner=who.id)
    if state is None:  # another user's conversation looks exactly like a missing one
        raise HTTPException(404, "Samtalen findes ikke.")
    return state


def error_detail(exc: AssistantError) -> tuple[int, str]:
    """The HTTP status and Danish message of a typed failure (by its type, never its text)."""
    if isinstance(exc, IndexUnavailable):
        return exc.http_status, UNAVAILABLE
    if isinstance(exc, StoreError):
        return exc.http_status, DATABASE_DOWN
    return exc.http_status, str(exc)
