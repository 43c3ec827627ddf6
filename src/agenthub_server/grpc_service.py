"""gRPC SessionService (grpc.aio) on the same Hub as REST.

Errors are status codes with ``google.rpc.Status`` details: ``ErrorInfo{reason=<REST code>,
domain="agenthub", metadata{request_id, http_status}}`` and ``RetryInfo`` when a retry delay
applies. Every call answers initial metadata ``x-request-id``.
"""

from __future__ import annotations

import inspect
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, NoReturn, TypeVar

import grpc
from agenthub_proto.v1 import (
    common_pb2,
    events_pb2,
)
from agenthub_proto.v1 import (
    session_service_pb2 as pb,
)
from agenthub_proto.v1 import (
    session_service_pb2_grpc as pb_grpc,
)
from google.protobuf import any_pb2, duration_pb2
from google.protobuf.message import Message
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from . import convert
from .errors import ApiError
from .faults import Faults
from .idempotency import Idempotency
from .service import Hub, ListParams
from .streaming import HEARTBEAT, follow
from .util import new_id, parse_time

log = logging.getLogger("agenthub_server.grpc")

_M = TypeVar("_M", bound=Message)


def to_status(err: ApiError, request_id: str) -> grpc.Status:
    info = error_details_pb2.ErrorInfo(
        reason=err.code,
        domain="agenthub",
        metadata={"request_id": request_id, "http_status": str(err.status)},
    )
    details = [any_pb2.Any()]
    details[0].Pack(info)
    if err.errors:
        br = error_details_pb2.BadRequest(
            field_violations=[
                error_details_pb2.BadRequest.FieldViolation(
                    field=".".join(str(p) for p in e["loc"]), description=e["msg"]
                )
                for e in err.errors
            ]
        )
        a = any_pb2.Any()
        a.Pack(br)
        details.append(a)
    if err.retry_after is not None:
        ri = error_details_pb2.RetryInfo(
            retry_delay=duration_pb2.Duration(seconds=int(err.retry_after))
        )
        a = any_pb2.Any()
        a.Pack(ri)
        details.append(a)
    st = status_pb2.Status(
        code=code_pb2.Code.Value(err.grpc_status), message=err.detail, details=details
    )
    return rpc_status.to_status(st)


async def _abort(context: grpc.aio.ServicerContext, status: grpc.Status) -> NoReturn:
    """``abort_with_status`` always raises; grpc ships no stubs, so say so to the type checker."""
    await context.abort_with_status(status)
    raise AssertionError("ServicerContext.abort_with_status returned instead of raising")


def _unary_rpc(
    response_type: type[_M],
    to_proto: Callable[[dict[str, Any]], _M],
    hub_method: str,
    *id_fields: str,
    body: bool = False,
) -> Any:
    """A unary RPC over a Hub method: ``hub.<hub_method>(tenant, *request.<id_fields>[,
    body])`` (awaited when it is a coroutine), answered as ``response_type``; the request's
    ``idempotency_key``, when its message has one, replays the first answer.

    Returns the servicer method ``async (self, request, context) -> response_type`` (typed
    ``Any``: mypy cannot match a callable class attribute against the stub's method)."""

    async def rpc(self: SessionService, request: Any, context: grpc.aio.ServicerContext) -> _M:
        async def fn(tenant: str) -> _M:
            args: list[Any] = [getattr(request, f) for f in id_fields]
            if body:
                # generic: the same body REST would send, validated by the same contract
                data = convert.message_to_body(request)
                if data.get("previous_turn_id") == "":
                    data["previous_turn_id"] = None  # proto has no null: "" asks for "no previous"
                args.append(data)
            result = getattr(self.hub, hub_method)(tenant, *args)
            if inspect.isawaitable(result):
                result = await result
            return to_proto(result)

        has_key = "idempotency_key" in request.DESCRIPTOR.fields_by_name
        key = request.idempotency_key if has_key and request.HasField("idempotency_key") else None
        return await self._unary(
            context, fn, idem_key=key, request=request, response_type=response_type
        )

    return rpc


class SessionService(pb_grpc.SessionServiceServicer):
    def __init__(self, hub: Hub, faults: Faults) -> None:
        self.hub = hub
        self.faults = faults
        self.idem = Idempotency(hub.store)

    # -- plumbing -----------------------------------------------------------------------
    def _tenant(self, context: grpc.aio.ServicerContext) -> str:
        md = {k.lower(): v for k, v in (context.invocation_metadata() or ())}
        auth = md.get("authorization")
        key = None
        if auth is not None:
            scheme, _, value = str(auth).strip().partition(" ")
            if scheme.lower() != "bearer" or not value.strip():
                raise ApiError("unauthenticated", "authorization metadata must be 'Bearer <key>'")
            key = value.strip()
        else:
            key = md.get("x-api-key")
        return self.hub.authenticate(str(key) if key else None)

    def _request_id(self, context: grpc.aio.ServicerContext) -> str:
        md = {k.lower(): v for k, v in (context.invocation_metadata() or ())}
        rid = md.get("x-request-id")
        return str(rid) if rid and 0 < len(str(rid)) <= 128 else new_id("req")

    async def _admit(self, context: grpc.aio.ServicerContext) -> str:
        """Fault injection, then authentication, for every RPC: the caller's tenant, or
        ``ApiError`` (an injected fault, or 401)."""
        injected = await self.faults.before_request()
        if injected is not None:
            raise injected
        return self._tenant(context)

    async def _unary(
        self,
        context: grpc.aio.ServicerContext,
        fn: Callable[[str], Awaitable[_M]],
        *,
        idem_key: str | None = None,
        request: Message | None = None,
        response_type: type[_M] | None = None,
    ) -> _M:
        request_id = self._request_id(context)
        await context.send_initial_metadata((("x-request-id", request_id),))
        try:
            tenant = await self._admit(context)
            if idem_key and request is not None and response_type is not None:
                return await self._idempotent(tenant, idem_key, context, request, response_type, fn)
            return await fn(tenant)
        except ApiError as err:
            await _abort(context, to_status(err, request_id))
        except grpc.aio.AbortError:
            raise
        except Exception as exc:
            log.exception("unhandled gRPC error", exc_info=exc)
            await _abort(
                context,
                to_status(ApiError("internal_error", "An unexpected error occurred"), request_id),
            )

    async def _idempotent(
        self,
        tenant: str,
        key: str,
        context: grpc.aio.ServicerContext,
        request: Message,
        response_type: type[_M],
        fn: Callable[[str], Awaitable[_M]],
    ) -> _M:
        req = type(request)()
        req.CopyFrom(request)
        req.ClearField("idempotency_key")
        fp = Idempotency.fingerprint(
            "GRPC", type(request).__name__, req.SerializeToString(deterministic=True)
        )
        from starlette.responses import Response

        result: list[_M] = []

        async def call() -> Response:
            msg = await fn(tenant)
            result.append(msg)
            return Response(
                msg.SerializeToString(), status_code=200, media_type="application/x-protobuf"
            )

        response = await self.idem.run(tenant, key, fp, call)
        if result:
            return result[0]
        out = response_type()
        out.ParseFromString(bytes(response.body))
        return out

    # -- RPCs -----------------------------------------------------------------------------
    # The unary RPCs are declared once each, as REST's OPERATIONS are: the Hub method, the
    # request fields it takes, whether the request's fields form a body, and the answer.
    CreateSession = _unary_rpc(
        common_pb2.Session, convert.session_to_proto, "create_session", body=True
    )
    GetSession = _unary_rpc(
        common_pb2.Session, convert.session_to_proto, "get_session", "session_id"
    )
    CancelSession = _unary_rpc(
        common_pb2.Session, convert.session_to_proto, "cancel_session", "session_id"
    )
    CreateTurn = _unary_rpc(
        common_pb2.Turn, convert.turn_to_proto, "create_turn", "session_id", body=True
    )
    GetTurn = _unary_rpc(
        common_pb2.Turn, convert.turn_to_proto, "get_turn", "session_id", "turn_id"
    )
    CancelTurn = _unary_rpc(
        common_pb2.Turn, convert.turn_to_proto, "cancel_turn", "session_id", "turn_id"
    )
    ResolveElicitation = _unary_rpc(
        common_pb2.Elicitation,
        convert.elicitation_to_proto,
        "resolve_elicitation",
        "session_id",
        "elicitation_id",
        body=True,
    )

    async def ListSessions(
        self, request: pb.ListSessionsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListSessionsResponse:
        async def fn(tenant: str) -> pb.ListSessionsResponse:
            limit = request.limit if request.HasField("limit") else 20
            if not 1 <= limit <= 100:
                raise ApiError("bad_request", "'limit' must be within 1..100")
            order = request.order if request.HasField("order") else None
            if order is not None and order not in ("asc", "desc"):
                raise ApiError("bad_request", "'order' must be 'asc' or 'desc'")
            params = ListParams(
                limit=limit, after=request.after if request.HasField("after") else None, order=order
            )
            times = {}
            for name in ("created_after", "created_before"):
                if request.HasField(name):
                    try:
                        times[name] = parse_time(getattr(request, name))
                    except (ValueError, OverflowError):
                        raise ApiError(
                            "bad_request", f"'{name}' must be an RFC 3339 date-time"
                        ) from None
            status = request.status if request.HasField("status") else None
            page = self.hub.list_sessions(
                tenant,
                params,
                agent_id=request.agent_id if request.HasField("agent_id") else None,
                status=status,
                labels=dict(request.labels),
                **times,
            )
            resp = pb.ListSessionsResponse(
                data=[convert.session_to_proto(s) for s in page["data"]], has_more=page["has_more"]
            )
            if page["next_cursor"] is not None:
                resp.next_cursor = page["next_cursor"]
            return resp

        return await self._unary(context, fn)

    async def StreamEvents(
        self, request: pb.StreamEventsRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[events_pb2.Event]:
        request_id = self._request_id(context)
        await context.send_initial_metadata((("x-request-id", request_id),))
        try:
            tenant = await self._admit(context)
            after = (
                request.after_sequence_number if request.HasField("after_sequence_number") else 0
            )
            if after < 0:
                raise ApiError("bad_request", "after_sequence_number must be >= 0")
            turn_id = request.turn_id if request.HasField("turn_id") and request.turn_id else None
            turn = self.hub.check_stream(tenant, request.session_id, turn_id)
        except ApiError as err:
            await context.abort_with_status(to_status(err, request_id))
            return
        from .schemas import TERMINAL_TURN

        terminal = turn is not None and turn["status"] in TERMINAL_TURN
        drop = self.faults.drop_every
        hb = self.hub.config.heartbeat_interval
        sent = 0
        async for item in follow(
            self.hub.bus,
            request.session_id,
            after,
            turn_id,
            heartbeat=hb if hb and hb > 0 else None,
            shutdown=self.hub.shutdown,
            turn_terminal=terminal,
        ):
            if item is HEARTBEAT:
                # like SSE's `: heartbeat`: lets the client's idle timer tell quiet from dead
                yield _HEARTBEAT_EVENT
                continue
            assert isinstance(item, list)
            for e in item:
                yield convert.event_to_proto(e.as_dict())
                sent += 1
                if drop and sent >= drop:
                    dropped = ApiError(
                        "service_unavailable", "Injected fault: stream dropped", retry_after=0
                    )
                    await context.abort_with_status(to_status(dropped, request_id))
                    return


_HEARTBEAT_EVENT = events_pb2.Event(type="heartbeat", heartbeat=events_pb2.HeartbeatPayload())


async def start_grpc_server(hub: Hub, faults: Faults, host: str, port: int) -> tuple[Any, int]:
    server = grpc.aio.server(options=[("grpc.so_reuseport", 0)])
    pb_grpc.add_SessionServiceServicer_to_server(SessionService(hub, faults), server)
    bound = server.add_insecure_port(f"{host}:{port}" if ":" not in host else f"[{host}]:{port}")
    if bound == 0:
        raise RuntimeError(f"could not bind gRPC to {host}:{port}")
    await server.start()
    return server, bound


__all__ = ["SessionService", "start_grpc_server", "time", "to_status"]
