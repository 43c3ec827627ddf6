"""``python -m agenthub.cli`` = ``agenthub``."""

from . import main

main()
