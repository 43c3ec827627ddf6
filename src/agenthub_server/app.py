"""Starlette application: routing, auth, request ids, problem+json, idempotency, faults.

Every operation is one row of :data:`OPERATIONS` (method, path, the Hub method, status, what
the request carries); one generic handler turns a row into a call of the Hub and its answer.
Only the operations whose shape is their own (the SSE stream, uploads, downloads, test-only
endpoints) have a handler of their own here.
"""

from __future__ import annotations

import inspect
import json
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
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
from .util import MAX_SEQUENCE, dumps_bytes, new_id, parse_json, parse_time
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
    # a lone surrogate stored before input was checked is \u-escaped rather than failing
    body = dumps_bytes(data)
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
            injected = await self.faults.before_request()
            if injected is not None:
                await problem_response(injected, request_id)(scope, receive, send_wrapper)
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
                key = request.headers.get("idempotency-key") if idempotent else None
                if key is not None:
                    # the request's fingerprint only matters (and is only paid for) with a key
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

    # -- generic operation ------------------------------------------------------------
    def operation(self, op: Op) -> Callable[..., Awaitable[Response]]:
        """The handler of one row: ``hub.<op.call>(tenant, *path params, [ListParams],
        [body], [If-Match], **query)``; a ``(status, body)`` result sets the status, ``None``
        answers 204."""
        if op.custom:
            handler: Callable[..., Awaitable[Response]] = getattr(self, op.call)
            return handler
        call = getattr(self.hub, op.call)
        names = _PATH_PARAM.findall(op.path)
        extra = getattr(self, op.query) if op.query else None

        async def handle(request: Request, tenant: str, data: Any = None) -> Response:
            args: list[Any] = [tenant] if op.tenant else []
            args += [request.path_params[n] for n in names]
            if op.page:
                args.append(self.list_params(request))
            kwargs = extra(request) if extra is not None else {}
            if op.body:
                args.append(data)
            if op.if_match:
                args.append(parse_if_match(request.headers.get("if-match") or None))
            result = call(*args, **kwargs)
            if inspect.isawaitable(result):
                result = await result
            status = op.status
            if isinstance(result, tuple):
                status, result = result
            if result is None:
                return Response(status_code=204)
            return js(result, status, {"ETag": f'"{result[op.etag]}"'} if op.etag else None)

        return handle

    # -- query filters (keyword arguments of the Hub's list methods) --------------------
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

    def session_filters(self, request: Request) -> dict[str, Any]:
        q = request.query_params
        found: dict[str, Any] = {
            "agent_id": q.get("agent_id"),
            "status": q.get("status"),
            "labels": self.label_filter(request),
        }
        for name in ("created_after", "created_before"):
            if name in q:
                try:
                    found[name] = parse_time(q[name])
                except (ValueError, OverflowError):
                    raise ApiError(
                        "bad_request", f"'{name}' must be an RFC 3339 date-time"
                    ) from None
        return found

    def schedule_filters(self, request: Request) -> dict[str, Any]:
        return {"labels": self.label_filter(request)}

    def event_filters(self, request: Request) -> dict[str, Any]:
        q = request.query_params
        return {
            "after_sequence_number": self.int_param(
                q.get("after_sequence_number"), "after_sequence_number"
            ),
            "turn_id": q.get("turn_id") or None,
        }

    @staticmethod
    def elicitation_filters(request: Request) -> dict[str, Any]:
        status = request.query_params.get("status")
        if status is not None and status not in ("pending", "resolved"):
            raise ApiError("bad_request", "'status' must be 'pending' or 'resolved'")
        return {"status": status}

    # -- operations with a shape of their own -------------------------------------------
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

    # -- test-only ----------------------------------------------------------------------
    async def test_faults(self, request: Request, tenant: str, data: Any) -> Response:
        cfg = check_body(S.fault_config, data)
        self.faults.set(FaultConfig(**cfg))
        return js(asdict(self.faults.config))

    async def test_api_keys(self, request: Request, tenant: str, data: Any) -> Response:
        body = check_body(S.api_key_add, data)
        self.hub.add_api_key(body["api_key"])
        return js({"api_key": body["api_key"], "added": True}, 201)


@dataclass(frozen=True)
class Op:
    """One REST operation of the contract, declared once."""

    method: str
    path: str
    call: str  # the Hub method (or, with ``custom``, the Api handler) it runs
    status: int = 200
    body: bool = False  # a JSON request body is read, checked and passed on
    idempotent: bool = False  # Idempotency-Key replays the first answer
    page: bool = False  # ListParams from limit / after / order
    if_match: bool = False  # the parsed If-Match header is passed on
    etag: str | None = None  # the answer's field sent as its ETag
    query: str | None = None  # the Api method giving the call's keyword filters
    tenant: bool = True  # the Hub method takes the caller's tenant first
    auth: bool = True
    custom: bool = False  # ``call`` names an Api handler(request, tenant[, data])


_PATH_PARAM = re.compile(r"{(\w+)}")


def _create(path: str, call: str, **more: Any) -> Op:
    """A POST that makes something: JSON body, Idempotency-Key, 201."""
    return Op("POST", path, call, status=201, body=True, idempotent=True, **more)


_S = "/v1/sessions/{session_id}"

OPERATIONS = [
    Op("GET", "/v1/health", "health", tenant=False, auth=False),
    Op("GET", "/v1/capabilities", "capabilities", tenant=False),
    Op("GET", "/v1/models", "list_models", tenant=False, page=True),
    # agents
    _create("/v1/agents", "create_agent", etag="revision"),
    Op("GET", "/v1/agents", "list_agents", page=True),
    _create("/v1/agents/import", "import_agent"),
    Op("GET", "/v1/agents/{agent_id}", "get_agent", etag="revision"),
    Op("PATCH", "/v1/agents/{agent_id}", "update_agent", body=True, if_match=True, etag="revision"),
    Op("DELETE", "/v1/agents/{agent_id}", "delete_agent"),
    Op("GET", "/v1/agents/{agent_id}/export", "export_agent"),
    # sessions
    _create("/v1/sessions", "create_session"),
    Op("GET", "/v1/sessions", "list_sessions", page=True, query="session_filters"),
    Op("GET", _S, "get_session"),
    Op("PATCH", _S, "update_session", body=True),
    Op("DELETE", _S, "delete_session"),
    Op("POST", _S + "/cancel", "cancel_session", idempotent=True),
    Op("POST", _S + "/pause", "pause_session", idempotent=True),
    Op("POST", _S + "/resume", "resume_session", idempotent=True),
    _create(_S + "/context", "inject_context"),
    # turns
    _create(_S + "/turns", "create_turn"),
    Op("GET", _S + "/turns", "list_turns", page=True),
    Op("GET", _S + "/turns/{turn_id}", "get_turn"),
    Op("POST", _S + "/turns/{turn_id}/cancel", "cancel_turn", idempotent=True),
    # events
    Op("GET", _S + "/events", "list_events", page=True, query="event_filters"),
    Op("GET", _S + "/events/stream", "stream_events", custom=True),
    # elicitations
    Op("GET", _S + "/elicitations", "list_elicitations", page=True, query="elicitation_filters"),
    Op("GET", _S + "/elicitations/{elicitation_id}", "get_elicitation"),
    Op(
        "POST",
        _S + "/elicitations/{elicitation_id}/resolve",
        "resolve_elicitation",
        body=True,
        idempotent=True,
    ),
    # files
    Op("POST", _S + "/files", "upload_file", custom=True),
    Op("GET", _S + "/files", "list_files", page=True),
    Op("GET", _S + "/files/{file_id}", "get_file"),
    Op("DELETE", _S + "/files/{file_id}", "delete_file"),
    Op("GET", _S + "/files/{file_id}/content", "download_file", custom=True),
    # MCP servers
    _create("/v1/mcp-servers", "create_mcp_server"),
    Op("GET", "/v1/mcp-servers", "list_mcp_servers", page=True),
    Op("GET", "/v1/mcp-servers/{mcp_server_id}", "get_mcp_server"),
    Op("DELETE", "/v1/mcp-servers/{mcp_server_id}", "delete_mcp_server"),
    Op("GET", _S + "/mcp-servers", "list_session_mcp_servers"),
    Op("PUT", _S + "/mcp-servers", "set_session_mcp_servers", body=True),
    # skills
    Op("GET", "/v1/skills", "list_skills", page=True),
    Op("PUT", "/v1/skills/{name}", "put_skill", body=True),
    Op("GET", "/v1/skills/{name}", "get_skill"),
    Op("DELETE", "/v1/skills/{name}", "delete_skill"),
    # schedules
    _create("/v1/schedules", "create_schedule"),
    Op("GET", "/v1/schedules", "list_schedules", page=True, query="schedule_filters"),
    Op("GET", "/v1/schedules/{schedule_id}", "get_schedule"),
    Op("PATCH", "/v1/schedules/{schedule_id}", "update_schedule", body=True),
    Op("DELETE", "/v1/schedules/{schedule_id}", "delete_schedule"),
    Op("POST", "/v1/schedules/{schedule_id}/pause", "pause_schedule", idempotent=True),
    Op("POST", "/v1/schedules/{schedule_id}/resume", "resume_schedule", idempotent=True),
    Op("GET", "/v1/schedules/{schedule_id}/occurrences", "list_occurrences", page=True),
    # config
    Op("GET", "/v1/config", "get_config", etag="generation"),
    Op("PUT", "/v1/config", "replace_config", body=True, if_match=True, etag="generation"),
    Op("PATCH", "/v1/config", "patch_config", body=True, if_match=True, etag="generation"),
]
# test-only, but never open: any valid API key is needed (fault injection and key creation
# would otherwise be a free-for-all on a reachable test server)
TEST_OPERATIONS = [
    Op("POST", "/v1/_test/faults", "test_faults", body=True, custom=True),
    Op("POST", "/v1/_test/api-keys", "test_api_keys", body=True, custom=True),
]


def _too_large(limit: int) -> ApiError:
    return ApiError("payload_too_large", f"Request body exceeds the limit of {limit} bytes")


def _disposition(filename: str) -> str:
    from urllib.parse import quote

    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "'").replace("\\", "_")
    ascii_name = "".join(c if 32 <= ord(c) < 127 else "_" for c in ascii_name)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def build_app(hub: Hub, faults: Faults, *, test_endpoints: bool = False) -> Starlette:
    api = Api(hub, faults)
    ops = OPERATIONS + (TEST_OPERATIONS if test_endpoints else [])
    routes = [
        Route(
            op.path,
            api.endpoint(api.operation(op), auth=op.auth, body=op.body, idempotent=op.idempotent),
            methods=[op.method],
        )
        for op in ops
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
