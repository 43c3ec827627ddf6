from ahs_helpers import client, client_b, server  # noqa: F401  (fixtures)
