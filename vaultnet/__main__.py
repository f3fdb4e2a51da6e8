"""`python -m vaultnet` runs the command line."""

from .cli import main

main()
