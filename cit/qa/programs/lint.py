"""Language checks for generated questions: the rules `tests/test_qa_families.py` holds every
family to, also used by `bench/qa_profile.py` to count problems in a whole run."""

from __future__ import annotations

import re

from cit.qa.programs.words import article, is_plural

MONTHS = "January February March April May June July August September October November December".split()
_LOWER_MONTH = re.compile(r"(?<![A-Za-z'])(" + "|".join(m.lower() for m in MONTHS + [m[:3] for m in MONTHS] + ["sept"]) + r")(?![a-z])")


def problems(question: str, names: list[str], measure: str | None = None) -> list[str]:
    """What is wrong with one question. `names` are the labels the chart prints (categories,
    series), which must appear exactly as printed; `measure` is the measure's phrase."""
    out = []
    if m := re.search(r"\b(\w+) \1\b", question, re.I):
        out.append(f"doubled word {m.group(0)!r}")
    if re.search(r"(\([^()]+\)) \1", question):
        out.append("doubled unit")
    for m in re.finditer(r"\b(a|an) ([A-Za-z][\w-]*)", question):
        if m.group(1).lower() != article(m.group(2)):
            out.append(f"article {m.group(0)!r}")
    rest = question
    for name in sorted(names, key=len, reverse=True):
        rest = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", rest)
    if m := _LOWER_MONTH.search(rest):
        out.append(f"lower-case month {m.group(0)!r}")
    for name in names:
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", rest, re.I):
            out.append(f"name changed: {name!r}")
    for m in re.finditer(r"([\w-]+)'s\b", question):
        if m.group(1).endswith("s") and is_plural(m.group(1)):
            out.append(f"possessive of a plural: {m.group(0)!r}")
    if measure:
        if is_plural(measure) and re.search(rf"\b(is|was) (the )?{re.escape(measure)}\b", question):
            out.append(f"plural measure with a singular verb: {measure!r}")
        if not is_plural(measure) and re.search(rf"\b(are|were) (the )?{re.escape(measure)}\b", question):
            out.append(f"singular measure with a plural verb: {measure!r}")
    if not question[:1].isupper() or not question.rstrip().endswith("?"):
        out.append("not a sentence")
    return out
