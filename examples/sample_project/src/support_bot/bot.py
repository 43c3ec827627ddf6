"""A tiny support bot: the application code that tests/ exercises.

In production the agent would run a real model; the tests run the same code against the
agenthub reference server, whose deterministic ``scripted`` model plays the agent's part.
"""

from __future__ import annotations

from collections.abc import Callable

from agenthub import AgentHub, AsyncAgentHub, AsyncSession, TurnFailedError

ORDERS = {"A-1": "shipped", "B-2": "processing"}
APOLOGY = "Sorry, something went wrong: "


def order_status(order_id: str) -> str:
    """Look an order up (a client-side tool: the agent calls it, this process answers)."""
    return ORDERS.get(order_id, "unknown order")


def create_support_agent(hub: AgentHub, *, model: str = "scripted") -> str:
    """Create the support agent; file writes need a human's approval. Returns its id."""
    agent = hub.agents.create(
        name="support-bot",
        model=model,
        instructions="Answer customers politely.",
        tools=["calculator", "order_status", "write_file"],
        require_approval=["write_file"],
    )
    return agent.id


def print_delta(delta: str) -> None:
    print(delta, end="", flush=True)


def _reason(exc: TurnFailedError) -> str:
    error = exc.error
    return str(getattr(error, "message", None) or exc)


class SupportBot:
    """One conversation. ``allow_writes`` decides the answer to file-write approvals."""

    def __init__(self, hub: AgentHub, agent_id: str, *, allow_writes: bool = False) -> None:
        self.allow_writes = allow_writes
        self.session = hub.sessions.create(agent_id=agent_id)
        self.session.tools.register(order_status)

    def reply(self, message: str, on_delta: Callable[[str], object] = print_delta) -> str:
        """Stream the agent's reply to ``message`` (each piece to ``on_delta`` as it comes)
        and return its text, or an apology if the turn fails."""
        with self.session.create_turn(message).stream() as events:
            for event in events:
                if event.type == "message.delta":
                    on_delta(event.delta)
                elif (
                    event.type == "elicitation.requested"
                    and event.elicitation.kind == "tool_approval"
                ):
                    if self.allow_writes:
                        event.approve()
                    else:
                        event.decline(reason="file writes are disabled")
        try:
            return events.result.text  # raises TurnFailedError if the turn failed
        except TurnFailedError as exc:
            return APOLOGY + _reason(exc)

    def ask(self, message: str) -> str:
        """The reply without streaming (create the turn, wait for it)."""
        try:
            return self.session.prompt(message, timeout=30).text
        except TurnFailedError as exc:
            return APOLOGY + _reason(exc)


class AsyncSupportBot:
    """The asyncio twin of :class:`SupportBot` (open it with ``await AsyncSupportBot.open``)."""

    def __init__(self, session: AsyncSession, *, allow_writes: bool) -> None:
        self.session = session
        self.allow_writes = allow_writes

    @classmethod
    async def open(
        cls, hub: AsyncAgentHub, agent_id: str, *, allow_writes: bool = False
    ) -> AsyncSupportBot:
        session = await hub.sessions.create(agent_id=agent_id)
        session.tools.register(order_status)
        return cls(session, allow_writes=allow_writes)

    async def ask(self, message: str) -> str:
        try:
            result = await self.session.prompt(message, timeout=30)
        except TurnFailedError as exc:
            return APOLOGY + _reason(exc)
        return result.text
