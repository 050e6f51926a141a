"""A stored conversation: read it, correct its facts, delete it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request

from assistant.answering.dialogue import ConversationState
from assistant.errors import InputError
from assistant.language.redact import redact
from assistant.service.auth import Principal
from assistant.service.deps import owned, svc, user
from assistant.service.schemas import Conversation, Deleted, FactsUpdate
from assistant.service.services import Services

router = APIRouter()
MAX_FACTS_PER_UPDATE = 50


def conversation_json(s: Services, state: ConversationState) -> dict[str, Any]:
    return {
        "id": state.id,
        "audience": state.audience,
        "date": state.date.isoformat() if state.date else None,
        "facts": state.facts.as_json(),
        "turns": s.store.turns(state.id),
    }


@router.get("/api/conversations/{cid}", summary="En gemt samtale med fakta og svar", response_model=Conversation)
def get_conversation(cid: str, request: Request, who: Principal = Depends(user)) -> dict[str, Any]:
    s = svc(request)
    out = conversation_json(s, owned(s, cid, who))
    s.store.audit(
        who.id,
        who.role,
        "read",
        out["audience"],
        cid,
        refs=sorted({c["ref"] for t in out["turns"] for c in t["citations"]}),
        status=200,
    )
    return out


@router.delete("/api/conversations/{cid}", summary="Slet en samtale", response_model=Deleted)
def delete_conversation(cid: str, request: Request, who: Principal = Depends(user)) -> dict[str, Any]:
    s = svc(request)
    if not s.store.delete_conversation(cid, who.id):
        raise HTTPException(404, "Samtalen findes ikke.")
    s.store.audit(who.id, who.role, "delete", conversation_id=cid, status=200)
    return {"deleted": 1}


@router.put("/api/conversations/{cid}/facts", summary="Ret de fakta, samtalen bygger på", response_model=Conversation)
def put_facts(cid: str, body: FactsUpdate, request: Request, who: Principal = Depends(user)) -> dict[str, Any]:
    s = svc(request)
    state = owned(s, cid, who)
    if len(body.facts) > MAX_FACTS_PER_UPDATE:
        raise HTTPException(422, f"For mange fakta på én gang (højst {MAX_FACTS_PER_UPDATE}).")
    try:
        for key, value in body.facts.items():
            state.set_fact(redact(str(key))[:64], redact(value) if isinstance(value, str) else value)
    except InputError as exc:
        raise HTTPException(exc.http_status, str(exc)) from None
    s.store.save_state(state)
    s.store.audit(who.id, who.role, "facts", state.audience, cid, status=200)
    return conversation_json(s, state)
