"""The JSON API over real HTTP: chat, streaming, conversations, sources, feedback, health."""

from __future__ import annotations

import httpx

from .conftest import Server


def chat(server, **body):
    return httpx.post(server.url + "/api/chat", json=body, timeout=60)


def test_chat_returns_a_cited_answer(server):
    r = chat(server, message="Hvor længe kan et ressourceforløb vare?", audience="caseworker", date="2023-01-01")
    assert r.status_code == 200, r.text
    body = r.json()
    assert {
        "conversation_id",
        "answer",
        "citations",
        "outcome",
        "trace",
        "missing_facts",
        "grounded",
        "abstained",
    } <= set(body)
    assert "højst 3 år" in body["answer"] and body["grounded"]
    assert {"ref", "title", "quote", "url"} <= set(body["citations"][0])


def test_a_conversation_continues_and_is_stored(server):
    first = chat(
        server,
        message="Kan kommunen kræve et nyt ressourceforløb for en borger på 53 år, der har haft ét?",
        date="2023-05-01",
    ).json()
    cid = first["conversation_id"]
    second = chat(server, message="Hun ønsker det ikke.", conversation_id=cid).json()
    assert second["conversation_id"] == cid and second["turn"] == 2
    assert second["outcome"]["value"] is False
    conv = httpx.get(f"{server.url}/api/conversations/{cid}").json()
    assert [t["n"] for t in conv["turns"]] == [1, 2] and conv["facts"]["wishes_course"] is False


def test_facts_can_be_corrected(server):
    cid = chat(
        server, message="Borgeren er 53 år og har haft et ressourceforløb. Kan vi kræve et nyt?", date="2023-05-01"
    ).json()["conversation_id"]
    r = httpx.put(f"{server.url}/api/conversations/{cid}/facts", json={"facts": {"age": "49"}})
    assert r.status_code == 200 and r.json()["facts"]["age"] == 49
    follow = chat(server, message="Hvad gælder så?", conversation_id=cid).json()
    assert "LAB § 114, stk. 3" in [c["ref"] for c in follow["citations"]], "the corrected age brings in the 40-50 rule"


def test_streaming_sends_meta_deltas_and_the_final_answer(server):
    with httpx.stream(
        "POST",
        server.url + "/api/chat/stream",
        json={"message": "Har jeg ret til en jobformidler?", "audience": "citizen", "date": "2023-01-01"},
        timeout=60,
    ) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        events = [line[7:] for line in r.iter_lines() if line.startswith("event: ")]
    assert events[0] == "meta" and "delta" in events and events[-1] == "done"


def test_sources_resolve_to_their_text(server):
    r = httpx.get(server.url + "/api/sources/LAB § 114, stk. 1")
    assert r.status_code == 200
    units = r.json()["units"]
    assert {u["valid_to"] for u in units} == {"2021-12-31", None}, "both versions with their dates"
    assert httpx.get(server.url + "/api/sources/LAB § 999").status_code == 404


def test_feedback_is_stored(server):
    cid = chat(server, message="Hvad er et ressourceforløb?").json()["conversation_id"]
    r = httpx.post(
        server.url + "/api/feedback", json={"conversation_id": cid, "turn": 1, "helpful": True, "comment": "klart"}
    )
    assert r.status_code == 200 and r.json() == {"ok": True}
    assert (
        httpx.post(
            server.url + "/api/feedback", json={"conversation_id": "findes-ikke", "turn": 1, "helpful": False}
        ).status_code
        == 404
    )


def test_errors_are_clear_danish_4xx(server):
    r = chat(server, message="   ")
    assert r.status_code == 422 and "tomt" in r.json()["detail"]
    r = chat(server, message="x" * 10_000)
    assert r.status_code == 413 and "for langt" in r.json()["detail"]
    r = chat(server, message="x" * 100_000)  # refused before the JSON is even parsed
    assert r.status_code == 413 and "for stor" in r.json()["detail"]
    r = httpx.post(server.url + "/api/chat", json={"message": "hej", "audience": "minister"})
    assert r.status_code == 422 and "Ugyldig forespørgsel" in r.json()["detail"]
    r = httpx.post(server.url + "/api/chat", content=b"\xff\xfe not json", headers={"content-type": "application/json"})
    assert r.status_code in (400, 422) and "ugyldig" in r.json()["detail"].lower()
    r = chat(server, message="hej", conversation_id="findes-ikke")
    assert r.status_code == 404 and r.json()["detail"] == "Samtalen findes ikke."


def test_health_and_openapi(server):
    h = httpx.get(server.url + "/healthz").json()
    assert h["status"] == "ok" and h["store"]["ok"] and h["index"]["ok"] and h["model"]["name"]
    spec = httpx.get(server.url + "/openapi.json").json()
    assert "/api/chat" in spec["paths"] and "/api/sources/{ref}" in spec["paths"]


def test_a_restart_keeps_every_answered_turn(service_settings, engine):
    with Server(service_settings) as a:
        cid = chat(a, message="Hvor længe kan et ressourceforløb vare?").json()["conversation_id"]
    with Server(service_settings) as b:
        conv = httpx.get(f"{b.url}/api/conversations/{cid}").json()
        assert len(conv["turns"]) == 1 and conv["turns"][0]["answer"]


def test_every_response_carries_security_headers(server):
    page = httpx.get(server.url + "/", timeout=30)
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp and "frame-ancestors 'none'" in csp
    assert page.headers["x-content-type-options"] == "nosniff" and page.headers["x-frame-options"] == "DENY"
    api = httpx.get(server.url + "/api/me", timeout=30)
    assert api.headers["cache-control"] == "no-store", "answers may hold personal data"
    assert "content-security-policy" in httpx.get(server.url + "/findes/ikke", timeout=30).headers
