"""Administration (admin role): the audit log, a user's data, and the retention purge."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from assistant.service.auth import Principal
from assistant.service.deps import admin, svc
from assistant.service.routes.me import delete_owner, export_owner
from assistant.service.schemas import AuditLog, Deleted, Export, Purged

router = APIRouter()


@router.get("/api/admin/audit", summary="Revisionsloggen (nyeste først)", response_model=AuditLog)
def audit_log(
    request: Request,
    actor: str | None = Query(default=None, max_length=100),
    limit: int = Query(default=200, ge=1, le=5000),
    who: Principal = Depends(admin),
) -> dict[str, Any]:
    return {"entries": svc(request).store.audit_entries(actor=actor, limit=limit)}


@router.get("/api/admin/users/{uid}/conversations", summary="Udlevér en brugers samtaler", response_model=Export)
def export_user(uid: str, request: Request, who: Principal = Depends(admin)) -> JSONResponse:
    return export_owner(svc(request), who, uid)


@router.delete("/api/admin/users/{uid}/conversations", summary="Slet en brugers samtaler", response_model=Deleted)
def delete_user(uid: str, request: Request, who: Principal = Depends(admin)) -> dict[str, Any]:
    return delete_owner(svc(request), who, uid)


@router.post("/api/admin/purge", summary="Slet samtaler ældre end opbevaringsperioden", response_model=Purged)
def purge(
    request: Request, days: int | None = Query(default=None, ge=1, le=36500), who: Principal = Depends(admin)
) -> dict[str, Any]:
    s = svc(request)
    days = days or s.settings.retention_days
    n = s.store.purge(days)
    s.store.audit(who.id, who.role, "purge", status=200)
    return {"purged": n, "older_than_days": days}
