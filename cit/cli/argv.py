"""The command line as the user typed it (after `cit`), kept by `cit.cli.app.main` for
commands that pass it on unchanged (`--launch` runs `python -m cit <command> ARGS`)."""

from __future__ import annotations

RAW: list[str] = []


def user_args(command: str) -> list[str]:
    """What followed the command's name."""
    return RAW[RAW.index(command) + 1:] if command in RAW else RAW[1:]
