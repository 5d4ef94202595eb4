"""The topic pool: the engine's topic domains, read from data files.

Each file in prompts/engine_topics/ (next to the LLM path's topics.yaml) is a list of
domains; `model.py` says what every field means. Files are read in name order and domains
in file order, which fixes the pool's order (and so what a seed draws). A new domain is a
new entry in a file, not Python.
"""

from __future__ import annotations

from typing import Any

import yaml

from cit.engine.topics.model import Domain, Measure, Pair
from cit.errors import UserError
from cit.paths import prompts_dir

FOLDER = "engine_topics"


def _measure(d: dict[str, Any]) -> Measure:
    return Measure(d["name"], d["unit"], d["lo"], d["hi"], d.get("dp", 1), d.get("additive", True))


def _domain(d: dict[str, Any]) -> Domain:
    pair = d["pair"]
    optional = {k: d[k] for k in ("time", "first_year", "flow_between", "stage_unit") if k in d}
    return Domain(
        d["key"], d["label"],
        entity=tuple(d["entity"]), entities=tuple(d["entities"]),
        group=tuple(d["group"]), groups=tuple(d["groups"]),
        measures=tuple(_measure(m) for m in d["measures"]),
        samples=_measure(d["samples"]), sample_obs=d["sample_obs"], criteria=tuple(d["criteria"]),
        pair=Pair(_measure(pair["x"]), _measure(pair["y"]), pair["obs"], pair.get("sign", 1)),
        flow=_measure(d["flow"]) if d.get("flow") else None,
        price=_measure(d["price"]) if d.get("price") else None,
        tree={k: tuple(v) for k, v in (d.get("tree") or {}).items()},
        stages=tuple(d.get("stages") or ()),
        **optional,
    )


def load_domains() -> dict[str, Domain]:
    found: dict[str, Domain] = {}
    for path in sorted((prompts_dir() / FOLDER).glob("*.yaml")):
        try:
            entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
            domains = [_domain(e) for e in entries]
        except (yaml.YAMLError, KeyError, TypeError) as exc:
            raise UserError(f"{path}: not a list of topic domains ({type(exc).__name__}: {exc})") from None
        for d in domains:
            if d.key in found:
                raise UserError(f"{path}: topic '{d.key}' is defined twice")
            found[d.key] = d
    return found


TOPICS: dict[str, Domain] = load_domains()

__all__ = ["TOPICS", "Domain", "Measure", "Pair", "load_domains"]
