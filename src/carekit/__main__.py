"""``python -m carekit`` runs the command line."""

from carekit.cli import main

main()
