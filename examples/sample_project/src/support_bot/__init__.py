"""support-bot: a sample agenthub application (see bot.py)."""

from .bot import AsyncSupportBot, SupportBot, create_support_agent, order_status

__all__ = ["AsyncSupportBot", "SupportBot", "create_support_agent", "order_status"]
