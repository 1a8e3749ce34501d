"""`python -m qabot` is the `qabot` command."""

from .cli import app

app()
