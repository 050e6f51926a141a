"""The caller's own data (GDPR): who they are, export and deletion of their conversations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from assistant.service.auth import Principal
from assistant.service.deps import svc, user
from assistant.service.schemas import Deleted, Export, Me
from assistant.service.services import Services

router = APIRouter()


@router.get("/api/me", summary="Hvem du er logget ind som, og grænserne", response_model=Me)
def me(request: Request, who: Principal = Depends(user)) -> dict[str, Any]:
    st = svc(request).settings
    return {
        "id": who.id,
        "role": who.role,
        "local": who.local,
        "max_turns": st.max_turns,
        "max_question_chars": st.max_question_chars,
        "retention_days": st.retention_days,
    }


@router.get(
    "/api/me/conversations", summary="Hent alle dine gemte samtaler (indsigt/dataportabilitet)", response_model=Export
)
def export_mine(request: Request, who: Principal = Depends(user)) -> JSONResponse:
    return export_owner(svc(request), who, who.id)


@router.delete("/api/me/conversations", summary="Slet alle dine gemte samtaler", response_model=Deleted)
def delete_mine(request: Request, who: Principal = Depends(user)) -> dict[str, Any]:
    return delete_owner(svc(request), who, who.id)


def export_owner(s: Services, who: Principal, owner: str) -> JSONResponse:
    """Everything stored about `owner`, as a download; audited with the subject when it is someone else."""
    data = s.store.export(owner)
    s.store.audit(who.id, who.role, "export", status=200, subject=owner if owner != who.id else None)
    body = {"user": owner, "exported_at": dt.datetime.now(dt.UTC).isoformat(), "conversations": data}
    return JSONResponse(body, headers={"Content-Disposition": 'attachment; filename="samtaler.json"'})


def delete_owner(s: Services, who: Principal, owner: str) -> dict[str, Any]:
    n = s.store.delete_owner(owner)
    s.store.audit(who.id, who.role, "delete", status=200, subject=owner if owner != who.id else None)
    return {"deleted": n}
