"""Entry point of the `cit` command.

Commands are registered from their own modules so each area of cit owns its CLI. Heavy
imports (torch, transformers, the executor) happen inside the commands, so `cit --help`
stays fast and the base install never needs torch.
"""

from __future__ import annotations

import sys

import typer

from cit.errors import UserError

app = typer.Typer(
    name="cit",
    help="Chart-reasoning data for VLMs by Code-as-Intermediary Translation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    # Each module exposes `register(app)`. One that cannot be imported is a broken install
    # or a bug: it fails loudly rather than leaving a command silently missing.
    import importlib

    for name in ("render", "synth", "check", "export", "gallery", "prompts", "audit", "train", "grpo", "stages"):
        importlib.import_module(f"cit.cli.{name}").register(app)


@app.callback()
def _root() -> None:
    """Chart-reasoning data for VLMs by Code-as-Intermediary Translation."""


@app.command("version")
def version() -> None:
    """Print cit's version."""
    from cit import __version__

    print(__version__)


_register()


# Options whose value may be left out (`--ray` or `--ray HOST:PORT`); typer has no such
# option, so a bare one is passed on with an empty value.
OPTIONAL_VALUES = {"--ray"}


def optional_values(argv: list[str]) -> list[str]:
    out = []
    for i, arg in enumerate(argv):
        nxt = argv[i + 1] if i + 1 < len(argv) else None
        out.append(f"{arg}=" if arg in OPTIONAL_VALUES and (nxt is None or nxt.startswith("-")) else arg)
    return out


def main(argv: list[str] | None = None) -> None:
    from cit.cli import argv as typed

    argv = optional_values(sys.argv[1:] if argv is None else argv)
    typed.RAW[:] = argv
    try:
        app(args=argv, prog_name="cit", standalone_mode=True)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
