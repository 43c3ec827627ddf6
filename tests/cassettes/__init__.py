"""vcrpy cassettes recorded from the reference server, replayed without one (see conftest)."""
