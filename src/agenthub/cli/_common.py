"""What every sub-app of the CLI shares: the client, output, errors, lists (options and
their parsing: :mod:`._options`).

Conventions (see ``docs/cli.md``):

* results go to stdout (tables, or JSON with ``--json``, accepted before or after the
  command); progress bars, event annotations, warnings and errors go to stderr;
* an error is ONE line on stderr — ``error: NotFoundError (404 not_found): … [request_id=…]``
  (a JSON object with ``--json``) — and the exit status is 1 for API/runtime errors, 2 for
  usage and configuration errors, 130 on Ctrl-C.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import typer
from agenthub_openapi.types import Unset
from typer.core import TyperCommand, TyperOption

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.table import Table

    from agenthub import AgentHub, Session

# ----------------------------------------------------------------------------- state

#: Page size used by list commands: the contract's maximum, so that counting what a
#: ``--limit`` left out costs few requests.
PAGE_SIZE = 100
#: Stop counting the rest of a cut list after this many items ("1000+ more").
COUNT_CAP = 1000


@dataclass
class State:
    """Global options of one invocation, the client built from them on first use, and the
    output of a command's result (JSON with ``--json``, else text or a table)."""

    api_key: str | None = None
    base_url: str | None = None
    grpc_target: str | None = None
    json: bool = False
    ctx: Any = None
    _hub: Any = None

    def hub(self) -> AgentHub:
        """The client (built once per command; the SDK's chain fills what is not given)."""
        if self._hub is None:
            from agenthub import AgentHub

            self._hub = AgentHub(
                api_key=self.api_key, base_url=self.base_url, grpc_target=self.grpc_target
            )
            if self.ctx is not None:
                self.ctx.call_on_close(self._hub.close)
        return self._hub  # type: ignore[no-any-return]

    def session(self, session_id: str, **options: Any) -> Session:
        """``hub().sessions.get(session_id)``: the handle sub-commands of a session work on."""
        return self.hub().sessions.get(session_id, **options)

    def emit(self, value: Any, shown: str | RenderableType) -> None:
        """A command's result on stdout: ``value`` as JSON with ``--json``, else ``shown``
        (text, printed without markup, or a rich table)."""
        if self.json:
            emit_json(to_dict(value))
        else:
            out().print(shown, markup=False)

    def show_list(
        self,
        list_method: Callable[..., Any],
        limit: int,
        render: Callable[[list[Any]], Table],
        **filters: Any,
    ) -> None:
        """The first ``limit`` items of ``list_method(**filters)`` (an SDK list method, read
        in pages of :data:`PAGE_SIZE`): a JSON array with ``--json``, else the table
        ``render(items)`` and, if the list was cut, ``N more (use --limit)`` on stderr."""
        cut = take(list_method(limit=PAGE_SIZE, **filters), limit)
        if self.json:
            emit_json(to_dict(cut.items))
            return
        out().print(render(cut.items))
        if cut.more:
            warn_plain(f"{cut.more}{'+' if cut.more_is_lower_bound else ''} more (use --limit)")


def state_of(ctx: typer.Context) -> State:
    """The invocation's :class:`State` (set by the root callback)."""
    return ctx.ensure_object(State)


def _set_json(ctx: typer.Context, _param: Any, value: bool) -> None:
    # The root callback has run (click invokes it before parsing the subcommand), so the
    # State it stored is found through the context chain.
    if value:
        state_of(ctx).json = True


JSON_HELP = "Machine-readable JSON output (also accepted before the command)."


class Command(TyperCommand):
    """A leaf command that also accepts ``--json`` after its name (``agenthub agents list
    --json``), so the flag can go on either side of the command."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not any(getattr(p, "name", None) == "json_output" for p in self.params):
            self.params.append(
                TyperOption(
                    param_decls=["--json", "json_output"],
                    is_flag=True,
                    expose_value=False,
                    callback=_set_json,
                    help=JSON_HELP,
                )
            )


_F = TypeVar("_F", bound=Callable[..., Any])


class SubApp(typer.Typer):
    """A ``typer.Typer`` whose commands are :class:`Command` (``--json`` everywhere)."""

    def command(
        self, *args: Any, cls: type[TyperCommand] | None = None, **kwargs: Any
    ) -> Callable[[_F], _F]:
        decorator: Callable[[_F], _F] = super().command(*args, cls=cls or Command, **kwargs)
        return decorator


def sub_app(help: str) -> SubApp:
    """A sub-app (``agenthub agents …``) in the house style."""
    return SubApp(help=help, no_args_is_help=True, add_completion=False)


# ----------------------------------------------------------------------------- errors


def describe_error(exc: BaseException, url: str | None = None) -> dict[str, Any]:
    """The fields of the one-line error report. ``url``: the address a connection error was
    about when the exception does not carry its request."""
    from agenthub import APIConnectionError

    info: dict[str, Any] = {"type": type(exc).__name__}
    for attr in ("status_code", "code", "request_id"):
        value = getattr(exc, attr, None)
        if value is not None and value != "":
            info[attr] = value
    body = getattr(exc, "body", None)
    message = None
    if isinstance(body, dict):
        message = body.get("detail") or body.get("title")
    message = message or getattr(exc, "message", None) or str(exc) or type(exc).__name__
    message = " ".join(str(message).split())
    rid = info.get("request_id")
    if rid and message.endswith(f"[request_id={rid}]"):
        message = message[: -len(f"[request_id={rid}]")].rstrip()
    if isinstance(exc, APIConnectionError):
        # "connection refused" alone does not say which server: name it.
        request = getattr(exc, "request", None)
        target = str(request.url) if request is not None else url
        if target:
            info["url"] = target
            message = f"{message} (url: {target})"
    info["message"] = message
    return info


def format_error(info: dict[str, Any]) -> str:
    """``Type (status code): message [request_id=…]`` (from :func:`describe_error`)."""
    head = info["type"]
    status = " ".join(str(info[k]) for k in ("status_code", "code") if k in info)
    if status:
        head += f" ({status})"
    line = f"{head}: {info['message']}"
    if "request_id" in info:
        line += f" [request_id={info['request_id']}]"
    return line


def report(ctx: typer.Context, exc: BaseException, code: int) -> typer.Exit:
    """Print ``exc`` as one line on stderr; returns the ``Exit`` to raise."""
    state = ctx.find_object(State)
    url = None
    if state is not None:
        hub = state._hub
        url = str(hub.base_url) if hub is not None else state.base_url
    info = describe_error(exc, url)
    end_open_line()  # an error after streamed text starts on a line of its own
    if state is not None and state.json:
        typer.echo(json.dumps({"error": info}), err=True)
    else:
        typer.echo(f"error: {format_error(info)}", err=True)
    return typer.Exit(code)


# ----------------------------------------------------------------------------- output

_out: Console | None = None
_err: Console | None = None
#: True while streamed text on stdout has no final newline yet.
_open_line = False
#: True when :func:`end_open_line` added a newline the text itself did not have yet: a
#: newline that then starts the next delta is the same line break, not a blank line.
_newline_owed = False


def out() -> Console:
    """A rich console on the current stdout."""
    from rich.console import Console

    global _out
    if _out is None or _out.file is not sys.stdout:
        _out = Console(file=sys.stdout, highlight=False, soft_wrap=False)
    return _out


def err() -> Console:
    """A rich console on the current stderr."""
    from rich.console import Console

    global _err
    if _err is None or _err.file is not sys.stderr:
        _err = Console(file=sys.stderr, highlight=False)
    return _err


def write_stream(text: str) -> None:
    """Write streamed text to stdout as it arrives (no newline added)."""
    global _open_line, _newline_owed
    if _newline_owed and text.startswith("\n"):
        text = text[1:]
    if not text:
        return
    _newline_owed = False
    sys.stdout.write(text)
    sys.stdout.flush()
    _open_line = not text.endswith("\n")


def reset_output() -> None:
    """Forget the line state of an earlier invocation in this process (tests, embedding)."""
    global _open_line, _newline_owed
    _open_line = _newline_owed = False


def end_open_line() -> None:
    """End streamed text with a newline, so what comes next starts on its own line."""
    global _open_line, _newline_owed
    if _open_line:
        sys.stdout.write("\n")
        sys.stdout.flush()
        _open_line, _newline_owed = False, True


def note(markup: str) -> None:
    """An annotation on stderr (dimmed), after closing any open line of streamed text."""
    end_open_line()
    err().print(f"  [dim]{markup}[/]")


def warn(message: str) -> None:
    """A warning on stderr (never stdout, which holds only the results)."""
    from rich.markup import escape

    end_open_line()
    # soft_wrap: one line however narrow the terminal, so it can be grepped
    err().print(f"[yellow]warning:[/] {escape(message)}", highlight=False, soft_wrap=True)


def warn_plain(message: str) -> None:
    """A plain, undecorated line on stderr."""
    end_open_line()
    typer.echo(message, err=True)


def emit_json(value: Any) -> None:
    """One indented JSON document on stdout."""
    typer.echo(json.dumps(value, indent=2, default=str))


def emit_json_line(value: Any) -> None:
    """One JSON object per line on stdout (streams)."""
    typer.echo(json.dumps(value, default=str))


def to_dict(obj: Any) -> Any:
    """A model, session handle or list of them as plain JSON data."""
    if isinstance(obj, list | tuple):
        return [to_dict(o) for o in obj]
    data = getattr(obj, "data", None)
    if data is not None and hasattr(data, "to_dict") and not hasattr(obj, "to_dict"):
        return data.to_dict()
    if hasattr(obj, "to_dict"):
        return obj.to_dict()
    return obj


def plain(value: Any) -> Any:
    """A model field as plain data (``None`` for unset)."""
    if value is None or isinstance(value, Unset):
        return None
    return value.to_dict() if hasattr(value, "to_dict") else value


def arguments_json(value: Any) -> str:
    """Tool-call arguments (a model, a dict or unset) as compact JSON text."""
    return json.dumps(plain(value) or {})


def fmt_time(value: Any) -> str:
    """A timestamp as ``YYYY-MM-DDTHH:MM:SSZ``."""
    if value is None or isinstance(value, Unset):
        return ""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text.replace("+00:00", "Z")[:19] + "Z" if "T" in text else text


def short(text: str, width: int = 60) -> str:
    """One line of at most ``width`` characters, escaped for rich markup."""
    from rich.markup import escape

    one = " ".join(text.split())
    return escape(one if len(one) <= width else one[: width - 1] + "…")


def table(**columns: dict[str, Any]) -> Table:
    """A rich table in the house style: one column per keyword, its value the
    ``add_column`` options (``{}``: text folded onto more lines)."""
    from rich.table import Table

    t = Table(show_edge=False, header_style="bold")
    for name, options in columns.items():
        t.add_column(name, **(options or {"overflow": "fold"}))
    return t


#: Column options: an id never wraps.
NO_WRAP: dict[str, Any] = {"no_wrap": True}


# ----------------------------------------------------------------------------- lists


@dataclass
class Cut:
    """The first ``limit`` items of a list, and how many were left out."""

    items: list[Any]
    more: int = 0
    more_is_lower_bound: bool = False


def take(pages: Any, limit: int) -> Cut:
    """The first ``limit`` items of a paginated list and a count of the rest (up to
    :data:`COUNT_CAP`). ``pages``: a sync page with ``iter_pages()``, or any iterable."""
    limit = max(limit, 0)
    iter_pages = getattr(pages, "iter_pages", None)
    if iter_pages is None:
        items = list(pages)
        return Cut(items[:limit], max(len(items) - limit, 0))
    taken: list[Any] = []
    more = 0
    page_iter: Iterator[Any] = iter(iter_pages())
    for page in page_iter:
        room = limit - len(taken)
        taken.extend(page.data[:room])
        more += max(len(page.data) - room, 0)
        if more:
            break
    for page in page_iter:  # only reached when the list was cut: count the rest
        if more >= COUNT_CAP:
            return Cut(taken, COUNT_CAP, True)
        more += len(page.data)
    if more > COUNT_CAP:
        return Cut(taken, COUNT_CAP, True)
    return Cut(taken, more)
