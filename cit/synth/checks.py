"""Checks on what the LLM wrote, before anything runs.

`program_from_reply` takes the program out of a reply: exactly one Python code block, a
complete reply, no request error. `check_program` then holds the program to the rules:
line bounds, only allowed libraries (by AST import analysis), no unseeded randomness.
Each failure is a `CodeProblem` whose `reason` is short and countable; it becomes the
reason of a rejected record that keeps the raw reply.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from cit.llm.parsing import code_blocks
from cit.llm.types import Completion
from cit.synth.randomness import unseeded_draws

_PYTHON = {"python", "py", "python3", "py3", ""}


class CodeProblem(Exception):
    def __init__(self, reason: str, detail: str = "", code: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
        self.code = code  # the program, when one was found, so the reject keeps it


def program_from_reply(completion: Completion) -> str:
    if completion.error is not None or completion.text is None:
        raise CodeProblem("llm-error", completion.error or "the reply has no text")
    if completion.truncated:
        raise CodeProblem("truncated-reply", "the reply hit max_tokens before it ended")
    text = completion.text
    if not text.strip():
        raise CodeProblem("empty-reply")
    blocks = [b for b in code_blocks(text) if b.language in _PYTHON]
    if blocks and not blocks[-1].closed:
        raise CodeProblem("truncated-reply", "the last code block is never closed")
    blocks = [b for b in blocks if b.code.strip()]
    if not blocks:
        raise CodeProblem("no-code-block", "the reply has no ```python block")
    if len(blocks) > 1:
        raise CodeProblem("multiple-code-blocks", f"{len(blocks)} code blocks; the program must be one block")
    return blocks[0].code.strip("\n") + "\n"


def code_lines(code: str) -> int:
    return sum(1 for line in code.splitlines() if line.strip())


def imported_roots(tree: ast.AST) -> list[tuple[str, int]]:
    """(top-level module, line) for every import, plus dynamic imports as '__import__'."""
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name.split(".")[0], node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append((node.module.split(".")[0] if node.module and node.level == 0 else ".", node.lineno))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "__import__":
            found.append((node.func.id, node.lineno))
    return sorted(found, key=lambda t: t[1])


def check_program(code: str, *, min_lines: int, max_lines: int, allowed_imports: Iterable[str]) -> None:
    n = code_lines(code)
    if n < min_lines:
        raise CodeProblem("too-short", f"{n} lines, need at least {min_lines}", code)
    if n > max_lines:
        raise CodeProblem("too-long", f"{n} lines, at most {max_lines}", code)
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        # Not ours to reject: the render fails with the SyntaxError and self-repair sees it.
        return
    allowed = set(allowed_imports)
    bad = [f"{name} (line {line})" for name, line in imported_roots(tree) if name not in allowed]
    if bad:
        raise CodeProblem("disallowed-import", "not allowed: " + ", ".join(dict.fromkeys(bad)), code)
    draws = unseeded_draws(code)
    if draws:
        raise CodeProblem("unseeded-random", "; ".join(draws[:3]), code)


def library_of(code: str, default: str = "matplotlib") -> str:
    """The plotting library a program draws with, from its imports."""
    try:
        roots = {name for name, _ in imported_roots(ast.parse(code))}
    except (SyntaxError, ValueError):
        roots = set()
    for lib in ("plotly", "seaborn", "matplotlib"):
        if lib in roots:
            return lib
    return default


def take_program(record, reply: Completion, cfg, default_library: str) -> CodeProblem | None:
    """Put the reply's program on `record` if it passes the checks; else return the problem
    (the record then keeps whatever program was found, for the reject)."""
    try:
        record.code = program_from_reply(reply)
        check_program(record.code, min_lines=cfg.min_lines, max_lines=cfg.max_lines, allowed_imports=cfg.allowed_imports)
    except CodeProblem as problem:
        record.code = problem.code or record.code
        return problem
    record.library = library_of(record.code, default_library)
    return None
