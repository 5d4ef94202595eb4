"""A question's solution, built one operation at a time.

Every operation does three things at once: computes its value from the chart's tables,
appends a line to the solution program (a plain Python function over the tables that
verification runs again), and says the step in words with the real intermediate value.
The rationale is those sentences; `steps` counts the operations (reads, picks, filters,
aggregates, arithmetic), so depth is measured, never claimed.

It also keeps the question honest: a value the image hides, a decision that a reading
error could flip (two bars too close to call, a value near a threshold), or a tolerance
too wide for the answer raises `Unanswerable`, and the family asks something else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cit.qa.programs.values import MAX_REL_TOL, Draft, Num, Pick, Unanswerable, Vec
from cit.qa.programs.vectors import VectorOps
from cit.qa.programs.view import ChartView, Other
from cit.qa.programs.words import amount, dedupe, ordinal

__all__ = ["Draft", "Num", "Pick", "Trace", "Unanswerable", "Vec"]


@dataclass
class Trace(VectorOps):
    v: ChartView
    code: list[str] = field(default_factory=list)
    says: list[str] = field(default_factory=list)
    steps: int = 0
    _taken: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.code.append(f'labels = [{self.v.label_code} for r in tables[{self.v.table}]["rows"]]')
        self._taken.add("labels")

    def _var(self, base: str) -> str:
        base = re.sub(r"[^0-9a-zA-Z]+", "_", base.lower()).strip("_") or "v"
        base = f"v_{base}" if base[0].isdigit() else base
        name, k = base[:24], 2
        while name in self._taken or name in ("tables", "labels", "sum", "max", "min", "len", "abs"):
            name, k = f"{base[:24]}_{k}", k + 1
        self._taken.add(name)
        return name

    def _say(self, text: str) -> None:
        text = dedupe(text)  # "the highest average average score" when the measure is itself an average
        self.says.append(text[:1].upper() + text[1:])

    def _amount(self, n: Num | float, dp: int | None = None, unit: str | None = None) -> str:
        if isinstance(n, Num):
            return amount(n.value, n.unit if unit is None else unit, n.dp if dp is None else dp)
        return amount(n, self.v.unit if unit is None else unit, self.v.dp if dp is None else dp)

    # ---- reading -----------------------------------------------------------------------
    def series(self, name: str) -> Vec:
        col, values = self.v.series[name]
        var = self._var(name)
        self.code.append(f'{var} = [r[{col}] for r in tables[{self.v.table}]["rows"]]')
        return Vec(list(values), list(self.v.labels), var, "labels", self.v.tol, name, self.v.unit, self.v.dp)

    def other(self, o: Other) -> Vec:
        var = self._var(o.name)
        self.code.append(f'{var} = [r[{o.column}] for r in tables[{o.table}]["rows"]]')
        values = [float(r[o.column]) for r in self.v.tables[o.table].rows]
        return Vec(values, list(self.v.labels), var, "labels", o.tol, o.name, o.unit, o.dp)

    def _check_read(self, vec: Vec, label: str) -> None:
        if vec.name in self.v.series and not self.v.readable(label, vec.name):
            raise Unanswerable(f"{vec.name} at {label} is hidden")

    def read(self, vec: Vec, label: str) -> Num:
        self._check_read(vec, label)
        i = vec.labels.index(label)
        var = self._var(f"{vec.var}_{label}")
        self.code.append(f"{var} = {vec.var}[{vec.lvar}.index({label!r})]")
        self.steps += 1
        n = Num(vec.values[i], var, vec.tol, vec.unit, vec.dp)
        self._say(f"{vec.name} {self.prep} {label} is {self._amount(n)}.")
        return n

    @property
    def prep(self) -> str:
        return "in" if self.v.ordered else "for"

    def at(self, vec: Vec, pick: Pick) -> Num:
        self._check_read(vec, pick.label)
        var = self._var(f"{vec.var}_at")
        self.code.append(f"{var} = {vec.var}[{pick.var}]")
        self.steps += 1
        n = Num(vec.values[pick.index], var, vec.tol, vec.unit, vec.dp)
        self._say(f"{vec.name} {self.prep} {pick.label} is {self._amount(n)}.")
        return n

    # ---- picking -----------------------------------------------------------------------
    def _require_readable(self, vec: Vec) -> None:
        for lab in vec.labels:
            self._check_read(vec, lab)

    def extreme(self, vec: Vec, highest: bool = True) -> Pick:
        self._require_readable(vec)
        order = sorted(range(len(vec.values)), key=lambda k: vec.values[k], reverse=highest)
        if len(order) < 2:
            raise Unanswerable("one value only")
        best, second = vec.values[order[0]], vec.values[order[1]]
        if abs(best - second) <= vec.tol or best == second:  # two marks side by side: compared directly
            raise Unanswerable("the top two are too close to tell apart")
        var = self._var(f"i_{'max' if highest else 'min'}_{vec.var}")
        fn = "max" if highest else "min"
        self.code.append(f"{var} = {fn}(range(len({vec.var})), key=lambda k: {vec.var}[k])")
        self.steps += 1
        i = order[0]
        word = "highest" if highest else "lowest"
        self._say(f"{vec.name} is {word} {self.prep} {vec.labels[i]} ({self._amount(best, vec.dp, vec.unit)}).")
        return Pick(i, vec.labels[i], var)

    def first_positive(self, vec: Vec, what: str) -> Pick:
        """The first element above zero, every earlier one clearly below it. Which of two
        marks at the same x is higher is seen directly: half their reading error apart is enough."""
        for i, x in enumerate(vec.values):
            if abs(x) <= vec.tol / 2 or x == 0:
                raise Unanswerable("a difference too small to read")
            if x > 0:
                if i == 0:
                    raise Unanswerable("already ahead at the start")
                var = self._var(f"i_first_{vec.var}")
                self.code.append(f"{var} = next(k for k, x in enumerate({vec.var}) if x > 0)")
                self.steps += 1
                self._say(f"{what} first happens in {vec.labels[i]}.")
                return Pick(i, vec.labels[i], var)
        raise Unanswerable("never happens")

    # ---- aggregates --------------------------------------------------------------------
    def total(self, vec: Vec) -> Num:
        self._require_readable(vec)
        var = self._var(f"total_{vec.var}")
        self.code.append(f"{var} = sum({vec.var})")
        self.steps += 1
        n = Num(sum(vec.values), var, vec.tol * len(vec.values), vec.unit, vec.dp)
        self._say(f"The total of {vec.name} is {self._amount(n)}.")
        return n

    def mean(self, vec: Vec) -> Num:
        self._require_readable(vec)
        if not vec.values:
            raise Unanswerable("nothing to average")
        var = self._var(f"mean_{vec.var}")
        self.code.append(f"{var} = sum({vec.var}) / len({vec.var})")
        self.steps += 1
        n = Num(sum(vec.values) / len(vec.values), var, vec.tol, vec.unit, min(vec.dp + 1, 2))
        self._say(f"The average of {vec.name} is {self._amount(n)}.")
        return n

    def median(self, vec: Vec) -> Num:
        self._require_readable(vec)
        var = self._var(f"median_{vec.var}")
        s = sorted(vec.values)
        k = len(s)
        self.code.append(f"{var} = (sorted({vec.var})[(len({vec.var}) - 1) // 2] + sorted({vec.var})[len({vec.var}) // 2]) / 2")
        self.steps += 1
        n = Num((s[(k - 1) // 2] + s[k // 2]) / 2, var, vec.tol, vec.unit, vec.dp + (k % 2 == 0))
        self._say(f"Sorted, the middle of {vec.name} is {self._amount(n)}.")
        return n

    def rank(self, vec: Vec, n: Num, label: str) -> Num:
        self._require_readable(vec)
        others = [x for x in vec.values if x != n.value]
        if any(abs(x - n.value) <= vec.tol for x in others) or len(others) != len(vec.values) - 1:
            raise Unanswerable("a neighbour too close to rank")
        var = self._var(f"rank_{vec.var}")
        self.code.append(f"{var} = sorted({vec.var}, reverse=True).index({n.var}) + 1")
        self.steps += 1
        r = sorted(vec.values, reverse=True).index(n.value) + 1
        self._say(f"Sorted from highest, {label} is {ordinal(r)}.")
        return Num(r, var, 0.0, "", 0)

    # ---- arithmetic --------------------------------------------------------------------
    def _arith(self, expr: str, value: float, tol: float, base: str, unit: str, dp: int, say: str) -> Num:
        var = self._var(base)
        self.code.append(f"{var} = {expr}")
        self.steps += 1
        n = Num(value, var, tol, unit, dp)
        self._say(say.format(result=self._amount(n)))
        return n

    def sub(self, a: Num, b: Num, say: str | None = None) -> Num:
        v = a.value - b.value
        text = say or f"{self._amount(a)} − {self._amount(b)} = {{result}}."
        return self._arith(f"{a.var} - {b.var}", v, a.tol + b.tol, "diff", a.unit, max(a.dp, b.dp), text)

    def add(self, a: Num, b: Num) -> Num:
        v = a.value + b.value
        return self._arith(f"{a.var} + {b.var}", v, a.tol + b.tol, "both", a.unit, max(a.dp, b.dp),
                           f"{self._amount(a)} + {self._amount(b)} = {{result}}.")

    def ratio(self, a: Num, b: Num) -> Num:
        if abs(b.value) <= b.tol or b.value == 0:
            raise Unanswerable("dividing by a value that may be zero")
        v = a.value / b.value
        tol = abs(v) * (a.tol / max(abs(a.value), 1e-12) + b.tol / abs(b.value))
        return self._arith(f"{a.var} / {b.var}", v, tol, "ratio", "", 2,
                           f"{self._amount(a)} / {self._amount(b)} = {{result}}.")

    def percent_of(self, part: Num, whole: Num) -> Num:
        if whole.value == 0:
            raise Unanswerable("a zero total")
        v = 100 * part.value / whole.value
        tol = abs(v) * (part.tol / max(abs(part.value), 1e-12) + whole.tol / abs(whole.value))
        return self._arith(f"100 * {part.var} / {whole.var}", v, tol, "share", "%", 1,
                           f"{self._amount(part)} is {{result}} of {self._amount(whole)}.")

    def pct_change(self, a: Num, b: Num) -> Num:
        if a.value == 0 or abs(a.value) <= a.tol:
            raise Unanswerable("a change from a value that may be zero")
        v = 100 * (b.value - a.value) / abs(a.value)
        tol = 100 * ((a.tol + b.tol) / abs(a.value) + abs(b.value - a.value) * a.tol / a.value ** 2)
        return self._arith(f"100 * ({b.var} - {a.var}) / abs({a.var})", v, tol, "pct", "%", 1,
                           f"({self._amount(b)} − {self._amount(a)}) / {self._amount(a)} = {{result}}.")

    def const(self, value: float, name: str) -> Num:
        var = self._var(name)
        self.code.append(f"{var} = {value!r}")
        return Num(value, var, 0.0, self.v.unit, self.v.dp)

    def per(self, a: Num, count: int, what: str) -> Num:
        """a divided by a count the chart shows (periods, categories)."""
        var = self._var("per")
        self.code.append(f"{var} = {a.var} / {count}")
        self.steps += 1
        n = Num(a.value / count, var, a.tol / count, a.unit, min(a.dp + 1, 2))
        self._say(f"{self._amount(a)} over {count} {what} is {self._amount(n)} each.")
        return n

    def choose(self, named: list[tuple[str, Num]], highest: bool, what: str) -> Pick:
        """The name whose number is highest (lowest); the runner-up must be clearly behind."""
        order = sorted(named, key=lambda p: p[1].value, reverse=highest)
        (best, b), (_, s) = order[0], order[1]
        if abs(b.value - s.value) <= b.tol + s.tol or b.value == s.value:
            raise Unanswerable("the top two are too close to tell apart")
        var = self._var("chosen")
        pairs = ", ".join(f"({name!r}, {n.var})" for name, n in named)
        self.code.append(f"{var} = {'max' if highest else 'min'}([{pairs}], key=lambda p: p[1])[0]")
        self.steps += 1
        self._say(f"So {best} has the {'highest' if highest else 'lowest'} {what}.")
        return Pick(-1, best, var)

    # ---- answers -----------------------------------------------------------------------
    def _program(self, result: str) -> str:
        body = "\n".join("    " + line for line in self.code)
        return f"def solve(tables):\n{body}\n    return {result}\n"

    def number(self, question: str, n: Num, dp: int | None = None, kind: str = "reasoning") -> Draft:
        dp = n.dp if dp is None else dp
        shown = round(n.value, dp) if dp > 0 else int(round(n.value))
        # A reader who writes the exact value must match the rounded one (float rounding included).
        abs_tol = max(n.tol, 0.5 * 10.0 ** -dp * 1.001 if dp > 0 else 0.0)
        if n.tol > 0 and abs_tol >= MAX_REL_TOL * abs(n.value):
            raise Unanswerable("the reading tolerance is too wide for this answer")
        answer = amount(shown, n.unit, dp)
        at = {"type": "number", "unit": n.unit or None, "abs_tol": round(abs_tol, 6), "rel_tol": 0.0}
        return Draft(question, answer, shown, at, " ".join(self.says), self._program(n.var), self.steps, kind)

    def label(self, question: str, pick: Pick, kind: str = "reasoning") -> Draft:
        result = pick.var if pick.index < 0 else f"labels[{pick.var}]"
        return Draft(question, pick.label, pick.label, {"type": "text"}, " ".join(self.says),
                     self._program(result), self.steps, kind)
