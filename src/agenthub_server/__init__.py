"""agenthub reference server: REST + SSE (Starlette/uvicorn) and gRPC (grpc.aio), one SQLite store.

Public embedding API::

    from agenthub_server import LocalServer, ServerConfig, FaultConfig
    with LocalServer(ServerConfig()) as srv:
        srv.base_url, srv.grpc_target, srv.api_key
"""

from .cli import main
from .config import FaultConfig, ServerConfig
from .runner import LocalServer, serve

__all__ = ["FaultConfig", "LocalServer", "ServerConfig", "main", "serve"]
__version__ = "0.1.0"
