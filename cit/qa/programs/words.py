"""Wording of generated questions: number agreement, articles, possessives and units,
with `inflect` doing the English. Names from the data (series, categories, months) are
used exactly as the chart prints them: never lower-cased, never re-inflected."""

from __future__ import annotations

import functools
import re
import threading


def _import_inflect():
    """inflect wraps its methods in typeguard's @typechecked, which re-parses and instruments
    their source at import: 1.42 s of every `cit` start on this machine, against 0.08 s
    without it. The checks only reject arguments of the wrong type, and ours are plain
    strings and numbers, so inflect is imported with the decorator as a no-op (restored at
    once; nothing else in the process is affected)."""
    import typeguard

    original = typeguard.typechecked
    typeguard.typechecked = lambda target=None, **_: target if target is not None else (lambda f: f)
    try:
        import inflect
    finally:
        typeguard.typechecked = original
    return inflect


inflect = _import_inflect()

_ENGINE = inflect.engine()
_ENGINE_LOCK = threading.Lock()  # the engine keeps per-call state on itself; records run in threads
# Mass or collective measure heads that inflect would read as plural ("data", "media").
_SINGULAR_HEADS = {"data", "media", "news", "series", "species", "status", "analysis", "gas", "bus", "mass", "class"}


@functools.lru_cache(maxsize=4096)
def is_plural(phrase: str) -> bool:
    """Whether a measure phrase is grammatically plural ("vessel calls" yes, "test coverage" no)."""
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", phrase)
    if not words:
        return False
    head = words[-1]
    if head.lower() in _SINGULAR_HEADS or head.isupper():
        return False
    with _ENGINE_LOCK:
        return bool(_ENGINE.singular_noun(head.lower()))


def be(phrase: str, past: bool = False) -> str:
    if past:
        return "were" if is_plural(phrase) else "was"
    return "are" if is_plural(phrase) else "is"


def article(phrase: str) -> str:
    """"a" or "an" for the phrase, by sound ("an hour", "a unicorn", "an EV sale")."""
    with _ENGINE_LOCK:
        return _ENGINE.a(phrase).split(" ", 1)[0]


def possessive(name: str) -> str:
    """Python -> Python's; IT services -> IT services'; Bus -> Bus's."""
    if name.endswith("'s") or name.endswith("s'"):
        return name
    if name.endswith("s") and is_plural(name):
        return name + "'"
    return name + "'s"


def plural(noun: str) -> str:
    if is_plural(noun):
        return noun
    with _ENGINE_LOCK:
        return _ENGINE.plural_noun(noun)


def number(value: float, dp: int) -> str:
    text = f"{value:,.{dp}f}" if abs(value) >= 10_000 else f"{value:.{dp}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def with_unit(n: str, unit: str) -> str:
    """A written number and its unit, as a sentence puts them: "412 GWh", "40%", "USD 3.2".
    The one rule for both the engine's text and the question families'."""
    if not unit:
        return n
    if unit == "%":
        return f"{n}%"
    if unit in ("USD", "EUR", "GBP"):
        return f"{unit} {n}"
    return f"{n} {unit}"


def amount(value: float, unit: str, dp: int) -> str:
    return with_unit(number(value, dp), unit)


def ordinal(n: int) -> str:
    with _ENGINE_LOCK:
        return _ENGINE.ordinal(n)


def join(items: list[str], word: str = "and") -> str:
    if not items:
        return ""
    with _ENGINE_LOCK:
        return _ENGINE.join([str(i) for i in items], conj=word)


_DOUBLED_WORD = re.compile(r"\b(\w+)( \1\b)+", re.I)
_DOUBLED_UNIT = re.compile(r"(\([^()]+\))( \1)+")
_POSSESSIVE = re.compile(r"\b([\w-]+s)'s\b")


def dedupe(text: str) -> str:
    """Collapse an accidental doubled word ("average average") or unit ("(%) (%)")."""
    return _DOUBLED_UNIT.sub(r"\1", _DOUBLED_WORD.sub(r"\1", text))


def noun_of(header: str) -> str:
    """A column header as a common noun: "Quarter" -> "quarter"; "GDP region" stays."""
    first = header.split(" ", 1)[0]
    if first[:1].isupper() and first[1:].islower():
        return header[:1].lower() + header[1:]
    return header


def polish(text: str, measure: str | None = None) -> str:
    """Fix what templates filled with names get wrong: a plural name's possessive
    ("Controllers's" -> "Controllers'"), a plural measure with a singular verb ("is the
    orders" -> "are the orders"), doubled words and units. (The engine polishes every
    candidate question: patterns are compiled once, per measure.)"""
    text = _POSSESSIVE.sub(lambda m: m.group(1) + "'" if is_plural(m.group(1)) else m.group(0), text)
    if measure:
        pattern, verbs = _agreement(measure)
        text = pattern.sub(lambda m: verbs[m.group(1)] + (m.group(2) or "") + f" {measure}", text)
    return dedupe(text)


@functools.lru_cache(maxsize=1024)
def _agreement(measure: str) -> tuple[re.Pattern, dict[str, str]]:
    """The verbs that disagree with `measure` before it, and what they become."""
    verbs = {"is": "are", "was": "were"} if is_plural(measure) else {"are": "is", "were": "was"}
    return re.compile(rf"\b({'|'.join(verbs)})( the| its| their)? {re.escape(measure)}\b"), verbs
