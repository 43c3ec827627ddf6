"""The root of the ``agenthub`` command tree (typer): global options, error handling, and
the sub-apps, one module each. See ``docs/cli.md``.

Global options ``--api-key``, ``--base-url``, ``--grpc-target`` come before the command
(``--json`` may come before or after it); without them the SDK's chain applies
(``AGENTHUB_API_KEY``, ``AGENTHUB_BASE_URL``, ``AGENTHUB_GRPC_TARGET``, the
``AGENTHUB_PROFILE`` profile …).
"""

from __future__ import annotations

import os
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from . import agents, demo, elicitations, files, models, run, serve, sessions
from ._common import JSON_HELP, State, report, reset_output

__all__ = ["app"]

#: typer's (vendored click's) control flow — usage errors, Exit, Abort — passes through.
_CLICK_EXCEPTIONS: tuple[type[BaseException], ...] = (
    typer.Exit,
    typer.Abort,
    typer.exceptions.TyperException,
)


class _Group(TyperGroup):
    """Root group: turns SDK errors into one line on stderr and an exit status."""

    def invoke(self, ctx: Any) -> Any:  # typer's vendored click Context
        from agenthub import AgentHubError, ConfigurationError

        try:
            return super().invoke(ctx)
        except ConfigurationError as exc:
            raise report(ctx, exc, 2) from None
        except AgentHubError as exc:
            raise report(ctx, exc, 1) from None
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            raise typer.Exit(130) from None
        except _CLICK_EXCEPTIONS:
            raise
        except BrokenPipeError:
            # the reader went away (`agenthub --json sessions events ID | head`): stop quietly,
            # as a SIGPIPE'd program would; stdout goes to devnull so the exit flush cannot fail
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
            raise typer.Exit(141) from None
        except Exception as exc:  # a bug or an OS error: still one line (traceback on debug)
            if os.environ.get("AGENTHUB_LOG", "").lower() == "debug":
                raise
            raise report(ctx, exc, 1) from None


app = typer.Typer(
    cls=_Group,
    name="agenthub",
    help="agenthub: run agents, stream sessions, move files — against any agenthub server.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from agenthub import __version__

        typer.echo(f"agenthub {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    api_key: Annotated[
        str | None, typer.Option("--api-key", help="API key (else $AGENTHUB_API_KEY / profile).")
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option("--base-url", help="Server URL (else $AGENTHUB_BASE_URL / profile)."),
    ] = None,
    grpc_target: Annotated[
        str | None,
        typer.Option(
            "--grpc-target",
            help="gRPC host:port (else $AGENTHUB_GRPC_TARGET / "
            "profile / advertised by the server).",
        ),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    reset_output()
    ctx.obj = State(
        api_key=api_key, base_url=base_url, grpc_target=grpc_target, json=json_output, ctx=ctx
    )


for _module in (serve, demo, run):
    _module.register(app)
for _name, _sub in (
    ("agents", agents.app),
    ("sessions", sessions.app),
    ("elicitations", elicitations.app),
    ("files", files.app),
    ("models", models.app),
):
    app.add_typer(_sub, name=_name)
