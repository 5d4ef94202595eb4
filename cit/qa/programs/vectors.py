"""Trace operations over whole series: changes, gaps, filters, counts, the largest few,
streaks and sums across series. Mixed into `Trace`, whose helpers they use."""

from __future__ import annotations

from cit.qa.programs.values import Num, Unanswerable, Vec
from cit.qa.programs.words import amount, join


class VectorOps:
    def combined(self, vecs: list[Vec], name: str) -> Vec:
        for vec in vecs:
            self._require_readable(vec)
        var = self._var("combined")
        self.code.append(f"{var} = [sum(xs) for xs in zip({', '.join(v.var for v in vecs)})]")
        self.steps += 1
        values = [sum(xs) for xs in zip(*(v.values for v in vecs))]
        shown = ", ".join(f"{lab} {amount(x, '', vecs[0].dp)}" for lab, x in zip(vecs[0].labels, values))
        self._say(f"{name[:1].upper() + name[1:]}: {shown}.")
        return Vec(values, vecs[0].labels, var, vecs[0].lvar, sum(v.tol for v in vecs), name, vecs[0].unit, vecs[0].dp)

    def changes(self, vec: Vec) -> Vec:
        self._require_readable(vec)
        var, lvar = self._var(f"chg_{vec.var}"), self._var(f"steps_{vec.var}")
        self.code.append(f"{var} = [b - a for a, b in zip({vec.var}, {vec.var}[1:])]")
        self.code.append(f"{lvar} = {vec.lvar}[1:]")
        self.steps += 1
        values = [b - a for a, b in zip(vec.values, vec.values[1:])]
        shown = ", ".join(f"{lab} {'+' if d >= 0 else '−'}{amount(abs(d), '', vec.dp)}" for lab, d in zip(vec.labels[1:], values))
        self._say(f"Changes of {vec.name} from one {self.v.x_noun[0]} to the next: {shown}.")
        return Vec(values, vec.labels[1:], var, lvar, 2 * vec.tol, f"the change of {vec.name}", vec.unit, vec.dp)

    def gaps(self, a: Vec, b: Vec) -> Vec:
        self._require_readable(a)
        self._require_readable(b)
        var = self._var(f"gap_{a.var}_{b.var}")
        self.code.append(f"{var} = [x - y for x, y in zip({a.var}, {b.var})]")
        self.steps += 1
        values = [x - y for x, y in zip(a.values, b.values)]
        shown = ", ".join(f"{lab} {amount(d, '', a.dp)}" for lab, d in zip(a.labels, values))
        self._say(f"{a.name} minus {b.name}: {shown}.")
        return Vec(values, a.labels, var, a.lvar, a.tol + b.tol, f"{a.name} minus {b.name}", a.unit, a.dp)

    def magnitudes(self, vec: Vec) -> Vec:
        var = self._var(f"abs_{vec.var}")
        self.code.append(f"{var} = [abs(x) for x in {vec.var}]")
        self.steps += 1
        return Vec([abs(x) for x in vec.values], vec.labels, var, vec.lvar, vec.tol, f"the size of {vec.name}", vec.unit, vec.dp)

    def where_above(self, vec: Vec, threshold: Num, what: str, reference: str | None = None) -> Vec:
        """The elements above `threshold`; `reference` is the label the threshold was read from."""
        self._require_readable(vec)
        margin = max(vec.tol, threshold.tol)  # a reading error of either side could flip the comparison
        if any(abs(x - threshold.value) <= margin for lab, x in zip(vec.labels, vec.values) if lab != reference):
            raise Unanswerable("a value too close to the threshold")
        var, lvar = self._var(f"above_{vec.var}"), self._var(f"names_above_{vec.var}")
        self.code.append(f"{var} = [x for x in {vec.var} if x > {threshold.var}]")
        self.code.append(f"{lvar} = [l for l, x in zip({vec.lvar}, {vec.var}) if x > {threshold.var}]")
        self.steps += 1
        keep = [(lab, x) for lab, x in zip(vec.labels, vec.values) if x > threshold.value]
        if not keep:
            raise Unanswerable("nothing passes")
        self._say(f"{what[:1].upper() + what[1:]}: {join([lab for lab, _ in keep])}.")
        return Vec([x for _, x in keep], [lab for lab, _ in keep], var, lvar, vec.tol, what, vec.unit, vec.dp)

    def count(self, vec: Vec) -> Num:
        var = self._var(f"n_{vec.var}")
        self.code.append(f"{var} = len({vec.var})")
        self.steps += 1
        self._say(f"That is {len(vec.values)}.")
        return Num(len(vec.values), var, 0.0, "", 0)

    def largest(self, vec: Vec, k: int) -> Vec:
        self._require_readable(vec)
        s = sorted(vec.values, reverse=True)
        if len(s) <= k or abs(s[k - 1] - s[k]) <= vec.tol:
            raise Unanswerable("the cut is too close to call")
        var = self._var(f"top{k}_{vec.var}")
        self.code.append(f"{var} = sorted({vec.var}, reverse=True)[:{k}]")
        self.steps += 1
        pairs = sorted(zip(vec.values, vec.labels), reverse=True)[:k]
        self._say(f"The {k} largest are {join([f'{lab} ({amount(x, vec.unit, vec.dp)})' for x, lab in pairs])}.")
        return Vec([x for x, _ in pairs], [lab for _, lab in pairs], var, vec.lvar, vec.tol, f"the {k} largest", vec.unit, vec.dp)

    def longest_rise(self, changes: Vec) -> Num:
        if any(abs(x) <= changes.tol or x == 0 for x in changes.values):
            raise Unanswerable("a change too small to read")
        var = self._var("longest_rise")
        self.code += [f"{var} = run = 0", f"for x in {changes.var}:", "    run = run + 1 if x > 0 else 0",
                      f"    {var} = max({var}, run)"]
        self.steps += 1
        best = run = 0
        for x in changes.values:
            run = run + 1 if x > 0 else 0
            best = max(best, run)
        self._say(f"The longest run of consecutive increases is {best}.")
        return Num(best, var, 0.0, "", 0)
