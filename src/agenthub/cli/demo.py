"""``agenthub demo``: one full session against an embedded reference server, checked.

It starts the server in-process (``AgentHub.local()``), creates an agent with the built-in
tools ``calculator``, ``read_file`` and ``write_file`` (``write_file`` needs approval), then,
once over SSE and once over gRPC:

1. opens a session and uploads ``examples/data/quarterly.csv`` with a progress bar;
2. sends one turn of scripted directives: read the file, sum two of its columns with the
   calculator, write a summary file (the demo approves the ``write_file`` call);
3. streams the events live (text as it arrives, tool calls, approvals, status changes);
4. downloads the agent's file and checks its sha256 against the File record and against the
   bytes the demo expected;
5. lists the session's history page by page and prints the usage.

Every step is checked; the exit status is 0 only if all checks passed. ``python -m
agenthub.cli.demo`` runs it too.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from ._common import Command, arguments_json, describe_error, format_error, out, plain, short
from ._options import one_of

__all__ = ["DATA_FILE", "Demo", "run_demo"]

#: The file the demo uploads (from the source tree; an embedded copy is used if it is missing).
DATA_FILE = Path(__file__).resolve().parents[3] / "examples" / "data" / "quarterly.csv"

_EMBEDDED_CSV = """\
quarter,region,revenue,costs,orders
2024-Q1,EMEA,120500,80250,1804
2024-Q2,EMEA,98250,71000,1533
2024-Q3,EMEA,143100,90400,2110
2024-Q4,EMEA,151900,95600,2298
2024-Q1,AMER,210300,150100,3120
2024-Q2,AMER,198700,141250,2987
2024-Q3,AMER,225400,158900,3342
2024-Q4,AMER,240150,162300,3561
"""

PAGE_SIZE = 10


class CheckFailed(Exception):
    """A demo expectation did not hold."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Demo:
    """The demo's state and transcript. ``run()`` → exit status."""

    def __init__(
        self,
        console: Console | None = None,
        *,
        transports: Sequence[str] = ("sse", "grpc"),
        data_file: Path | None = None,
    ) -> None:
        self.console = console or Console(highlight=False)
        self.transports = list(transports)
        self.data_file = data_file
        #: (scope, check, ok, detail); scope is "setup" or a transport name
        self.results: list[tuple[str, str, bool, str]] = []
        self.scope = "setup"
        self._in_text = False

    # -- transcript helpers --------------------------------------------------------------

    def say(self, markup: str) -> None:
        self._end_text()
        self.console.print(markup)

    def _end_text(self) -> None:
        if self._in_text:
            self.console.print()
            self._in_text = False

    def check(self, name: str, ok: bool, detail: str = "") -> None:
        """Record a check; print it; raise :class:`CheckFailed` if it failed."""
        self.results.append((self.scope, name, ok, detail))
        self._end_text()
        mark = "[green]✔[/]" if ok else "[bold red]✘[/]"
        extra = f" [dim]({escape(detail)})[/]" if detail else ""
        self.console.print(f"  {mark} {escape(name)}{extra}")
        if not ok:
            raise CheckFailed(f"{name}: {detail}" if detail else name)

    @contextmanager
    def step(self, title: str) -> Iterator[None]:
        self.say(f"\n[bold cyan]▸ {escape(title)}[/]")
        yield

    # -- the data ------------------------------------------------------------------------

    def load_data(self) -> tuple[Path, bytes, Path | None]:
        """(path to upload, its bytes, temp dir to clean up or None)."""
        path = self.data_file or DATA_FILE
        if path.is_file():
            return path, path.read_bytes(), None
        tmp = Path(tempfile.mkdtemp(prefix="agenthub-demo-"))
        path = tmp / "quarterly.csv"
        path.write_text(_EMBEDDED_CSV, encoding="utf-8")
        return path, path.read_bytes(), tmp

    # -- run -----------------------------------------------------------------------------

    def run(self) -> int:
        from agenthub import AgentHub
        from agenthub.local import start_local

        started = time.monotonic()
        path, data, tmp = self.load_data()
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
        revenue = [int(r["revenue"]) for r in rows]
        costs = [int(r["costs"]) for r in rows]
        self.console.print(
            Panel.fit(
                "[bold]agenthub demo[/] — an agent session against the embedded reference "
                "server,\nonce over SSE and once over gRPC; every step is checked.",
                border_style="cyan",
            )
        )
        try:
            with self._local(start_local, AgentHub) as hub:
                agent = self._create_agent(hub)
                for transport in self.transports:
                    self.scope = transport
                    try:
                        self._session_run(hub, agent, transport, path, data, revenue, costs)
                    except CheckFailed:
                        self.say(f"[red]{transport}: stopped after a failed check[/]")
                    except Exception as exc:
                        self.results.append((transport, "run", False, _describe(exc)))
                        self.say(f"[bold red]✘ {transport}: {escape(_describe(exc))}[/]")
        except CheckFailed:
            pass
        except Exception as exc:
            self.results.append((self.scope, "demo", False, _describe(exc)))
            self.say(f"[bold red]✘ {escape(_describe(exc))}[/]")
        finally:
            if tmp is not None:
                for p in tmp.iterdir():
                    p.unlink()
                tmp.rmdir()
        return self._summary(time.monotonic() - started)

    @contextmanager
    def _local(self, start_local: Callable[..., Any], client_cls: type) -> Iterator[Any]:
        with self.step("Start the reference server in-process"):
            t0 = time.monotonic()
            hub = start_local(client_cls)
            try:
                from agenthub.local import get_local_server

                server = get_local_server(hub)
                grpc_target = getattr(server, "grpc_target", None)
                self.say(
                    f"  REST+SSE {hub.base_url}  gRPC {grpc_target}  "
                    f"[dim]({time.monotonic() - t0:.2f}s, in-memory)[/]"
                )
                health = hub.health()
                self.check("server is healthy", health.status == "ok", f"version {health.version}")
                yield hub
            finally:
                hub.close()

    def _create_agent(self, hub: Any) -> Any:
        with self.step("Create an agent"):
            agent = hub.agents.create(
                name="quarterly-analyst",
                model="scripted",
                description="Reads a CSV, sums columns, writes a summary",
                tools=["calculator", "read_file", "write_file"],
                require_approval=["write_file"],
            )
            self.say(f"  {agent.id}  model={agent.model}")
            self.say(
                f"  tools={', '.join(agent.tools)}  "
                f"require_approval={', '.join(agent.require_approval)}"
            )
            self.check(
                "agent created with the three tools",
                list(agent.tools) == ["calculator", "read_file", "write_file"],
            )
            return agent

    def _session_run(
        self,
        hub: Any,
        agent: Any,
        transport: str,
        path: Path,
        data: bytes,
        revenue: list[int],
        costs: list[int],
    ) -> None:
        label = transport.upper()
        with self.step(f"[{label}] Open a session (transport={transport!r})"):
            session = hub.sessions.create(
                agent_id=agent.id,
                name=f"demo over {transport}",
                labels={"demo": "quarterly", "transport": transport},
                transport=transport,
            )
            self.say(f"  {session.id}  status={session.status}")

        with self.step(f"[{label}] Upload {path.name} ({len(data)} bytes)"):
            uploaded = self._upload(session, path)
            self.say(
                f"  {uploaded.id}  {uploaded.size_bytes} bytes  sha256 {uploaded.sha256[:16]}…"
            )
            self.check(
                "uploaded size and sha256 match the local file",
                uploaded.size_bytes == len(data) and uploaded.sha256 == _sha256(data),
            )

        revenue_expr = " + ".join(str(v) for v in revenue)
        costs_expr = " + ".join(str(v) for v in costs)
        total_revenue, total_costs = sum(revenue), sum(costs)
        summary = (
            f"FY2024 summary of {path.name} ({len(revenue)} rows)\n"
            f"revenue: {total_revenue}\n"
            f"costs: {total_costs}\n"
            f"profit: {total_revenue - total_costs}\n"
        )
        write_args = {"filename": "summary.txt", "content": summary}
        prompt = "\n".join(
            [
                f"Reading {path.name}.",
                "/tool read_file " + json.dumps({"file_id": uploaded.id}),
                "Summing revenue and costs.",
                "/tool calculator " + json.dumps({"expression": revenue_expr}),
                "/tool calculator " + json.dumps({"expression": costs_expr}),
                "/tool write_file " + json.dumps(write_args),
                "Summary written.",
            ]
        )

        with self.step(f"[{label}] Send a turn and stream its events"):
            for line in prompt.splitlines():
                self.say(f"  [dim]> {short(line, 72)}[/]")
            self.say("")
            seen = self._stream_turn(session, prompt, write_args)
            outputs = seen["outputs"]
            self.check(
                "read_file returned the file's text",
                outputs.get("read_file") == data.decode("utf-8"),
            )
            calc = outputs.get("calculator", [])
            self.check(
                "calculator sums match the demo's own sums",
                calc == [str(total_revenue), str(total_costs)],
                f"revenue {total_revenue}, costs {total_costs}",
            )
            self.check(
                "one approval requested (write_file) and approved",
                seen["approvals"] == ["write_file"],
            )
            result = seen["result"]
            self.check(
                "turn completed with 4 tool calls",
                result is not None and len(result.tool_calls) == 4,
            )
            self.check(
                "the text carries the tool results",
                f"calculator: {total_revenue}" in result.text
                and result.text.rstrip().endswith("Summary written."),
            )
            statuses = seen["statuses"]
            self.check(
                "session went running → waiting (approval) → running → idle",
                statuses == ["running", "waiting", "running", "idle"],
                ""
                if statuses == ["running", "waiting", "running", "idle"]
                else " → ".join(statuses),
            )

        with self.step(f"[{label}] Download the agent's file and verify it"):
            created = seen["file"]
            self.check(
                "the agent created summary.txt",
                created is not None and created.filename == "summary.txt",
            )
            expected = summary.encode("utf-8")
            with tempfile.TemporaryDirectory(prefix="agenthub-demo-") as tmpdir:
                out = Path(tmpdir) / created.filename
                written = session.files.download(created.id).write_to(out)
                got = out.read_bytes()
            self.say(f"  {created.id} → {written} bytes, sha256 {_sha256(got)[:16]}…")
            self.check("downloaded sha256 equals the File's sha256", _sha256(got) == created.sha256)
            self.check(
                "downloaded content equals what the demo expected",
                got == expected and created.sha256 == _sha256(expected),
            )
            for line in got.decode("utf-8").splitlines():
                self.say(f"  [green]│[/] {escape(line)}")

        with self.step(f"[{label}] List the session's history, {PAGE_SIZE} events per page"):
            seqs: list[int] = []
            pages = 0
            for page in session.events.list(limit=PAGE_SIZE).iter_pages():
                pages += 1
                items = list(page.data)
                nums = [e.sequence_number for e in items]
                seqs.extend(nums)
                types = ", ".join(dict.fromkeys(str(e.type) for e in items))
                self.say(
                    f"  [bold]page {pages}[/] #{nums[0]}-#{nums[-1]} has_more={page.has_more}"
                    f"  [dim]{short(types, 44)}[/]"
                    if nums
                    else f"  page {pages}: empty"
                )
            self.check(
                "history is gap-free and has every streamed event",
                seqs == list(range(1, len(seqs) + 1)) and set(seen["seqs"]) <= set(seqs),
                f"{len(seqs)} events in {pages} pages",
            )
            self.check("history spans several pages", pages > 1)

        with self.step(f"[{label}] Usage"):
            usage = result.usage
            snapshot = session.refresh()
            total = snapshot.usage
            self.say(
                f"  this turn: {usage.input_tokens} in + {usage.output_tokens} out = "
                f"{usage.total_tokens} tokens;  session total: {total.total_tokens} tokens"
            )
            self.check(
                "usage adds up and the session is idle",
                usage.total_tokens == usage.input_tokens + usage.output_tokens > 0
                and total.total_tokens >= usage.total_tokens
                and snapshot.status == "idle",
            )

    def _upload(self, session: Any, path: Path) -> Any:
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
        )

        with Progress(
            TextColumn("  upload"),
            BarColumn(),
            DownloadColumn(),
            console=self.console,
            transient=False,
        ) as progress:
            task = progress.add_task("upload", total=path.stat().st_size)
            calls: list[tuple[int, int]] = []

            def on_progress(sent: int, total: int) -> None:
                calls.append((sent, total))
                progress.update(task, completed=sent, total=total)

            uploaded = session.files.upload(path, on_progress=on_progress)
        monotone = all(a[0] <= b[0] for a, b in itertools.pairwise(calls))
        self.check(
            "progress callbacks ran up to the full size",
            bool(calls) and monotone and calls[-1][0] == calls[-1][1] == path.stat().st_size,
            f"{len(calls)} callbacks",
        )
        return uploaded

    def _stream_turn(self, session: Any, prompt: str, write_args: dict[str, str]) -> dict[str, Any]:
        """Stream one turn, printing each event; approve the expected write_file call."""
        seen: dict[str, Any] = {
            "outputs": {},
            "approvals": [],
            "statuses": [],
            "file": None,
            "seqs": [],
            "result": None,
        }
        outputs: dict[str, Any] = seen["outputs"]
        names: dict[str, str] = {}
        turn = session.create_turn(prompt)
        with turn.stream() as events:
            for event in events:
                seen["seqs"].append(event.sequence_number)
                self._show(event, seen, outputs, names, write_args)
            seen["result"] = events.result
        self._end_text()
        return seen

    def _show(
        self,
        event: Any,
        seen: dict[str, Any],
        outputs: dict[str, Any],
        names: dict[str, str],
        write_args: dict[str, str],
    ) -> None:
        t = str(event.type)
        if t == "message.delta":
            delta = str(event.delta)
            if not self._in_text:
                delta = delta.lstrip("\n")
                if not delta:
                    return
                self.console.print("  ", end="")
                self._in_text = True
            self.console.print(escape(delta.replace("\n", "\n  ")), end="", style="white")
            return
        if t == "message.completed":
            self._end_text()
            return
        if t == "session.status":
            seen["statuses"].append(str(event.status))
            self.say(f"  [dim]· session {event.previous_status} → {event.status}[/]")
        elif t == "turn.created":
            self.say(f"  [magenta]● turn {event.turn.id} created[/]")
        elif t in ("turn.started", "turn.waiting"):
            self.say(f"  [dim]· {t}[/]")
        elif t == "tool_call.started":
            names[event.call_id] = event.tool_name
            args = arguments_json(event.arguments)
            self.say(f"  [yellow]⚙ {event.tool_name}[/]({short(args, 56)})")
        elif t == "tool_call.completed":
            name = names.get(event.call_id, "?")
            if name == "calculator":
                outputs.setdefault("calculator", []).append(event.output)
            else:
                outputs[name] = event.output
            colour = "red" if event.is_error else "yellow"
            self.say(f"  [{colour}]↳ {name} → {short(str(event.output), 60)}[/]")
        elif t == "elicitation.requested":
            eli = event.elicitation
            asked = plain(eli.arguments) or {}
            self.say(
                f"  [bold blue]? {eli.kind} requested: {eli.tool_name}[/] "
                f"{short(json.dumps(asked), 36)}"
            )
            expected = eli.kind == "tool_approval" and eli.tool_name == "write_file"
            if expected and asked == write_args:
                event.approve()
                seen["approvals"].append(eli.tool_name)
                content = str(asked.get("content", ""))
                self.say(
                    f"  [bold green]✔ approved[/] write_file → {asked.get('filename')} "
                    f"({len(content.encode())} bytes, {len(content.splitlines())} lines)"
                )
            else:
                event.decline(reason="not expected by the demo")
                seen["approvals"].append(f"declined:{eli.tool_name}")
                self.say(f"  [red]✘ declined unexpected request {eli.tool_name}[/]")
        elif t == "elicitation.resolved":
            self.say(f"  [dim]· elicitation {event.action}[/]")
        elif t == "file.created":
            f = event.file
            seen["file"] = f
            self.say(f"  [green]+ file created: {f.filename}[/] ({f.id}, {f.size_bytes} bytes)")
        elif t == "session.usage":
            self.say(f"  [dim]· usage {event.total_tokens} tokens[/]")
        elif t == "turn.completed":
            self.say("  [magenta]■ turn completed[/]")
        elif t in ("turn.failed", "turn.cancelled", "turn.incomplete", "error"):
            self.say(f"  [bold red]■ {t}[/] {escape(str(event.to_dict()))}")
        else:
            self.say(f"  [dim]· {escape(t)}[/]")

    def _summary(self, elapsed: float) -> int:
        self._end_text()
        failed = [r for r in self.results if not r[2]]
        scopes = list(dict.fromkeys(r[0] for r in self.results))
        cells: dict[str, dict[str, bool]] = {}
        for scope, name, ok, _ in self.results:
            row = cells.setdefault(name, {})
            row[scope] = row.get(scope, True) and ok
        table = Table(title="Checks", header_style="bold")
        table.add_column("check")
        for scope in scopes:
            table.add_column(scope.upper() if scope != "setup" else "setup", justify="center")
        for name, row in cells.items():
            table.add_row(
                escape(name),
                *[_cell(row.get(scope)) for scope in scopes],
            )
        self.console.print()
        self.console.print(table)
        if failed or not self.results:
            self.console.print(
                f"[bold red]demo FAILED[/]: {len(failed)} of {len(self.results)} checks failed "
                f"({elapsed:.1f}s)"
            )
            for scope, name, _, detail in failed:
                where = escape(f"[{scope}]")
                self.console.print(f"  [red]✘ {where} {escape(name)}[/] {escape(detail)}")
            return 1
        self.console.print(
            f"[bold green]demo OK[/]: all {len(self.results)} checks passed over "
            f"{' and '.join(t.upper() for t in self.transports)} in {elapsed:.1f}s"
        )
        return 0


def _cell(ok: bool | None) -> str:
    if ok is None:
        return ""
    return "[green]ok[/]" if ok else "[bold red]FAIL[/]"


def _describe(exc: BaseException) -> str:
    return format_error(describe_error(exc))


def run_demo(console: Console | None = None, *, transports: Sequence[str] = ("sse", "grpc")) -> int:
    """Run the demo; returns the exit status (0 = every check passed)."""
    return Demo(console, transports=transports).run()


def register(app: typer.Typer) -> None:
    app.command("demo", cls=Command)(demo)


def demo(
    transport: Annotated[
        str, typer.Option("--transport", help="sse, grpc or both.", show_default=True)
    ] = "both",
) -> None:
    """Start an embedded server and run a full, checked session (SSE, then gRPC)."""
    one_of(transport, ("sse", "grpc", "both"), "--transport")
    transports = ("sse", "grpc") if transport == "both" else (transport,)
    raise typer.Exit(run_demo(out(), transports=transports))


def main() -> None:  # pragma: no cover - ``python -m agenthub.cli.demo``
    raise SystemExit(run_demo())


if __name__ == "__main__":  # pragma: no cover
    main()
