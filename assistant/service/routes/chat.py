"""Ask a question: the answer as JSON, or streamed as server-sent events."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import StreamingResponse

from assistant.answering.dialogue import ConversationState
from assistant.answering.serialize import answer_json
from assistant.errors import AssistantError
from assistant.language.redact import redact
from assistant.service.auth import Principal
from assistant.service.deps import (
    UNAVAILABLE,
    audience_for,
    error_detail,
    owned,
    svc,
    user,
)
from assistant.service.schemas import ChatAnswer, ChatRequest
from assistant.service.services import Services

log = logging.getLogger("assistant.service")
router = APIRouter()


def run_chat(s: Services, req: ChatRequest, who: Principal) -> dict[str, Any]:
    """Answer one message, store the turn with the conversation's state, and audit what was shown."""
    s.current()
    state = owned(s, req.conversation_id, who) if req.conversation_id else None
    audience = audience_for(who, req.audience or (state.audience if state else None))
    if not s.index_ready():
        raise HTTPException(503, UNAVAILABLE)
    state = state or ConversationState(audience=audience)
    if len(state.turns) >= s.settings.max_turns:
        raise HTTPException(422, f"Samtalen har nået grænsen på {s.settings.max_turns} spørgsmål. Start en ny samtale.")
    message = redact(req.message)
    try:
        answer, state = s.assistant.ask(message, state=state, audience=audience, on=req.date)
    except AssistantError as exc:
        status, detail = error_detail(exc)
        raise HTTPException(status, detail) from None
    payload = {**answer_json(answer), "conversation_id": state.id, "turn": 0}
    turn = s.store.save_turn(state, message, payload, owner=who.id)
    payload["turn"] = turn
    s.store.audit(who.id, who.role, "chat", audience, state.id, turn, [c["ref"] for c in payload["citations"]], 200)
    return payload


@router.post("/api/chat", summary="Stil et spørgsmål (svar med kilder)", response_model=ChatAnswer)
def chat(req: ChatRequest, request: Request, who: Principal = Depends(user)) -> dict[str, Any]:
    return run_chat(svc(request), req, who)


@router.post(
    "/api/chat/stream",
    summary="Som /api/chat, men svaret streames som server-sent events",
    response_class=StreamingResponse,
)
def chat_stream(req: ChatRequest, request: Request, who: Principal = Depends(user)) -> StreamingResponse:
    s = svc(request)

    def events() -> Iterator[str]:
        try:
            payload = run_chat(s, req, who)
        except HTTPException as exc:
            yield _sse("error", {"detail": exc.detail, "status": exc.status_code})
            return
        except AssistantError as exc:
            status, detail = error_detail(exc)
            yield _sse("error", {"detail": detail, "status": status})
            return
        except Exception as exc:  # headers are sent: report it as an event, not a broken stream
            log.error("uventet fejl i stream: %s", type(exc).__name__)
            yield _sse("error", {"detail": "Der opstod en uventet fejl. Prøv igen senere.", "status": 500})
            return
        yield _sse("meta", {"conversation_id": payload["conversation_id"]})
        for sentence in payload["sentences"]:
            yield _sse("delta", {"text": sentence["text"] + " "})
        yield _sse("done", payload)

    return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})


def _sse(event: str, data: dict[str, Any]) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False, default=str)}\n\n"
