"""ChartEngine: filtered, seeded generation of chart samples, and their evolution.

`generate(i)` is a pure function of (seed, i, filters): a seeded generator picks a chart
type implementation and a topic domain that fits it, the type draws a spec, and the
program, data tables, caption and Q&A are all derived from that spec (`build`).
`evolve` copies a sample's spec, applies one programmatic transform, and derives a new
sample from the result.
"""

from __future__ import annotations

import copy
import random

import cit.engine.assemble as assemble
import cit.engine.caption as caption
import cit.engine.overlay as overlay
import cit.engine.panel as panel
from cit.engine.base import DIRECTIONS, ChartType, Draw
from cit.engine.qa import Asker, select, to_records
from cit.engine.rand import rng_for
from cit.engine.registry import all_types, find
from cit.engine.topics import TOPICS
from cit.errors import UserError
from cit.qa.programs.words import polish
from cit.record import DataTable, Lineage, Sample

ENGINE_VERSION = "1.0"
LIBRARIES = ("matplotlib", "seaborn", "plotly")


def _norm(name: str) -> str:
    return name.strip().lower().replace(".", "/").replace("-", "_").replace(" ", "_")


def _resolve_types(names: list[str], pool: tuple[ChartType, ...]) -> set[str]:
    keys = {t.key for t in pool}
    families = {t.family for t in pool}
    chosen: set[str] = set()
    for raw in names:
        n = _norm(raw)
        if n in keys:
            chosen.add(n)
        elif n in families:
            chosen |= {k for k in keys if k.split("/")[0] == n}
        else:
            raise UserError(f"unknown chart type or family '{raw}'; families: {', '.join(sorted(families))}; "
                            f"types: {', '.join(sorted(keys))}")
    return chosen


def _resolve_topics(names: list[str]) -> list[str]:
    by_name = {k: k for k in TOPICS} | {_norm(d.label): k for k, d in TOPICS.items()}
    out: list[str] = []
    for raw in names:
        key = by_name.get(_norm(raw))
        if key is None:
            raise UserError(f"unknown topic '{raw}'; topics: {', '.join(sorted(TOPICS))}")
        if key not in out:
            out.append(key)
    return out


class ChartEngine:
    def __init__(self, seed: int = 0, types: list[str] | None = None, libraries: list[str] | None = None,
                 topics: list[str] | None = None):
        self.seed = seed
        every = all_types()
        self._by_id = {f"{t.key}@{t.library}": t for t in every}
        pool = list(every)
        if libraries is not None:
            bad = [lib for lib in libraries if lib.strip().lower() not in LIBRARIES]
            if bad:
                raise UserError(f"unknown library '{bad[0]}'; libraries: {', '.join(LIBRARIES)}")
            wanted = {lib.strip().lower() for lib in libraries}
            pool = [t for t in pool if t.library in wanted]
        if types is not None:
            keys = _resolve_types(types, every)
            pool = [t for t in pool if t.key in keys]
        topic_keys = _resolve_topics(topics) if topics is not None else sorted(TOPICS)
        self._pool: list[tuple[ChartType, list[str]]] = []
        for t in pool:
            fits = [k for k in topic_keys if t.needs <= TOPICS[k].features]
            if fits:
                self._pool.append((t, fits))
        if not self._pool:
            raise UserError(f"no chart type fits the filters (types={types}, libraries={libraries}, topics={topics})")

    @property
    def types(self) -> list[ChartType]:
        return [t for t, _ in self._pool]

    # ---- generation -----------------------------------------------------------------------
    def generate(self, index: int) -> Sample:
        rng = rng_for("cit-engine", self.seed, index)
        t, topics = self._pool[rng.randrange(len(self._pool))]
        domain = TOPICS[topics[rng.randrange(len(topics))]]
        spec = t.make(Draw(rng, domain))
        sid = f"tpl-{self.seed}-{index:06d}"
        return build(t, spec, sid, Lineage(), {"engine_version": ENGINE_VERSION, "seed": self.seed, "index": index})

    # ---- evolution ------------------------------------------------------------------------
    def _type_of(self, sample: Sample) -> ChartType | None:
        if sample.spec is None or sample.generator != "template":
            return None
        return self._by_id.get(f"{sample.chart_type}@{sample.library}")

    def directions(self, sample: Sample) -> list[str]:
        t = self._type_of(sample)
        if t is None:
            return []
        spec = sample.spec
        out = []
        for name in t.info().evolvable:
            if name == "more-data":
                ok = spec["overlay"] is None and t.grow(copy.deepcopy(spec), Draw(random.Random(0), TOPICS[spec["topic"]]))
            elif name == "visual-elements":
                ok = bool(t.elements(spec))
            elif name == "overlay":
                ok = spec["overlay"] is None and t.overlay_x(spec) is not None and overlay.base_values(t, spec) is not None
            else:
                ok = spec["panel"] is None and t.leaders(spec) is not None
            if ok:
                out.append(name)
        return out

    def evolve(self, sample: Sample, direction: str | None = None, step: int | None = None) -> Sample | None:
        if direction is not None and direction not in DIRECTIONS:
            raise UserError(f"unknown evolution direction '{direction}'; directions: {', '.join(DIRECTIONS)}")
        t = self._type_of(sample)
        if t is None:
            return None
        applicable = self.directions(sample)
        if direction is None:
            if not applicable:
                return None
            direction = applicable[rng_for("cit-direction", self.seed, sample.id).randrange(len(applicable))]
        elif direction not in applicable:
            return None
        spec = copy.deepcopy(sample.spec)
        spec.pop("questions", None)
        d = Draw(rng_for("cit-evolve", self.seed, sample.id, direction), TOPICS[spec["topic"]])
        if direction == "more-data":
            if not t.grow(spec, d):
                return None
        elif direction == "visual-elements":
            options = t.elements(spec)
            t.add_element(spec, options[d.rng.randrange(len(options))], d)
        elif direction == "overlay":
            overlay.add(t, spec, d)
        else:
            panel.add(t, spec, d)
        spec["wording_seed"] = d.rng.randrange(2**31)
        spec.setdefault("evolved", []).append(direction)
        n = step if step is not None else sample.lineage.step + 1
        lineage = Lineage(parent_id=sample.id, step=n, direction=direction, level="hard")
        prov = dict(sample.provenance) | {"engine_version": ENGINE_VERSION, "parent": sample.id, "direction": direction}
        return build(t, spec, f"{sample.id}-e{n}", lineage, prov)


def occluded_cells(table: DataTable) -> list[list[str]]:
    """Cells of a 3D bar grid that bars in front hide. Series stand in depth, the first
    nearest the viewer; categories run along x, seen from the front right (azim -58). A
    bar is hidden when a bar at least 90% as tall stands in a nearer row, at the same
    category or the next one to its right."""
    hidden = []
    rows, n = table.rows, len(table.columns) - 1
    for r, row in enumerate(rows):
        for s in range(1, n):
            blockers = [row[f + 1] for f in range(s)] + ([rows[r + 1][f + 1] for f in range(s)] if r + 1 < len(rows) else [])
            if any(b >= 0.9 * row[s + 1] for b in blockers):
                hidden.append([str(row[0]), table.columns[s + 1]])
    return hidden


def rebuild(sample: Sample) -> Sample:
    """Derive a sample again from its spec alone (program, tables, caption and Q&A)."""
    t = find(sample.chart_type, sample.library)
    if t is None or sample.spec is None:
        raise UserError(f"{sample.id} is not a chart from the built-in engine")
    spec = copy.deepcopy(sample.spec)
    spec.pop("questions", None)
    return build(t, spec, sample.id, sample.lineage, dict(sample.provenance))


def build(t: ChartType, spec: dict, sid: str, lineage: Lineage, provenance: dict) -> Sample:
    """Everything a sample carries, derived from its spec alone."""
    a = Asker(rng_for("cit-wording", spec["wording_seed"]))
    t.ask(spec, a)
    overlay.ask(t, spec, a)
    panel.ask(t, spec, a)
    measure = (spec.get("measure") or {}).get("name")
    for c in a.items:  # template wording filled with names: possessives, agreement, doubled words
        c.question, c.rationale = polish(c.question, measure), polish(c.rationale, measure)
    chosen = select(a.items, a.rng)
    tables = t.tables(spec) + overlay.tables(spec) + panel.tables(spec)
    if t.family == "bar3d":  # stacked 3D bars share one row in depth: nothing hides behind
        spec["occluded"] = occluded_cells(tables[0]) if t.name == "plain" else []
    spec["questions"] = [{"template": c.template, "kind": c.kind, "args": c.args, "dp": c.dp} for c in chosen]
    return Sample(
        id=sid, family=t.family, chart_type=t.key, library=t.library, code=assemble.program(t, spec), topic=spec["topic"],
        lineage=lineage, generator="template", data=tables,
        caption=caption.build(t, spec), qa=to_records(chosen, sid), spec=spec, provenance=provenance,
    )
