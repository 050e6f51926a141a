"""The source text behind a reference, with its validity dates (citizens see public sources only)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from assistant.corpus.refs import RefError, parse_ref
from assistant.service.auth import Principal
from assistant.service.deps import audience_for, svc, user
from assistant.service.schemas import Audience, Source

router = APIRouter()


@router.get("/api/sources/{ref:path}", summary="Kildeteksten bag en henvisning", response_model=Source)
def source(
    ref: str, request: Request, audience: Audience | None = Query(default=None), who: Principal = Depends(user)
) -> dict[str, Any]:
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
    return {
        "ref": units[0].ref,
        "units": [
            {
                "id": u.id,
                "title": u.title,
                "text": u.text,
                "kind": u.kind,
                "url": u.url,
                "valid_from": u.valid_from.isoformat() if u.valid_from else None,
                "valid_to": u.valid_to.isoformat() if u.valid_to else None,
            }
            for u in units
        ],
    }
