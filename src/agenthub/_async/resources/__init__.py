"""API resources of the async client (``hub.agents``, ``hub.schedules``, ...)."""
