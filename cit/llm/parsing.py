"""Getting code and JSON out of LLM replies, repairing the usual breakage.

Every failure is a `ParseError` whose `reason` is short and countable (it becomes the
reason of a rejected record, with the raw reply kept on the record's `llm_calls`):

    reply-error-<kind>  the request itself failed (rate limit, timeout, ...)
    truncated           the reply hit max_tokens (finish_reason "length")
    empty-reply         no text at all
    no-code-block       no fenced block (and no bare program) in the reply
    empty-code-block    a fence with nothing inside
    no-json             nothing that starts like JSON
    truncated-json      JSON that opens and never closes
    invalid-json        JSON-like text that no repair could parse
    json-wrong-type     parsed, but not the expected type (e.g. a list, not an object)

The repairs are our own, on purpose: json-repair (tried as the replacement) turns malformed
replies into invented data rather than failing, e.g. '{"a": 1,, "b" 2}' into
{"a": "1,", "b": ""} and '{garbage here}' into ["garbage here}"], and completes values the
model never finished. A reply that is not JSON must stay a reject with its reason.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from typing import Any, Callable

from cit.llm.types import Completion


class ParseError(ValueError):
    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def reply_text(completion: Completion, *, allow_truncated: bool = False) -> str:
    """The completion's text, or a ParseError saying why there is none worth parsing."""
    if completion.error is not None or completion.text is None:
        raise ParseError(f"reply-error-{completion.error_kind or 'unknown'}", completion.error or "no text")
    if completion.truncated and not allow_truncated:
        raise ParseError("truncated", "the reply hit max_tokens (finish_reason=length)")
    if not completion.text.strip():
        raise ParseError("empty-reply")
    return completion.text


# --- code blocks ---------------------------------------------------------------------------

_OPEN = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})[ \t]*(?P<lang>[\w+#.-]*)[^\n`]*$")
_ALIASES = {"python": {"python", "py", "python3", "py3"}}


@dataclass
class CodeBlock:
    language: str  # lower-cased info string, "" when the fence has none
    code: str
    closed: bool  # False for a final fence the reply never closed (usually truncation)


def code_blocks(text: str) -> list[CodeBlock]:
    """Every fenced block in order. A closing fence is a line of the same fence character,
    at least as long as the opening one, and nothing else."""
    blocks: list[CodeBlock] = []
    fence = lang = ""
    body: list[str] | None = None
    for line in (text or "").splitlines():
        if body is None:
            m = _OPEN.match(line)
            if m:
                fence, lang, body = m.group("fence"), m.group("lang").lower(), []
            continue
        stripped = line.strip()
        if stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
            blocks.append(CodeBlock(lang, "\n".join(body).strip("\n"), True))
            body = None
        else:
            body.append(line)
    if body is not None:
        blocks.append(CodeBlock(lang, "\n".join(body).strip("\n"), False))
    return blocks


def extract_code_blocks(text: str, language: str | None = "python") -> list[str]:
    """The contents of fenced blocks tagged `language` (or an alias such as "py") or
    untagged; every block when `language` is None. An unclosed final block is included."""
    wanted = _ALIASES.get(language, {language}) if language else None
    return [b.code for b in code_blocks(text) if wanted is None or b.language in wanted or b.language == ""]


def extract_code(text: str, language: str = "python") -> str:
    """The one program in a reply: the longest closed block tagged `language`, else the
    longest closed untagged block, else an unclosed final block. A reply with no fences
    at all that parses as a Python program with an import is taken whole."""
    blocks = code_blocks(text)
    wanted = _ALIASES.get(language, {language})
    for group in ([b for b in blocks if b.closed and b.language in wanted],
                  [b for b in blocks if b.closed and b.language == ""],
                  [b for b in blocks if not b.closed and (b.language in wanted or b.language == "")]):
        if group:
            code = max(group, key=lambda b: len(b.code)).code
            if not code.strip():
                raise ParseError("empty-code-block")
            return code
    if not blocks and language == "python" and _looks_like_program(text):
        return text.strip()
    raise ParseError("no-code-block", f"no ```{language} block in the reply")


def _looks_like_program(text: str) -> bool:
    try:
        tree = ast.parse(text or "")
    except (SyntaxError, ValueError):
        return False
    return any(isinstance(node, (ast.Import, ast.ImportFrom)) for node in tree.body)


# --- JSON ----------------------------------------------------------------------------------

_SMART = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
                        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'"})
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'', re.S)
_MAX_STARTS = 64


def _outside_strings(text: str, fn: Callable[[str], str]) -> str:
    """Apply `fn` to the parts of `text` that are not quoted strings."""
    out, pos = [], 0
    for m in _STRING.finditer(text):
        out.append(fn(text[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(fn(text[pos:]))
    return "".join(out)


def _no_trailing_commas(text: str) -> str:
    return _outside_strings(text, lambda s: re.sub(r",(\s*[}\]])", r"\1", re.sub(r"//[^\n]*", "", s)))


def _python_literal(text: str) -> Any:
    swapped = _outside_strings(text, lambda s: re.sub(
        r"\b(true|false|null)\b", lambda m: {"true": "True", "false": "False", "null": "None"}[m.group(1)], s))
    return _jsonable(ast.literal_eval(swapped))


def _jsonable(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise ValueError("non-string key")
        return {k: _jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    raise ValueError(f"not a JSON value: {type(value).__name__}")


def _attempts(candidate: str) -> list[Callable[[], Any]]:
    return [lambda: json.loads(candidate),
            lambda: json.loads(_no_trailing_commas(candidate)),
            lambda: _python_literal(candidate)]


def _span_end(text: str, start: int) -> int | None:
    """End (exclusive) of the bracketed value starting at `start`; None if it never
    closes (the reply was cut off), -1 if its brackets do not match."""
    closing = {"{": "}", "[": "]"}
    stack: list[str] = []
    i, n = start, len(text)
    while i < n:
        ch = text[i]
        if ch in "\"'":
            m = _STRING.match(text, i)
            if m is None:
                return None  # a string that never ends
            i = m.end()
            continue
        if ch in closing:
            stack.append(closing[ch])
        elif ch in "}]":
            if stack.pop() != ch:
                return -1
            if not stack:
                return i + 1
        i += 1
    return None


def _candidates(text: str) -> tuple[list[str], bool]:
    """Texts worth trying, best first, and whether some bracket opened and never closed."""
    found = [text.strip()]
    found += [b.code for b in code_blocks(text) if b.language in ("json", "", "json5", "javascript", "python")]
    unclosed = False
    covered = 0  # only top-level spans: an object inside a broken one is a fragment, not the answer
    tried = 0
    for m in re.finditer(r"[{\[]", text):
        if m.start() < covered:
            continue
        tried += 1
        if tried > _MAX_STARTS:
            break
        end = _span_end(text, m.start())
        if end is None:
            unclosed = True
            break
        if end > 0:
            found.append(text[m.start():end])
            covered = end
    return list(dict.fromkeys(c for c in found if c)), unclosed


def extract_json(text: str | None, expect: type | tuple[type, ...] | None = None) -> Any:
    """The first JSON value in a reply (of type `expect` when given: dict, list, ...).

    Tried in order on the whole reply, fenced blocks, then each bracketed span: strict
    JSON; JSON without trailing commas and // comments; a Python literal (single quotes,
    True/None, tuples). Then all of that again with curly quotes made straight.
    """
    if text is None or not text.strip():
        raise ParseError("empty-reply")
    wrong_type: str | None = None
    unclosed = False
    for variant in dict.fromkeys([text, text.translate(_SMART)]):
        candidates, open_end = _candidates(variant)
        unclosed = unclosed or open_end
        for candidate in candidates:
            for attempt in _attempts(candidate):
                try:
                    value = attempt()
                except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                    continue
                if expect is None or isinstance(value, expect):
                    return value
                wrong_type = type(value).__name__
                break
    if wrong_type is not None:
        names = expect.__name__ if isinstance(expect, type) else "/".join(t.__name__ for t in expect or ())
        raise ParseError("json-wrong-type", f"expected {names}, found {wrong_type}")
    if not re.search(r"[{\[]", text):
        raise ParseError("no-json", "no '{' or '[' in the reply")
    if unclosed:
        raise ParseError("truncated-json", "a JSON value opens and never closes")
    raise ParseError("invalid-json", "no repair made the JSON parse")
