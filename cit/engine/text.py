"""Small text helpers: numbers as people write them, names as code writes them."""

from __future__ import annotations

import keyword
import re

# Names a generated program must not shadow (it may call them).
_RESERVED = set(keyword.kwlist) | {
    "list", "dict", "sum", "max", "min", "len", "range", "round", "sorted", "zip", "map", "abs",
    "plt", "np", "sns", "nx", "go", "px", "pd", "fig", "ax", "ax2", "squarify", "id", "type",
    "input", "format", "iter", "next", "set", "str", "int", "float", "x", "y", "z", "i", "colors",
}


def num(value: float, dp: int = 2) -> str:
    """`value` rounded to `dp` decimals, without trailing zeros: 12.50 -> "12.5", 3.0 -> "3"."""
    text = f"{value:.{dp}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def with_unit(value: float, unit: str, dp: int = 2) -> str:
    """A number with its unit, the way a sentence writes it: "12.5 TWh", "40%", "USD 3.2"."""
    from cit.qa.programs.words import with_unit as place

    return place(num(value, dp), unit)


def var_name(text: str, taken: set[str] | None = None) -> str:
    """A readable Python identifier for `text`, unique among `taken` (which it updates)."""
    base = re.sub(r"[^0-9a-zA-Z]+", "_", text.lower()).strip("_") or "values"
    if base[0].isdigit():
        base = f"v_{base}"
    if base in _RESERVED:
        base = f"{base}_values"
    name, k = base, 2
    taken = taken if taken is not None else set()
    while name in taken or name in _RESERVED:
        name, k = f"{base}_{k}", k + 1
    taken.add(name)
    return name


def join(items: list[str], word: str = "and") -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def label_with_unit(name: str, unit: str) -> str:
    """An axis label: "Electricity generation (TWh)"."""
    return cap(f"{name} ({unit})" if unit else name)
