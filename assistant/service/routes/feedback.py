"""Feedback on an answer: helpful or not, with an optional (redacted) comment."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request

from assistant.language.redact import redact
from assistant.service.auth import Principal
from assistant.service.deps import owned, svc, user
from assistant.service.schemas import Feedback, Ok

router = APIRouter()


@router.post("/api/feedback", summary="Tilbagemelding på et svar", response_model=Ok)
def feedback(body: Feedback, request: Request, who: Principal = Depends(user)) -> dict[str, Any]:
    s = svc(request)
    state = owned(s, body.conversation_id, who)
    if body.turn > len(state.turns):
        raise HTTPException(404, f"Samtalen har ikke noget svar nr. {body.turn}.")
    s.store.add_feedback(body.conversation_id, body.turn, body.helpful, redact(body.comment) if body.comment else None)
    s.store.audit(who.id, who.role, "feedback", conversation_id=body.conversation_id, turn=body.turn, status=200)
    return {"ok": True}
