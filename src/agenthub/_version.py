"""Version of the agenthub SDK and of the wire contract it speaks."""

__version__ = "0.1.0"

#: The contract version (``major.minor``) this SDK was built against. The server reports its own
#: in ``GET /v1/capabilities`` → ``contract_version``; a different *major* version is refused.
CONTRACT_VERSION = "1.0"
