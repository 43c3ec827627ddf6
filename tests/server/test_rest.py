"""REST semantics of the reference server over real loopback HTTP."""

from __future__ import annotations

import base64
import hashlib
import time

import httpx
from ahs_helpers import KEY_A, TEST_AUTH, make_agent, make_session, parse_sse, start_turn, wait_turn


def test_health_no_auth_and_request_id(server):
    r = httpx.get(server.base_url + "/v1/health")
    assert r.status_code == 200 and r.json()["status"] == "ok"
    assert r.headers["x-request-id"].startswith("req_")
    r = httpx.get(server.base_url + "/v1/health", headers={"X-Request-Id": "my-trace-1"})
    assert r.headers["x-request-id"] == "my-trace-1"


def test_auth_required(server):
    r = httpx.get(server.base_url + "/v1/agents")
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["code"] == "unauthenticated" and body["request_id"] == r.headers["x-request-id"]
    r = httpx.get(server.base_url + "/v1/agents", headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401
    r = httpx.get(server.base_url + "/v1/agents", headers={"Authorization": "Basic abc"})
    assert r.status_code == 401


def test_unknown_route_and_method(client):
    r = client.get("/v1/nothing-here")
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = client.put("/v1/agents", json={})
    assert r.status_code == 405 and r.json()["code"] == "method_not_allowed"
    assert "GET" in r.headers["allow"]


def test_meta(client, server):
    caps = client.get("/v1/capabilities").json()
    assert caps["contract_version"] == "1.0.0"
    assert caps["grpc_target"] == server.grpc_target
    assert {c["id"] for c in caps["capabilities"]} >= {"events.sse", "events.grpc", "files.range"}
    models = client.get("/v1/models").json()
    assert models["object"] == "list" and models["data"][0]["id"] == "scripted"


def test_agent_crud_etag(client):
    a = client.post("/v1/agents", json={"name": "a1", "require_approval": ["calculator"]})
    assert a.status_code == 201 and a.headers["etag"] == '"1"'
    agent = a.json()
    assert agent["revision"] == 1 and agent["model"] == "scripted" and agent["tools"] == []
    aid = agent["id"]
    r = client.patch(f"/v1/agents/{aid}", json={"description": "d"}, headers={"If-Match": '"1"'})
    assert r.status_code == 200 and r.json()["revision"] == 2 and r.headers["etag"] == '"2"'
    r = client.patch(f"/v1/agents/{aid}", json={"description": "e"}, headers={"If-Match": '"1"'})
    assert r.status_code == 412 and r.json()["code"] == "precondition_failed"
    r = client.patch(
        f"/v1/agents/{aid}", json={"description": "e"}, headers={"If-Match": "garbage"}
    )
    assert r.status_code == 400
    r = client.patch(f"/v1/agents/{aid}", json={"description": "e"}, headers={"If-Match": "*"})
    assert r.status_code == 200
    assert client.get(f"/v1/agents/{aid}").headers["etag"] == '"3"'
    exp = client.get(f"/v1/agents/{aid}/export").json()
    assert exp["format"] == "agenthub.agent.v1" and exp["require_approval"] == ["calculator"]
    assert client.delete(f"/v1/agents/{aid}").status_code == 204
    assert client.get(f"/v1/agents/{aid}").status_code == 404


def test_agent_validation(client):
    r = client.post(
        "/v1/agents",
        json={"name": 5, "tools": "calculator", "require_approval": "sometimes", "junk": 1},
    )
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "validation_error"
    locs = {tuple(e["loc"]) for e in body["errors"]}
    assert {("body", "name"), ("body", "tools"), ("body", "require_approval")} <= locs
    assert client.post("/v1/agents", json={}).json()["errors"][0]["type"] == "missing"
    assert client.post("/v1/agents", json={"name": "x", "model": "gpt-x"}).status_code == 422
    assert (
        client.post(
            "/v1/agents", content=b"{not json", headers={"content-type": "application/json"}
        ).status_code
        == 400
    )
    assert client.post("/v1/agents", json=[1, 2]).status_code == 422
    assert client.get("/v1/agents", params={"limit": 0}).status_code == 400
    assert client.get("/v1/agents", params={"limit": "x"}).status_code == 400
    assert client.get("/v1/agents", params={"order": "sideways"}).status_code == 400
    assert client.get("/v1/agents", params={"after": "!!!"}).json()["code"] == "bad_request"


def test_import_agent(client):
    d = {
        "format": "agenthub.agent.v1",
        "name": "imp",
        "description": None,
        "model": "scripted",
        "instructions": None,
        "tools": ["calculator", "jira"],
        "require_approval": "never",
        "metadata": {},
        "skills": ["nope"],
        "mcp_servers": [],
    }
    # the definition is validated against the contract's AgentDefinition: every field required
    partial = {k: v for k, v in d.items() if k not in ("metadata", "description")}
    r = client.post("/v1/agents/import", json={"definition": partial, "dry_run": True})
    assert r.status_code == 422
    assert {tuple(e["loc"]) for e in r.json()["errors"]} == {
        ("body", "definition", "metadata"),
        ("body", "definition", "description"),
    }
    r = client.post("/v1/agents/import", json={"definition": d, "dry_run": True})
    assert r.status_code == 200
    res = r.json()
    assert (
        res["agent"] is None and {"kind": "skill", "name": "nope"} in res["unresolved_references"]
    )
    assert any("jira" in w for w in res["warnings"])
    r = client.post("/v1/agents/import", json={"definition": d, "name": "renamed"})
    assert r.status_code == 201 and r.json()["agent"]["name"] == "renamed"
    bad = {**d, "model": "unknown-model"}
    r = client.post("/v1/agents/import", json={"definition": bad, "dry_run": True})
    assert {"kind": "model", "name": "unknown-model"} in r.json()["unresolved_references"]
    assert client.post("/v1/agents/import", json={"definition": bad}).status_code == 422


def test_tenancy_404(client, client_b):
    agent = make_agent(client)
    sess = make_session(client, agent["id"])
    assert client_b.get(f"/v1/agents/{agent['id']}").status_code == 404
    assert client_b.get(f"/v1/sessions/{sess['id']}").status_code == 404
    assert client_b.post("/v1/sessions", json={"agent_id": agent["id"]}).status_code == 404
    assert client_b.get(f"/v1/sessions/{sess['id']}/events").status_code == 404
    assert all(
        s["id"] != sess["id"]
        for s in client_b.get("/v1/sessions", params={"limit": 100}).json()["data"]
    )


def test_runtime_api_key_is_new_tenant(server, client):
    r = httpx.post(
        server.base_url + "/v1/_test/api-keys",
        json={"api_key": "ah_runtime_key_123"},
        headers=TEST_AUTH,
    )
    assert r.status_code == 201
    agent = make_agent(client)
    c = httpx.Client(
        base_url=server.base_url, headers={"Authorization": "Bearer ah_runtime_key_123"}
    )
    assert c.get("/v1/agents").status_code == 200
    assert c.get(f"/v1/agents/{agent['id']}").status_code == 404


def test_idempotency(client):
    h = {"Idempotency-Key": "idem-agent-1"}
    r1 = client.post("/v1/agents", json={"name": "idem"}, headers=h)
    r2 = client.post("/v1/agents", json={"name": "idem"}, headers=h)
    assert r1.status_code == r2.status_code == 201
    assert r1.json() == r2.json()
    assert r2.headers["idempotency-replayed"] == "true"
    assert "idempotency-replayed" not in r1.headers
    r3 = client.post("/v1/agents", json={"name": "other"}, headers=h)
    assert r3.status_code == 409 and r3.json()["code"] == "idempotency_conflict"
    names = [a["id"] for a in client.get("/v1/agents", params={"limit": 100}).json()["data"]]
    assert names.count(r1.json()["id"]) == 1
    # turns: a retried create does not start a second turn
    sess = make_session(client)
    body = {"input": [{"type": "user.message", "content": "hi"}]}
    t1 = client.post(
        f"/v1/sessions/{sess['id']}/turns", json=body, headers={"Idempotency-Key": "turn-1"}
    )
    t2 = client.post(
        f"/v1/sessions/{sess['id']}/turns", json=body, headers={"Idempotency-Key": "turn-1"}
    )
    assert t1.status_code == t2.status_code == 201 and t1.json()["id"] == t2.json()["id"]
    assert client.get(f"/v1/sessions/{sess['id']}/turns").json()["data"].__len__() == 1


def test_cursor_pagination(client):
    agent = make_agent(client, name="pager")
    ids = [make_session(client, agent["id"], labels={"batch": "p1"})["id"] for _ in range(5)]
    seen, after = [], None
    while True:
        params = {"limit": 2, "agent_id": agent["id"]}
        if after:
            params["after"] = after
        page = client.get("/v1/sessions", params=params).json()
        seen += [s["id"] for s in page["data"]]
        assert (page["next_cursor"] is None) == (not page["has_more"])
        if not page["has_more"]:
            break
        after = page["next_cursor"]
    assert seen == list(reversed(ids))  # newest first
    asc = client.get(
        "/v1/sessions", params={"limit": 100, "agent_id": agent["id"], "order": "asc"}
    ).json()
    assert [s["id"] for s in asc["data"]] == ids


def test_session_filters_and_lifecycle(client):
    agent = make_agent(client, name="filters")
    s1 = make_session(client, agent["id"], labels={"team": "risk", "env": "prod"})
    s2 = make_session(client, agent["id"], labels={"team": "ops"})

    def q(**p):
        return [
            s["id"]
            for s in client.get("/v1/sessions", params={"agent_id": agent["id"], **p}).json()[
                "data"
            ]
        ]

    assert q(label="team:risk") == [s1["id"]]
    assert q(label=["team:risk", "env:prod"]) == [s1["id"]]
    assert q(label=["team:risk", "env:dev"]) == []
    assert client.get("/v1/sessions", params={"label": "nocolon"}).status_code == 400
    assert client.get("/v1/sessions", params={"status": "bogus"}).status_code == 400
    assert client.get("/v1/sessions", params={"created_after": "yesterday"}).status_code == 400
    assert set(q(created_after=s1["created_at"])) <= {s2["id"]}
    assert q(created_before="2000-01-01T00:00:00Z") == []
    # pause / resume / update / rename event
    assert client.post(f"/v1/sessions/{s2['id']}/pause").json()["status"] == "paused"
    assert q(status="paused") == [s2["id"]]
    r = client.post(
        f"/v1/sessions/{s2['id']}/turns", json={"input": [{"type": "user.message", "content": "x"}]}
    )
    assert r.status_code == 409
    assert client.post(f"/v1/sessions/{s2['id']}/resume").json()["status"] == "idle"
    r = client.patch(f"/v1/sessions/{s2['id']}", json={"name": "renamed", "labels": {"team": "x"}})
    assert r.json()["name"] == "renamed"
    evs = client.get(f"/v1/sessions/{s2['id']}/events").json()["data"]
    assert [e["type"] for e in evs][-1] == "session.renamed"
    ctx = client.post(f"/v1/sessions/{s2['id']}/context", json={"text": "note", "source": "crm"})
    assert (
        ctx.status_code == 201
        and ctx.json()["type"] == "context.injected"
        and ctx.json()["source"] == "crm"
    )
    assert client.post(f"/v1/sessions/{s2['id']}/cancel").json()["status"] == "cancelled"
    r = client.post(
        f"/v1/sessions/{s2['id']}/turns", json={"input": [{"type": "user.message", "content": "x"}]}
    )
    assert r.status_code == 409
    assert client.delete(f"/v1/sessions/{s1['id']}").status_code == 204
    assert client.get(f"/v1/sessions/{s1['id']}").status_code == 404


def test_plain_turn_event_order_and_text(client):
    sess = make_session(client)
    prompt = "Hello world\n  two  spaces\tand tab\n\nend \n"
    t = start_turn(client, sess["id"], prompt)
    done = wait_turn(client, sess["id"], t["id"])
    assert done["status"] == "completed"
    events = client.get(f"/v1/sessions/{sess['id']}/events", params={"limit": 100}).json()["data"]
    types = [e["type"] for e in events]
    assert types[:3] == ["turn.created", "session.status", "turn.started"]
    assert types[-4:] == ["message.completed", "session.usage", "session.status", "turn.completed"]
    assert [e["sequence_number"] for e in events] == list(range(1, len(events) + 1))
    deltas = "".join(e["delta"] for e in events if e["type"] == "message.delta")
    assert deltas == prompt == done["result"]["text"]
    usage = done["result"]["usage"]
    assert usage["input_tokens"] == len(prompt.split()) == usage["output_tokens"]
    s = client.get(f"/v1/sessions/{sess['id']}").json()
    assert (
        s["status"] == "idle"
        and s["last_sequence_number"] == len(events)
        and s["active_turn_id"] is None
    )
    assert s["usage"]["total_tokens"] == usage["total_tokens"]


def test_hello_world_exact_order(client):
    sess = make_session(client)
    t = start_turn(client, sess["id"], "Hello world")
    wait_turn(client, sess["id"], t["id"])
    events = client.get(f"/v1/sessions/{sess['id']}/events").json()["data"]
    assert [e["type"] for e in events] == [
        "turn.created",
        "session.status",
        "turn.started",
        "message.delta",
        "message.delta",
        "message.completed",
        "session.usage",
        "session.status",
        "turn.completed",
    ]
    assert [e["delta"] for e in events if e["type"] == "message.delta"] == ["Hello", " world"]
    assert events[1]["status"] == "running" and events[1]["previous_status"] == "idle"
    assert events[-2]["status"] == "idle"


def test_directives(client):
    sess = make_session(client)
    sid = sess["id"]
    script = "\n".join(
        [
            "start",
            '/tool calculator {"expression": "(2+3)*4 - 2**3"}',
            '/tool calculator {"expression": "__import__(1)"}',
            "/tool clock {}",
            '/tool write_file {"filename": "out.txt", "content": "written"}',
            "/think pondering deeply",
            "/file notes.md # Notes",
            "/sleep 0.05",
            "/stream 3",
        ]
    )
    t = start_turn(client, sid, script)
    done = wait_turn(client, sid, t["id"])
    assert done["status"] == "completed", done
    text = done["result"]["text"]
    lines = text.split("\n")
    assert lines[0] == "start" and lines[1] == "calculator: 12"
    assert lines[2].startswith("calculator: invalid expression")
    assert lines[3].startswith("clock: 20") and lines[3].endswith("Z")
    assert lines[4].startswith("write_file: file_")
    assert lines[5] == "tok0 tok1 tok2 "
    calls = done["result"]["tool_calls"]
    assert [c["is_error"] for c in calls] == [False, True, False, False]
    events = client.get(f"/v1/sessions/{sid}/events", params={"limit": 100}).json()["data"]
    assert (
        "".join(e["delta"] for e in events if e["type"] == "reasoning.delta") == "pondering deeply"
    )
    files = client.get(f"/v1/sessions/{sid}/files").json()["data"]
    assert {f["filename"] for f in files} == {"out.txt", "notes.md"} and all(
        f["source"] == "agent" for f in files
    )
    notes = next(f for f in files if f["filename"] == "notes.md")
    assert client.get(f"/v1/sessions/{sid}/files/{notes['id']}/content").content == b"# Notes"
    # read_file back + /fail
    out = next(f for f in files if f["filename"] == "out.txt")
    t2 = start_turn(client, sid, f'/tool read_file {{"file_id": "{out["id"]}"}}\n/fail boom\nnever')
    failed = wait_turn(client, sid, t2["id"])
    assert failed["status"] == "failed" and failed["error"] == {
        "code": "agent_error",
        "message": "boom",
    }
    evs = client.get(
        f"/v1/sessions/{sid}/events", params={"turn_id": t2["id"], "limit": 100}
    ).json()["data"]
    assert "read_file: written" in next(e for e in evs if e["type"] == "message.completed")["text"]
    assert [e["type"] for e in evs[-2:]] == ["session.status", "turn.failed"]
    assert client.get(f"/v1/sessions/{sid}").json()["status"] == "idle"


def test_file_parts_in_input(client):
    sess = make_session(client)
    data = "data:text/plain;base64," + base64.b64encode(b"inline text").decode()
    content = [
        {"type": "text", "text": "see file"},
        {"type": "file_data", "filename": "in.txt", "data": data},
    ]
    t = start_turn(client, sess["id"], content)
    wait_turn(client, sess["id"], t["id"])
    files = client.get(f"/v1/sessions/{sess['id']}/files").json()["data"]
    assert files[0]["filename"] == "in.txt" and files[0]["source"] == "user"
    r = client.post(
        f"/v1/sessions/{sess['id']}/turns",
        json={
            "input": [
                {"type": "user.message", "content": [{"type": "file", "file_id": "file_missing"}]}
            ]
        },
    )
    assert r.status_code == 404
    r = client.post(
        f"/v1/sessions/{sess['id']}/turns",
        json={"input": [{"type": "user.message", "content": [{"type": "image"}]}]},
    )
    assert r.status_code == 422
    r = client.post(f"/v1/sessions/{sess['id']}/turns", json={"input": []})
    assert r.status_code == 422


def test_turn_conflicts_and_cancel(client):
    sess = make_session(client)
    sid = sess["id"]
    t = start_turn(client, sid, "/sleep 10")
    r = client.post(
        f"/v1/sessions/{sid}/turns", json={"input": [{"type": "user.message", "content": "x"}]}
    )
    assert r.status_code == 409 and r.json()["code"] == "turn_in_progress"
    c1 = client.post(f"/v1/sessions/{sid}/turns/{t['id']}/cancel")
    assert c1.status_code == 200 and c1.json()["status"] == "cancelled"
    c2 = client.post(f"/v1/sessions/{sid}/turns/{t['id']}/cancel")
    assert c2.status_code == 200 and c2.json()["status"] == "cancelled"
    assert client.get(f"/v1/sessions/{sid}").json()["status"] == "idle"
    evs = [e["type"] for e in client.get(f"/v1/sessions/{sid}/events").json()["data"]]
    assert evs[-2:] == ["session.status", "turn.cancelled"]
    # previous_turn_id checks
    body = {"input": [{"type": "user.message", "content": "x"}]}
    r = client.post(f"/v1/sessions/{sid}/turns", json={**body, "previous_turn_id": "trn_other"})
    assert r.status_code == 412 and r.json()["code"] == "stale_previous_turn"
    r = client.post(f"/v1/sessions/{sid}/turns", json={**body, "previous_turn_id": None})
    assert r.status_code == 412
    r = client.post(f"/v1/sessions/{sid}/turns", json={**body, "previous_turn_id": t["id"]})
    assert r.status_code == 201 and r.json()["previous_turn_id"] == t["id"]
    wait_turn(client, sid, r.json()["id"])
    turns = client.get(f"/v1/sessions/{sid}/turns").json()["data"]
    assert [x["id"] for x in turns] == [r.json()["id"], t["id"]]  # newest first
    # session cancel while running
    t3 = start_turn(client, sid, "/sleep 10")
    s = client.post(f"/v1/sessions/{sid}/cancel").json()
    assert s["status"] == "cancelled" and s["active_turn_id"] is None
    assert client.get(f"/v1/sessions/{sid}/turns/{t3['id']}").json()["status"] == "cancelled"
    evs = client.get(f"/v1/sessions/{sid}/events", params={"order": "desc", "limit": 2}).json()[
        "data"
    ]
    assert [e["type"] for e in evs] == ["session.status", "turn.cancelled"] and evs[0][
        "status"
    ] == "cancelled"


def test_tool_approval_elicitation(client):
    agent = make_agent(client, require_approval=["calculator"])
    sess = make_session(client, agent["id"])
    sid = sess["id"]
    t = start_turn(
        client,
        sid,
        '/tool calculator {"expression": "6*7"}\n'
        '/tool calculator {"expression": "1"}\n/tool clock {}',
    )
    wait_turn(client, sid, t["id"], ("waiting",))
    s = client.get(f"/v1/sessions/{sid}").json()
    assert s["status"] == "waiting" and len(s["pending_elicitations"]) == 1
    eli = s["pending_elicitations"][0]
    assert (
        eli["kind"] == "tool_approval"
        and eli["tool_name"] == "calculator"
        and eli["arguments"] == {"expression": "6*7"}
    )
    r = client.post(
        f"/v1/sessions/{sid}/elicitations/{eli['id']}/resolve", json={"action": "accept"}
    )
    assert r.status_code == 200 and r.json()["status"] == "resolved"
    r = client.post(
        f"/v1/sessions/{sid}/elicitations/{eli['id']}/resolve", json={"action": "decline"}
    )
    assert r.status_code == 409 and r.json()["code"] == "already_resolved"
    wait_turn(client, sid, t["id"], ("waiting",))
    eli2 = client.get(f"/v1/sessions/{sid}/elicitations", params={"status": "pending"}).json()[
        "data"
    ][0]
    assert (
        client.post(
            f"/v1/sessions/{sid}/elicitations/{eli2['id']}/resolve", json={"action": "bogus"}
        ).status_code
        == 422
    )
    client.post(
        f"/v1/sessions/{sid}/elicitations/{eli2['id']}/resolve",
        json={"action": "decline", "reason": "no"},
    )
    done = wait_turn(client, sid, t["id"])
    assert done["result"]["text"].split("\n")[:2] == ["calculator: 42", "calculator: declined"]
    assert done["result"]["tool_calls"][1]["is_error"] is True
    types = [
        e["type"]
        for e in client.get(f"/v1/sessions/{sid}/events", params={"limit": 100}).json()["data"]
    ]
    i = types.index("elicitation.requested")
    assert types[i - 1 : i + 3] == [
        "tool_call.started",
        "elicitation.requested",
        "turn.waiting",
        "session.status",
    ]
    assert client.get(f"/v1/sessions/{sid}/elicitations/{eli['id']}").json()["action"] == "accept"
    # session-level override "never" beats agent policy
    s2 = make_session(client, agent["id"], require_approval="never")
    t2 = start_turn(client, s2["id"], '/tool calculator {"expression": "1+1"}')
    assert wait_turn(client, s2["id"], t2["id"])["result"]["text"] == "calculator: 2"


def test_client_tool_and_ask(client):
    sess = make_session(client)
    sid = sess["id"]
    t = start_turn(client, sid, '/tool lookup {"q": "x"}\n/ask What colour?')
    wait_turn(client, sid, t["id"], ("waiting",))
    eli = client.get(f"/v1/sessions/{sid}").json()["pending_elicitations"][0]
    assert (
        eli["kind"] == "client_tool"
        and eli["tool_name"] == "lookup"
        and eli["call_id"].startswith("call_")
    )
    r = client.post(
        f"/v1/sessions/{sid}/elicitations/{eli['id']}/resolve",
        json={"action": "accept", "content": {}},
    )
    assert r.status_code == 422
    client.post(
        f"/v1/sessions/{sid}/elicitations/{eli['id']}/resolve",
        json={"action": "accept", "content": {"output": "found it"}},
    )
    wait_turn(client, sid, t["id"], ("waiting",))
    eli = client.get(f"/v1/sessions/{sid}").json()["pending_elicitations"][0]
    assert eli["kind"] == "clarification" and eli["message"] == "What colour?"
    client.post(
        f"/v1/sessions/{sid}/elicitations/{eli['id']}/resolve",
        json={"action": "accept", "content": {"text": "blue"}},
    )
    done = wait_turn(client, sid, t["id"])
    assert done["result"]["text"] == "lookup: found it\nanswer: blue"


def test_cancel_while_waiting_cancels_elicitation(client):
    sess = make_session(client)
    sid = sess["id"]
    t = start_turn(client, sid, "/ask hm?")
    wait_turn(client, sid, t["id"], ("waiting",))
    client.post(f"/v1/sessions/{sid}/turns/{t['id']}/cancel")
    elis = client.get(f"/v1/sessions/{sid}/elicitations").json()["data"]
    assert elis[0]["status"] == "resolved" and elis[0]["action"] == "cancel"
    assert client.get(f"/v1/sessions/{sid}").json()["pending_elicitations"] == []


def test_events_list_cursor_and_filters(client):
    sess = make_session(client)
    sid = sess["id"]
    t1 = start_turn(client, sid, "one two three")
    wait_turn(client, sid, t1["id"])
    t2 = start_turn(client, sid, "four")
    wait_turn(client, sid, t2["id"])
    allev = client.get(f"/v1/sessions/{sid}/events", params={"limit": 100}).json()["data"]
    got, after = [], None
    while True:
        p = {"limit": 3, **({"after": after} if after else {})}
        page = client.get(f"/v1/sessions/{sid}/events", params=p).json()
        got += page["data"]
        if not page["has_more"]:
            break
        after = page["next_cursor"]
    assert got == allev
    tail = client.get(f"/v1/sessions/{sid}/events", params={"after_sequence_number": 5}).json()[
        "data"
    ]
    assert tail[0]["sequence_number"] == 6
    only2 = client.get(f"/v1/sessions/{sid}/events", params={"turn_id": t2["id"]}).json()["data"]
    assert {e["turn_id"] for e in only2} == {t2["id"]}
    desc = client.get(f"/v1/sessions/{sid}/events", params={"order": "desc", "limit": 2}).json()
    assert desc["data"][0]["sequence_number"] == allev[-1]["sequence_number"]
    assert (
        client.get(f"/v1/sessions/{sid}/events", params={"after_sequence_number": -1}).status_code
        == 400
    )
    assert (
        client.get(f"/v1/sessions/{sid}/events", params={"turn_id": "trn_nope"}).status_code == 404
    )


def test_sse_stream_resume_and_heartbeat(client, server):
    sess = make_session(client)
    sid = sess["id"]
    t = start_turn(client, sid, "alpha beta gamma")
    wait_turn(client, sid, t["id"])
    url = f"/v1/sessions/{sid}/events/stream"
    with client.stream("GET", url, params={"turn_id": t["id"]}) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        lines = list(r.iter_lines())
    assert lines[0] == "retry: 1000"
    frames = [f for f in parse_sse(lines) if "id" in f]
    assert [int(f["id"]) for f in frames] == list(range(1, len(frames) + 1))
    assert frames[-1]["event"] == "turn.completed"
    # resume with Last-Event-ID (larger of header and query wins)
    with client.stream(
        "GET",
        url,
        params={"turn_id": t["id"], "after_sequence_number": 2},
        headers={"Last-Event-ID": "4"},
    ) as r:
        frames2 = [f for f in parse_sse(list(r.iter_lines())) if "id" in f]
    assert int(frames2[0]["id"]) == 5 and frames2[-1]["event"] == "turn.completed"
    # unfiltered stream stays open with heartbeats; new events arrive live
    with (
        httpx.Client(
            base_url=server.base_url, headers={"Authorization": f"Bearer {KEY_A}"}, timeout=10
        ) as c2,
        c2.stream("GET", url, params={"after_sequence_number": frames[-1]["id"]}) as r,
    ):
        it = r.iter_lines()
        assert next(it) == "retry: 1000"
        seen_hb = 0
        got_live = []
        started = False
        for line in it:
            if line == ": heartbeat":
                seen_hb += 1
                if not started:
                    start_turn(client, sid, "live")
                    started = True
            if line.startswith("event: "):
                got_live.append(line[7:])
            if "turn.completed" in got_live and seen_hb >= 2:
                break
    assert got_live[0] == "turn.created"  # the next turn, live
    assert "message.delta" in got_live


def test_sse_bad_params(client):
    sess = make_session(client)
    url = f"/v1/sessions/{sess['id']}/events/stream"
    assert client.get(url, headers={"Last-Event-ID": "abc"}).status_code == 400
    assert client.get(url, params={"turn_id": "trn_missing"}).status_code == 404
    assert client.get("/v1/sessions/ses_missing/events/stream").status_code == 404


def test_files_upload_download_range(client):
    sess = make_session(client)
    sid = sess["id"]
    payload = bytes(range(256)) * 40  # 10240 bytes
    r = client.post(
        f"/v1/sessions/{sid}/files",
        files={"file": ("data.bin", payload, "application/octet-stream")},
    )
    assert r.status_code == 201, r.text
    f = r.json()
    assert f["size_bytes"] == len(payload) and f["sha256"] == hashlib.sha256(payload).hexdigest()
    assert f["source"] == "user" and f["filename"] == "data.bin"
    url = f"/v1/sessions/{sid}/files/{f['id']}/content"
    full = client.get(url)
    assert full.status_code == 200 and full.content == payload
    assert full.headers["accept-ranges"] == "bytes" and full.headers["etag"] == f'"{f["sha256"]}"'
    assert "data.bin" in full.headers["content-disposition"]
    part = client.get(url, headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.content == payload[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{len(payload)}"
    assert client.get(url, headers={"Range": "bytes=-10"}).content == payload[-10:]
    assert client.get(url, headers={"Range": "bytes=10000-"}).content == payload[10000:]
    bad = client.get(url, headers={"Range": "bytes=99999-"})
    assert bad.status_code == 416 and bad.json()["code"] == "range_not_satisfiable"
    assert bad.headers["content-range"] == f"bytes */{len(payload)}"
    assert client.get(f"/v1/sessions/{sid}/files").json()["data"][0]["id"] == f["id"]
    assert client.get(f"/v1/sessions/{sid}/files/{f['id']}").json() == f
    # idempotent upload
    h = {"Idempotency-Key": "upload-1"}
    u1 = client.post(
        f"/v1/sessions/{sid}/files", files={"file": ("a.txt", b"abc", "text/plain")}, headers=h
    )
    u2 = client.post(
        f"/v1/sessions/{sid}/files", files={"file": ("a.txt", b"abc", "text/plain")}, headers=h
    )
    assert u1.json()["id"] == u2.json()["id"]
    assert client.delete(f"/v1/sessions/{sid}/files/{f['id']}").status_code == 204
    assert client.get(url).status_code == 404


def test_upload_too_large_and_malformed(client):
    sess = make_session(client)
    sid = sess["id"]
    big = b"x" * (64 * 1024 + 1)  # limit is 64 KiB in this fixture
    r = client.post(f"/v1/sessions/{sid}/files", files={"file": ("big.bin", big)})
    assert r.status_code == 413 and r.json()["code"] == "payload_too_large"
    huge = b"x" * (512 * 1024)
    r = client.post(f"/v1/sessions/{sid}/files", files={"file": ("huge.bin", huge)})
    assert r.status_code == 413
    r = client.post(
        f"/v1/sessions/{sid}/files", data={"notfile": "x"}, files={"other": ("a", b"b")}
    )
    assert r.status_code == 422
    r = client.post(f"/v1/sessions/{sid}/files", json={"file": "x"})
    assert r.status_code == 415
    assert client.get(f"/v1/sessions/{sid}/files").json()["data"] == []


def test_mcp_servers(client, client_b):
    r = client.post(
        "/v1/mcp-servers", json={"name": "search-mcp", "uri": "https://mcp.example.com/sse"}
    )
    assert r.status_code == 201
    m = r.json()
    assert (
        client.post("/v1/mcp-servers", json={"name": "search-mcp", "uri": "stdio:foo"}).status_code
        == 409
    )
    assert client.post("/v1/mcp-servers", json={"name": "bad", "uri": "ftp://x"}).status_code == 422
    assert client.get(f"/v1/mcp-servers/{m['id']}").json() == m
    assert client_b.get(f"/v1/mcp-servers/{m['id']}").status_code == 404
    sess = make_session(client)
    url = f"/v1/sessions/{sess['id']}/mcp-servers"
    assert client.get(url).json()["data"] == []
    r = client.put(url, json={"mcp_server_ids": [m["id"]]})
    assert r.status_code == 200 and r.json()["data"] == [m] and r.json()["has_more"] is False
    assert client.put(url, json={"mcp_server_ids": ["mcp_missing"]}).status_code == 404
    assert client.delete(f"/v1/mcp-servers/{m['id']}").status_code == 204
    assert client.get(url).json()["data"] == []


def test_skills(client):
    r = client.put("/v1/skills/triage", json={"content": "# Triage", "description": "d"})
    assert r.status_code == 201
    r = client.put("/v1/skills/triage", json={"content": "# Triage v2"})
    assert r.status_code == 200 and r.json()["content"] == "# Triage v2"
    client.put("/v1/skills/alpha", json={"content": "a"})
    names = [s["name"] for s in client.get("/v1/skills").json()["data"]]
    assert names == sorted(names)
    page = client.get("/v1/skills", params={"limit": 1}).json()
    nxt = client.get("/v1/skills", params={"limit": 1, "after": page["next_cursor"]}).json()
    assert nxt["data"][0]["name"] > page["data"][0]["name"]
    assert client.put("/v1/skills/Bad Name", json={"content": "x"}).status_code == 422
    assert client.put("/v1/skills/ok", json={}).status_code == 422
    assert client.get("/v1/skills/triage").json()["description"] is None
    assert client.delete("/v1/skills/triage").status_code == 204
    assert client.get("/v1/skills/triage").status_code == 404


def test_config_generations(client_b):
    c = client_b
    r = c.get("/v1/config")
    assert r.json() == {"config": {}, "generation": 0} and r.headers["etag"] == '"0"'
    r = c.put("/v1/config", json={"config": {"a": 1, "b": {"c": 2}}}, headers={"If-Match": '"0"'})
    assert r.status_code == 200 and r.json()["generation"] == 1 and r.headers["etag"] == '"1"'
    r = c.patch(
        "/v1/config",
        content=b'{"b": {"c": null, "d": 3}, "e": true}',
        headers={"Content-Type": "application/merge-patch+json", "If-Match": '"1"'},
    )
    assert r.json() == {"config": {"a": 1, "b": {"d": 3}, "e": True}, "generation": 2}
    r = c.patch("/v1/config", json={"x": 1}, headers={"If-Match": '"1"'})
    assert r.status_code == 412
    assert c.put("/v1/config", json={"nope": 1}).status_code == 422


def test_schedules_fire(client):
    agent = make_agent(client, name="sched")
    body = {
        "agent_id": agent["id"],
        "interval_seconds": 1,
        "input": [{"type": "user.message", "content": "tick"}],
        "labels": {"job": "tick"},
    }
    r = client.post("/v1/schedules", json=body)
    assert r.status_code == 201
    sch = r.json()
    assert sch["status"] == "active" and sch["next_run_at"] is not None
    assert client.post("/v1/schedules", json={**body, "cron": "*/5 * * * *"}).status_code == 422
    assert (
        client.post(
            "/v1/schedules", json={k: v for k, v in body.items() if k != "interval_seconds"}
        ).status_code
        == 422
    )
    assert (
        client.post(
            "/v1/schedules", json={**body, "interval_seconds": None, "cron": "not cron"}
        ).status_code
        == 422
    )
    deadline = time.monotonic() + 8
    occ = []
    while time.monotonic() < deadline:
        occ = client.get(f"/v1/schedules/{sch['id']}/occurrences").json()["data"]
        if len(occ) >= 2:
            break
        time.sleep(0.1)
    assert len(occ) >= 2 and occ[0]["status"] == "fired"
    s = client.get(f"/v1/sessions/{occ[0]['session_id']}").json()
    assert s["labels"] == {"job": "tick", "schedule_id": sch["id"]}
    t = wait_turn(client, s["id"], occ[0]["turn_id"])
    assert t["result"]["text"] == "tick"
    paused = client.post(f"/v1/schedules/{sch['id']}/pause").json()
    assert paused["status"] == "paused" and paused["next_run_at"] is None
    n = len(
        client.get(f"/v1/schedules/{sch['id']}/occurrences", params={"limit": 100}).json()["data"]
    )
    time.sleep(1.3)
    assert (
        len(
            client.get(f"/v1/schedules/{sch['id']}/occurrences", params={"limit": 100}).json()[
                "data"
            ]
        )
        == n
    )
    assert client.post(f"/v1/schedules/{sch['id']}/resume").json()["status"] == "active"
    up = client.patch(
        f"/v1/schedules/{sch['id']}", json={"cron": "0 9 * * 1", "timezone": "Europe/Paris"}
    ).json()
    assert (
        up["cron"] == "0 9 * * 1"
        and up["interval_seconds"] is None
        and up["next_run_at"].endswith("Z")
    )
    assert client.get("/v1/schedules").json()["data"][0]["id"] == sch["id"]
    assert client.delete(f"/v1/schedules/{sch['id']}").status_code == 204
    assert client.get(f"/v1/schedules/{sch['id']}").status_code == 404
