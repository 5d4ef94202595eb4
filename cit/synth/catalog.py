"""The prompt folder's catalogues: chart types, topics and evolution directions, all files.

A chart type is one YAML file, `chart_types/<family>/<name>.yaml`; its key is
"<family>/<name>". A topic pool is `topics.yaml` (a list of strings). An evolution direction
is one template, `evol_instruct/directions/<name>.jinja`. Adding any of them means adding a
file to the prompt folder (the user's `--prompts DIR` or the built-in one), never Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cit.errors import UserError
from cit.prompts import Prompts

TYPE_FIELDS = {"name", "family", "library", "description", "notes", "seeds", "weight", "engine"}
LIBRARIES = {"matplotlib", "seaborn", "plotly"}
DIRECTIONS_DIR = "evol_instruct/directions"


@dataclass(frozen=True)
class ChartType:
    key: str  # "bar/stacked"
    family: str
    name: str  # what prompts call it, e.g. "stacked bar chart"
    library: str
    description: str
    notes: str  # drawing notes sent with the prompt
    seeds: tuple[str, ...] = ()
    weight: float = 1.0
    source: str = ""  # the file it came from
    engine: str | None = None  # the built-in engine's implementation of this type ("bar/stacked"), if any

    def as_vars(self) -> dict[str, Any]:
        """What templates see as `chart` / `other`."""
        return {"key": self.key, "family": self.family, "name": self.name, "library": self.library,
                "description": self.description, "notes": self.notes}


def _text(value: Any, where: str, field: str) -> str:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n".join(f"- {v}" for v in value)
    if not isinstance(value, str) or not value.strip():
        raise UserError(f"{where}: '{field}' must be non-empty text")
    return value.strip()


def load_chart_type(prompts: Prompts, rel: str) -> ChartType:
    where = str(prompts.path(rel))
    parts = rel.split("/")
    if len(parts) != 3 or not rel.endswith(".yaml"):
        raise UserError(f"{where}: chart type files live at chart_types/<family>/<name>.yaml")
    family, name = parts[1], parts[2][: -len(".yaml")]
    data = prompts.read_yaml(rel)
    if not isinstance(data, dict):
        raise UserError(f"{where}: expected a mapping with {', '.join(sorted(TYPE_FIELDS - {'weight'}))}")
    unknown = sorted(set(data) - TYPE_FIELDS)
    if unknown:
        raise UserError(f"{where}: unknown key '{unknown[0]}' (allowed: {', '.join(sorted(TYPE_FIELDS))})")
    if data.get("family", family) != family:
        raise UserError(f"{where}: family '{data['family']}' does not match its folder '{family}'")
    library = data.get("library", "matplotlib")
    if library not in LIBRARIES:
        raise UserError(f"{where}: library '{library}' is not one of {', '.join(sorted(LIBRARIES))}")
    seeds = data.get("seeds") or []
    if not isinstance(seeds, list) or not all(isinstance(s, str) and s.strip() for s in seeds):
        raise UserError(f"{where}: 'seeds' must be a list of programs (YAML block strings)")
    weight = data.get("weight", 1.0)
    if not isinstance(weight, (int, float)) or weight < 0:
        raise UserError(f"{where}: 'weight' must be a number >= 0")
    engine = data.get("engine")
    if engine is not None and not (isinstance(engine, str) and engine.count("/") == 1):
        raise UserError(f"{where}: 'engine' names an engine chart type such as bar/stacked (see `cit prompts list`)")
    return ChartType(
        key=f"{family}/{name}",
        family=family,
        name=_text(data.get("name", name.replace("_", " ")), where, "name"),
        library=library,
        description=_text(data.get("description"), where, "description"),
        notes=_text(data.get("notes"), where, "notes"),
        seeds=tuple(s.strip("\n") + "\n" for s in seeds),
        weight=float(weight),
        source=where,
        engine=engine,
    )


def load_chart_types(prompts: Prompts, wanted: list[str] | None = None) -> list[ChartType]:
    """Every chart type in the prompt layers, or those `wanted` (keys or families)."""
    types = [load_chart_type(prompts, rel) for rel in prompts.glob("chart_types/*/*.yaml")]
    if not types:
        raise UserError("no chart types found (chart_types/<family>/<name>.yaml in the prompt folders)")
    return select_types(types, wanted)


def select_types(types: list[ChartType], wanted: list[str] | None) -> list[ChartType]:
    if wanted is None:
        return types
    keys = {t.key for t in types}
    families = {t.family for t in types}
    for w in wanted:
        if w not in keys and w not in families:
            raise UserError(f"unknown chart type '{w}'; known families: {', '.join(sorted(families))}; "
                            f"types: {', '.join(sorted(keys))}")
    chosen = [t for t in types if t.key in wanted or t.family in wanted]
    if not any(t.weight > 0 for t in chosen):
        raise UserError(f"the chart types {', '.join(wanted)} all have weight 0")
    return chosen


def load_topics(prompts: Prompts) -> list[str]:
    data = prompts.read_yaml("topics.yaml")
    if not isinstance(data, list) or not data or not all(isinstance(t, str) and t.strip() for t in data):
        raise UserError(f"{prompts.path('topics.yaml')}: expected a non-empty list of topics")
    return [t.strip() for t in data]


def direction_names(prompts: Prompts) -> list[str]:
    return [rel.rsplit("/", 1)[1][: -len(".jinja")] for rel in prompts.glob(f"{DIRECTIONS_DIR}/*.jinja")]


def load_directions(prompts: Prompts, wanted: list[str] | None) -> list[str]:
    found = direction_names(prompts)
    if wanted is None:
        if not found:
            raise UserError(f"no evolution directions found ({DIRECTIONS_DIR}/*.jinja in the prompt folders)")
        return found
    for w in wanted:
        if w not in found:
            raise UserError(f"unknown evolution direction '{w}'; found: {', '.join(found) or 'none'}")
    return list(wanted)


def direction_file(name: str) -> str:
    return f"{DIRECTIONS_DIR}/{name}.jinja"


def fallback_type(key: str, family: str, library: str) -> ChartType:
    """For records whose type no catalogue lists (engine programs, a removed type file)."""
    name = key.split("/")[-1].replace("_", " ")
    return ChartType(key=key, family=family, name=f"{name} {family} chart" if name != family else f"{family} chart",
                     library=library, description=f"a {name} chart of the {family} family", notes="(no notes)")
