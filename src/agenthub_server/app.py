"""Starlette application: routing, auth, request ids, problem+json, idempotency, faults."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import schemas as S
from .config import FaultConfig
from .errors import ApiError, problem_body
from .faults import Faults
from .files import iter_file, parse_range, receive_upload
from .idempotency import Idempotency
from .service import Hub, ListParams, parse_if_match
from .sse import SSEResponse
from .util import MAX_SEQUENCE, new_id, parse_json, parse_time
from .validation import check_body

log = logging.getLogger("agenthub_server")
_SANE_REQUEST_ID = re.compile(r"^[\x21-\x7e]{1,128}$")
_LAST_EVENT_ID = re.compile(r"[0-9]{1,18}")  # as the spec declares
_INTEGER = re.compile(r"-?[0-9]{1,20}")
# `label=key:value`: a non-empty key without ':' (keys are at most 64 characters)
LABEL_FILTER = re.compile(r"[^:]{1,64}:.*", re.S)


# ----------------------------------------------------------------------------- helpers
def problem_response(err: ApiError, request_id: str) -> Response:
    headers = dict(err.headers)
    headers["X-Request-Id"] = request_id
    return Response(
        json.dumps(err.problem(request_id)),
        status_code=err.status,
        headers=headers,
        media_type="application/problem+json",
    )


def rid(request: Request) -> str:
    return request.scope.get("state", {}).get("request_id") or new_id("req")


def js(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    try:
        body = text.encode("utf-8")
    except UnicodeEncodeError:
        # a lone surrogate stored before input was checked: \u-escape it rather than fail
        body = json.dumps(data, separators=(",", ":")).encode("ascii")
    return Response(body, status_code=status, headers=headers, media_type="application/json")


class RequestContextMiddleware:
    """X-Request-Id on every response; faults; a problem for any unexpected exception."""

    def __init__(self, app: ASGIApp, hub: Hub, faults: Faults) -> None:
        self.app = app
        self.hub = hub
        self.faults = faults

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = None
        for k, v in scope.get("headers", []):
            if k == b"x-request-id":
                incoming = v.decode("latin-1")
        request_id = incoming if incoming and _SANE_REQUEST_ID.match(incoming) else new_id("req")
        scope.setdefault("state", {})["request_id"] = request_id
        started = False

        async def send_wrapper(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() != b"x-request-id"
                ]
                headers.append((b"x-request-id", request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        path = scope.get("path", "")
        if path != "/v1/health" and not path.startswith("/v1/_test/"):
            retry_after = await self.faults.before_request()
            if retry_after is not None:
                err = ApiError(
                    "service_unavailable",
                    "Injected fault: service unavailable",
                    retry_after=retry_after,
                )
                await problem_response(err, request_id)(scope, receive, send_wrapper)
                return
        try:
            await self.app(scope, receive, send_wrapper)
        except Exception as exc:
            if started:
                return  # mid-stream: abandon the response (connection is closed by the server)
            log.exception("unhandled error on %s %s", scope.get("method"), path, exc_info=exc)
            err = ApiError("internal_error", "An unexpected error occurred")
            await problem_response(err, request_id)(scope, receive, send_wrapper)


class Api:
    def __init__(self, hub: Hub, faults: Faults) -> None:
        self.hub = hub
        self.faults = faults
        self.idem = Idempotency(hub.store)

    # -- request parsing ----------------------------------------------------------------
    def tenant(self, request: Request) -> str:
        auth = request.headers.get("authorization")
        key = None
        if auth is not None:
            scheme, _, value = auth.strip().partition(" ")
            if scheme.lower() != "bearer" or not value.strip():
                raise ApiError("unauthenticated", "Authorization header must be 'Bearer <key>'")
            key = value.strip()
        else:
            key = request.headers.get("x-api-key")
        return self.hub.authenticate(key)

    @staticmethod
    def check_json_type(request: Request) -> None:
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype and not (ctype == "application/json" or ctype.endswith("+json")):
            raise ApiError("unsupported_media_type", f"Expected application/json, got {ctype!r}")

    async def read_body(self, request: Request) -> bytes:
        """The request body, read chunk by chunk and refused (413) as soon as it passes the
        limit, so an oversized body is never held in memory."""
        limit = self.hub.config.max_body_bytes
        length = request.headers.get("content-length", "").strip()
        if length.isdigit() and int(length) > limit:
            raise _too_large(limit)
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise _too_large(limit)
            chunks.append(chunk)
        return b"".join(chunks)

    @staticmethod
    def json_body(raw: bytes) -> Any:
        if not raw.strip():
            raise ApiError("bad_request", "Request body is required (JSON)")
        return parse_json(raw)

    @staticmethod
    def list_params(request: Request, orders: tuple[str, ...] = ("asc", "desc")) -> ListParams:
        q = request.query_params
        limit = 20
        if "limit" in q:
            if not _INTEGER.fullmatch(q["limit"]):
                raise ApiError("bad_request", "'limit' must be an integer 1..100")
            limit = int(q["limit"])
            if not 1 <= limit <= 100:
                raise ApiError("bad_request", "'limit' must be within 1..100")
        order = q.get("order")
        if order is not None and order not in orders:
            raise ApiError("bad_request", "'order' must be 'asc' or 'desc'")
        after = q.get("after") or None  # an empty cursor means "first page"
        return ListParams(limit=limit, after=after, order=order)

    @staticmethod
    def int_param(value: str | None, name: str, minimum: int = 0) -> int | None:
        if value is None:
            return None
        # int() would also take " 5", "+5" and "1_000": a query integer is digits only
        if not _INTEGER.fullmatch(value):
            raise ApiError("bad_request", f"'{name}' must be an integer")
        n = int(value)
        if n < minimum or n > MAX_SEQUENCE:
            raise ApiError("bad_request", f"'{name}' must be within {minimum}..{MAX_SEQUENCE}")
        return n

    # -- endpoint wrapper ---------------------------------------------------------------
    def endpoint(
        self,
        fn: Callable[..., Awaitable[Response]],
        *,
        auth: bool = True,
        body: bool = False,
        idempotent: bool = False,
    ) -> Callable[[Request], Awaitable[Response]]:
        async def handler(request: Request) -> Response:
            request_id = rid(request)
            try:
                tenant = self.tenant(request) if auth else ""
                kwargs: dict[str, Any] = {}
                raw = b""
                if body:
                    self.check_json_type(request)
                    raw = await self.read_body(request)
                    kwargs["data"] = self.json_body(raw)
                if idempotent:
                    key = request.headers.get("idempotency-key")
                    canon = raw
                    if "data" in kwargs:
                        canon = json.dumps(
                            kwargs["data"], sort_keys=True, separators=(",", ":")
                        ).encode()
                    fp = Idempotency.fingerprint(request.method, request.url.path, canon)

                    async def call() -> Response:
                        return await fn(request, tenant, **kwargs)

                    return await self.idem.run(tenant, key, fp, call)
                return await fn(request, tenant, **kwargs)
            except ApiError as err:
                return problem_response(err, request_id)

        return handler

    # -- meta ---------------------------------------------------------------------------
    async def health(self, request: Request, tenant: str) -> Response:
        return js(self.hub.health())

    async def capabilities(self, request: Request, tenant: str) -> Response:
        return js(self.hub.capabilities())

    async def models(self, request: Request, tenant: str) -> Response:
        self.list_params(request)
        return js(self.hub.list_models())

    # -- agents -------------------------------------------------------------------------
    @staticmethod
    def agent_response(agent: dict[str, Any], status: int = 200) -> Response:
        return js(agent, status, {"ETag": f'"{agent["revision"]}"'})

    async def create_agent(self, request: Request, tenant: str, data: Any) -> Response:
        agent = self.hub.create_agent(tenant, data)
        return self.agent_response(agent, 201)

    async def list_agents(self, request: Request, tenant: str) -> Response:
        return js(self.hub.list_agents(tenant, self.list_params(request)))

    async def get_agent(self, request: Request, tenant: str) -> Response:
        return self.agent_response(self.hub.get_agent(tenant, request.path_params["agent_id"]))

    async def update_agent(self, request: Request, tenant: str, data: Any) -> Response:
        if_match = parse_if_match(request.headers.get("if-match") or None)
        agent = self.hub.update_agent(tenant, request.path_params["agent_id"], data, if_match)
        return self.agent_response(agent)

    async def delete_agent(self, request: Request, tenant: str) -> Response:
        self.hub.delete_agent(tenant, request.path_params["agent_id"])
        return Response(status_code=204)

    async def export_agent(self, request: Request, tenant: str) -> Response:
        return js(self.hub.export_agent(tenant, request.path_params["agent_id"]))

    async def import_agent(self, request: Request, tenant: str, data: Any) -> Response:
        status, result = self.hub.import_agent(tenant, data)
        return js(result, status)

    @staticmethod
    def label_filter(request: Request) -> dict[str, str]:
        """The repeatable ``label=key:value`` query filter (sessions, schedules) as a dict."""
        labels: dict[str, str] = {}
        for raw in request.query_params.getlist("label"):
            if not LABEL_FILTER.fullmatch(raw):
                raise ApiError(
                    "bad_request",
                    "'label' must look like key:value (key 1..64 characters without ':')",
                )
            k, _, v = raw.partition(":")
            labels[k] = v
        return labels

    # -- sessions -----------------------------------------------------------------------
    async def create_session(self, request: Request, tenant: str, data: Any) -> Response:
        return js(self.hub.create_session(tenant, data), 201)

    async def list_sessions(self, request: Request, tenant: str) -> Response:
        params = self.list_params(request)
        q = request.query_params
        status = q.get("status")
        labels = self.label_filter(request)
        times = {}
        for name in ("created_after", "created_before"):
            if name in q:
                try:
                    times[name] = parse_time(q[name])
                except (ValueError, OverflowError):
                    raise ApiError(
                        "bad_request", f"'{name}' must be an RFC 3339 date-time"
                    ) from None
        return js(
            self.hub.list_sessions(
                tenant, params, agent_id=q.get("agent_id"), status=status, labels=labels, **times
            )
        )

    async def get_session(self, request: Request, tenant: str) -> Response:
        return js(self.hub.get_session(tenant, request.path_params["session_id"]))

    async def update_session(self, request: Request, tenant: str, data: Any) -> Response:
        return js(self.hub.update_session(tenant, request.path_params["session_id"], data))

    async def delete_session(self, request: Request, tenant: str) -> Response:
        await self.hub.delete_session(tenant, request.path_params["session_id"])
        return Response(status_code=204)

    async def cancel_session(self, request: Request, tenant: str) -> Response:
        return js(await self.hub.cancel_session(tenant, request.path_params["session_id"]))

    async def pause_session(self, request: Request, tenant: str) -> Response:
        return js(self.hub.pause_session(tenant, request.path_params["session_id"]))

    async def resume_session(self, request: Request, tenant: str) -> Response:
        return js(self.hub.resume_session(tenant, request.path_params["session_id"]))

    async def inject_context(self, request: Request, tenant: str, data: Any) -> Response:
        return js(self.hub.inject_context(tenant, request.path_params["session_id"], data), 201)

    # -- turns --------------------------------------------------------------------------
    async def create_turn(self, request: Request, tenant: str, data: Any) -> Response:
        return js(self.hub.create_turn(tenant, request.path_params["session_id"], data), 201)

    async def list_turns(self, request: Request, tenant: str) -> Response:
        return js(
            self.hub.list_turns(
                tenant, request.path_params["session_id"], self.list_params(request)
            )
        )

    async def get_turn(self, request: Request, tenant: str) -> Response:
        p = request.path_params
        return js(self.hub.get_turn(tenant, p["session_id"], p["turn_id"]))

    async def cancel_turn(self, request: Request, tenant: str) -> Response:
        p = request.path_params
        return js(await self.hub.cancel_turn(tenant, p["session_id"], p["turn_id"]))

    # -- events -------------------------------------------------------------------------
    async def list_events(self, request: Request, tenant: str) -> Response:
        params = self.list_params(request)
        q = request.query_params
        after = self.int_param(q.get("after_sequence_number"), "after_sequence_number")
        turn_id = q.get("turn_id") or None
        return js(
            self.hub.list_events(tenant, request.path_params["session_id"], params, after, turn_id)
        )

    async def stream_events(self, request: Request, tenant: str) -> Response:
        q = request.query_params
        session_id = request.path_params["session_id"]
        after = self.int_param(q.get("after_sequence_number"), "after_sequence_number") or 0
        last_id = request.headers.get("last-event-id")
        if last_id is not None and last_id.strip():
            raw_id = last_id.strip()
            if not _LAST_EVENT_ID.fullmatch(raw_id) or int(raw_id) > MAX_SEQUENCE:
                raise ApiError(
                    "bad_request",
                    "Last-Event-ID must be an event sequence number (1 to 18 digits)",
                )
            after = max(after, int(raw_id))
        turn_id = q.get("turn_id") or None
        accept = request.headers.get("accept", "")
        if accept and not any(
            a.split(";")[0].strip() in ("text/event-stream", "*/*", "text/*")
            for a in accept.split(",")
        ):
            raise ApiError("not_acceptable", "This endpoint only produces text/event-stream")
        turn = self.hub.check_stream(tenant, session_id, turn_id)
        terminal = turn is not None and turn["status"] in S.TERMINAL_TURN
        return SSEResponse(  # type: ignore[return-value]
            self.hub,
            session_id,
            after,
            turn_id,
            terminal,
            {"x-request-id": rid(request)},
            self.faults.drop_every,
        )

    # -- elicitations -------------------------------------------------------------------
    async def list_elicitations(self, request: Request, tenant: str) -> Response:
        status = request.query_params.get("status")
        if status is not None and status not in ("pending", "resolved"):
            raise ApiError("bad_request", "'status' must be 'pending' or 'resolved'")
        return js(
            self.hub.list_elicitations(
                tenant, request.path_params["session_id"], self.list_params(request), status
            )
        )

    async def get_elicitation(self, request: Request, tenant: str) -> Response:
        p = request.path_params
        return js(self.hub.get_elicitation(tenant, p["session_id"], p["elicitation_id"]))

    async def resolve_elicitation(self, request: Request, tenant: str, data: Any) -> Response:
        p = request.path_params
        return js(self.hub.resolve_elicitation(tenant, p["session_id"], p["elicitation_id"], data))

    # -- files --------------------------------------------------------------------------
    async def upload_file(self, request: Request, tenant: str) -> Response:
        request_id = rid(request)
        session_id = request.path_params["session_id"]
        try:
            self.hub._session_doc(tenant, session_id)
            limit = self.hub.config.max_upload_bytes
            length = request.headers.get("content-length")
            if length and length.isdigit() and int(length) > limit + 64 * 1024:
                raise ApiError("payload_too_large", f"Upload exceeds the limit of {limit} bytes")
            info = await receive_upload(
                self.hub.blobs, request.headers.get("content-type", ""), request.stream(), limit
            )
        except ApiError as err:
            return problem_response(err, request_id)
        key = request.headers.get("idempotency-key")
        fp = Idempotency.fingerprint(
            "POST",
            request.url.path,
            f"{info['filename']}\n{info['content_type']}\n{info['sha256']}".encode(),
        )
        created: list[bool] = []

        async def call() -> Response:
            created.append(True)
            f = self.hub.add_file_record(tenant, session_id, info, "user")
            return js(f, 201)

        try:
            response = await self.idem.run(tenant, key, fp, call)
        except ApiError as err:
            self.hub.blobs.remove(info["blob_id"])
            return problem_response(err, request_id)
        if not created:
            self.hub.blobs.remove(info["blob_id"])
        return response

    async def list_files(self, request: Request, tenant: str) -> Response:
        return js(
            self.hub.list_files(
                tenant, request.path_params["session_id"], self.list_params(request)
            )
        )

    async def get_file(self, request: Request, tenant: str) -> Response:
        p = request.path_params
        return js(self.hub.get_file(tenant, p["session_id"], p["file_id"]))

    async def download_file(self, request: Request, tenant: str) -> Response:
        p = request.path_params
        f, path = self.hub.file_blob(tenant, p["session_id"], p["file_id"])
        size = f["size_bytes"]
        etag = f'"{f["sha256"]}"'
        headers = {
            "Accept-Ranges": "bytes",
            "ETag": etag,
            "Content-Disposition": _disposition(f["filename"]),
        }
        rng = parse_range(request.headers.get("range"), size)
        if_range = request.headers.get("if-range")
        if rng is not None and if_range is not None and if_range.strip() != etag:
            rng = None
        if rng is None:
            headers["Content-Length"] = str(size)
            return StreamingResponse(
                iter_file(path, 0, size),
                status_code=200,
                headers=headers,
                media_type=f["content_type"],
            )
        start, end = rng
        length = end - start + 1
        headers["Content-Length"] = str(length)
        headers["Content-Range"] = f"bytes {start}-{end}/{size}"
        return StreamingResponse(
            iter_file(path, start, length),
            status_code=206,
            headers=headers,
            media_type=f["content_type"],
        )

    async def delete_file(self, request: Request, tenant: str) -> Response:
        p = request.path_params
        self.hub.delete_file(tenant, p["session_id"], p["file_id"])
        return Response(status_code=204)

    # -- MCP servers ----------------------------------------------------------------------
    async def create_mcp_server(self, request: Request, tenant: str, data: Any) -> Response:
        return js(self.hub.create_mcp_server(tenant, data), 201)

    async def list_mcp_servers(self, request: Request, tenant: str) -> Response:
        return js(self.hub.list_mcp_servers(tenant, self.list_params(request)))

    async def get_mcp_server(self, request: Request, tenant: str) -> Response:
        return js(self.hub.get_mcp_server(tenant, request.path_params["mcp_server_id"]))

    async def delete_mcp_server(self, request: Request, tenant: str) -> Response:
        self.hub.delete_mcp_server(tenant, request.path_params["mcp_server_id"])
        return Response(status_code=204)

    async def list_session_mcp_servers(self, request: Request, tenant: str) -> Response:
        return js(self.hub.list_session_mcp_servers(tenant, request.path_params["session_id"]))

    async def set_session_mcp_servers(self, request: Request, tenant: str, data: Any) -> Response:
        return js(self.hub.set_session_mcp_servers(tenant, request.path_params["session_id"], data))

    # -- skills -------------------------------------------------------------------------
    async def put_skill(self, request: Request, tenant: str, data: Any) -> Response:
        status, skill = self.hub.put_skill(tenant, request.path_params["name"], data)
        return js(skill, status)

    async def list_skills(self, request: Request, tenant: str) -> Response:
        return js(self.hub.list_skills(tenant, self.list_params(request)))

    async def get_skill(self, request: Request, tenant: str) -> Response:
        return js(self.hub.get_skill(tenant, request.path_params["name"]))

    async def delete_skill(self, request: Request, tenant: str) -> Response:
        self.hub.delete_skill(tenant, request.path_params["name"])
        return Response(status_code=204)

    # -- schedules ----------------------------------------------------------------------
    async def create_schedule(self, request: Request, tenant: str, data: Any) -> Response:
        return js(self.hub.create_schedule(tenant, data), 201)

    async def list_schedules(self, request: Request, tenant: str) -> Response:
        labels = self.label_filter(request)
        return js(self.hub.list_schedules(tenant, self.list_params(request), labels=labels))

    async def get_schedule(self, request: Request, tenant: str) -> Response:
        return js(self.hub.get_schedule(tenant, request.path_params["schedule_id"]))

    async def update_schedule(self, request: Request, tenant: str, data: Any) -> Response:
        return js(self.hub.update_schedule(tenant, request.path_params["schedule_id"], data))

    async def delete_schedule(self, request: Request, tenant: str) -> Response:
        self.hub.delete_schedule(tenant, request.path_params["schedule_id"])
        return Response(status_code=204)

    async def pause_schedule(self, request: Request, tenant: str) -> Response:
        return js(self.hub.pause_schedule(tenant, request.path_params["schedule_id"]))

    async def resume_schedule(self, request: Request, tenant: str) -> Response:
        return js(self.hub.resume_schedule(tenant, request.path_params["schedule_id"]))

    async def list_occurrences(self, request: Request, tenant: str) -> Response:
        return js(
            self.hub.list_occurrences(
                tenant, request.path_params["schedule_id"], self.list_params(request)
            )
        )

    # -- config -------------------------------------------------------------------------
    @staticmethod
    def config_response(env: dict[str, Any]) -> Response:
        return js(env, 200, {"ETag": f'"{env["generation"]}"'})

    async def get_config(self, request: Request, tenant: str) -> Response:
        return self.config_response(self.hub.get_config(tenant))

    async def replace_config(self, request: Request, tenant: str, data: Any) -> Response:
        if_match = parse_if_match(request.headers.get("if-match") or None)
        return self.config_response(self.hub.replace_config(tenant, data, if_match))

    async def patch_config(self, request: Request, tenant: str, data: Any) -> Response:
        if_match = parse_if_match(request.headers.get("if-match") or None)
        return self.config_response(self.hub.patch_config(tenant, data, if_match))

    # -- test-only ----------------------------------------------------------------------
    async def test_faults(self, request: Request, tenant: str, data: Any) -> Response:
        cfg = check_body(S.fault_config, data)
        self.faults.set(FaultConfig(**cfg))
        return js(asdict(self.faults.config))

    async def test_api_keys(self, request: Request, tenant: str, data: Any) -> Response:
        body = check_body(S.api_key_add, data)
        self.hub.add_api_key(body["api_key"])
        return js({"api_key": body["api_key"], "added": True}, 201)


def _too_large(limit: int) -> ApiError:
    return ApiError("payload_too_large", f"Request body exceeds the limit of {limit} bytes")


def _disposition(filename: str) -> str:
    from urllib.parse import quote

    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "'").replace("\\", "_")
    ascii_name = "".join(c if 32 <= ord(c) < 127 else "_" for c in ascii_name)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def build_app(hub: Hub, faults: Faults, *, test_endpoints: bool = False) -> Starlette:
    api = Api(hub, faults)
    e = api.endpoint

    def r(path: str, fn: Any, method: str, **kw: Any) -> Route:
        return Route(path, e(fn, **kw), methods=[method])

    post = {"body": True, "idempotent": True}
    routes = [
        r("/v1/health", api.health, "GET", auth=False),
        r("/v1/capabilities", api.capabilities, "GET"),
        r("/v1/models", api.models, "GET"),
        r("/v1/agents", api.create_agent, "POST", **post),
        r("/v1/agents", api.list_agents, "GET"),
        r("/v1/agents/import", api.import_agent, "POST", **post),
        r("/v1/agents/{agent_id}", api.get_agent, "GET"),
        r("/v1/agents/{agent_id}", api.update_agent, "PATCH", body=True),
        r("/v1/agents/{agent_id}", api.delete_agent, "DELETE"),
        r("/v1/agents/{agent_id}/export", api.export_agent, "GET"),
        r("/v1/sessions", api.create_session, "POST", **post),
        r("/v1/sessions", api.list_sessions, "GET"),
        r("/v1/sessions/{session_id}", api.get_session, "GET"),
        r("/v1/sessions/{session_id}", api.update_session, "PATCH", body=True),
        r("/v1/sessions/{session_id}", api.delete_session, "DELETE"),
        r("/v1/sessions/{session_id}/cancel", api.cancel_session, "POST", idempotent=True),
        r("/v1/sessions/{session_id}/pause", api.pause_session, "POST", idempotent=True),
        r("/v1/sessions/{session_id}/resume", api.resume_session, "POST", idempotent=True),
        r("/v1/sessions/{session_id}/context", api.inject_context, "POST", **post),
        r("/v1/sessions/{session_id}/turns", api.create_turn, "POST", **post),
        r("/v1/sessions/{session_id}/turns", api.list_turns, "GET"),
        r("/v1/sessions/{session_id}/turns/{turn_id}", api.get_turn, "GET"),
        r(
            "/v1/sessions/{session_id}/turns/{turn_id}/cancel",
            api.cancel_turn,
            "POST",
            idempotent=True,
        ),
        r("/v1/sessions/{session_id}/events", api.list_events, "GET"),
        r("/v1/sessions/{session_id}/events/stream", api.stream_events, "GET"),
        r("/v1/sessions/{session_id}/elicitations", api.list_elicitations, "GET"),
        r("/v1/sessions/{session_id}/elicitations/{elicitation_id}", api.get_elicitation, "GET"),
        r(
            "/v1/sessions/{session_id}/elicitations/{elicitation_id}/resolve",
            api.resolve_elicitation,
            "POST",
            **post,
        ),
        Route("/v1/sessions/{session_id}/files", e(api.upload_file), methods=["POST"]),
        r("/v1/sessions/{session_id}/files", api.list_files, "GET"),
        r("/v1/sessions/{session_id}/files/{file_id}", api.get_file, "GET"),
        r("/v1/sessions/{session_id}/files/{file_id}", api.delete_file, "DELETE"),
        r("/v1/sessions/{session_id}/files/{file_id}/content", api.download_file, "GET"),
        r("/v1/mcp-servers", api.create_mcp_server, "POST", **post),
        r("/v1/mcp-servers", api.list_mcp_servers, "GET"),
        r("/v1/mcp-servers/{mcp_server_id}", api.get_mcp_server, "GET"),
        r("/v1/mcp-servers/{mcp_server_id}", api.delete_mcp_server, "DELETE"),
        r("/v1/sessions/{session_id}/mcp-servers", api.list_session_mcp_servers, "GET"),
        r("/v1/sessions/{session_id}/mcp-servers", api.set_session_mcp_servers, "PUT", body=True),
        r("/v1/skills", api.list_skills, "GET"),
        r("/v1/skills/{name}", api.put_skill, "PUT", body=True),
        r("/v1/skills/{name}", api.get_skill, "GET"),
        r("/v1/skills/{name}", api.delete_skill, "DELETE"),
        r("/v1/schedules", api.create_schedule, "POST", **post),
        r("/v1/schedules", api.list_schedules, "GET"),
        r("/v1/schedules/{schedule_id}", api.get_schedule, "GET"),
        r("/v1/schedules/{schedule_id}", api.update_schedule, "PATCH", body=True),
        r("/v1/schedules/{schedule_id}", api.delete_schedule, "DELETE"),
        r("/v1/schedules/{schedule_id}/pause", api.pause_schedule, "POST", idempotent=True),
        r("/v1/schedules/{schedule_id}/resume", api.resume_schedule, "POST", idempotent=True),
        r("/v1/schedules/{schedule_id}/occurrences", api.list_occurrences, "GET"),
        r("/v1/config", api.get_config, "GET"),
        r("/v1/config", api.replace_config, "PUT", body=True),
        r("/v1/config", api.patch_config, "PATCH", body=True),
    ]
    if test_endpoints:
        routes += [
            # test-only, but never open: any valid API key is needed (fault injection and
            # key creation would otherwise be a free-for-all on a reachable test server)
            r("/v1/_test/faults", api.test_faults, "POST", body=True),
            r("/v1/_test/api-keys", api.test_api_keys, "POST", body=True),
        ]
    routes = _merge_methods(routes)

    async def http_exception(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "bad_request")
        detail = {
            404: f"No route for {request.url.path}",
            405: f"Method {request.method} is not allowed on {request.url.path}",
        }.get(exc.status_code, str(exc.detail))
        err = ApiError(code, detail, status=exc.status_code, headers=dict(exc.headers or {}))
        return problem_response(err, rid(request))

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return problem_response(exc, rid(request))

    async def unexpected_error(request: Request, exc: Exception) -> Response:
        # Starlette's ServerErrorMiddleware calls this instead of answering text/plain.
        log.error(
            "unhandled error on %s %s (request %s)",
            request.method,
            request.url.path,
            rid(request),
            exc_info=exc,
        )
        err = ApiError("internal_error", "An unexpected error occurred")
        return problem_response(err, rid(request))

    app = Starlette(
        routes=routes,
        exception_handlers={
            HTTPException: http_exception,
            ApiError: api_error,
            Exception: unexpected_error,
        },
    )
    app.state.hub = hub
    # `/v1/sessions/` (an empty id) is a 404 problem, not a 307 redirect to a different
    # resource: clients that build paths from ids must see their bad input as such.
    app.router.redirect_slashes = False
    return RequestContextMiddleware(app, hub, faults)  # type: ignore[return-value]


def _merge_methods(routes: list[Route]) -> list[Route]:
    """One Route per path dispatching on method (so a wrong method is a 405, not a 404)."""
    by_path: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    for route in routes:
        if route.path not in by_path:
            by_path[route.path] = {}
            order.append(route.path)
        for m in route.methods or ():
            if m != "HEAD":
                by_path[route.path][m] = route.endpoint
    merged = []
    for path in order:
        handlers = by_path[path]

        def make(handlers: dict[str, Any]) -> Any:
            allow = ", ".join(sorted(handlers))

            async def dispatch(request: Request) -> Response:
                h = handlers.get(request.method)
                if h is None and request.method == "HEAD":
                    h = handlers.get("GET")
                if h is None:
                    raise HTTPException(405, headers={"Allow": allow})
                return await h(request)  # type: ignore[no-any-return]

            return dispatch

        merged.append(
            Route(
                path,
                make(handlers),
                methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
            )
        )
    return merged


__all__ = ["build_app", "problem_body"]
