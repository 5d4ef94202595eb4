"""The example pool Self-Instruct draws from: seeds, then every program the run accepted.

Seeds come from three places: the hand-written programs in each chart type file, programs
from the built-in engine, and a user's seed folder (`config.seeds`, *.py files; a first
line `# chart_type: bar/stacked` files one under a type). Accepted programs join as chunks
are committed (and from samples.jsonl on resume); each index sees only the programs of
indices far enough before it (`synth.pool_delay`), so what it draws never depends on timing
and a resumed run sees exactly the pool an uninterrupted one saw.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from cit.errors import UserError
from cit.synth.catalog import ChartType
from cit.synth.choice import sample

log = logging.getLogger("cit")
_TYPE_LINE = re.compile(r"^#\s*chart_type:\s*(\S+)\s*$")


@dataclass(frozen=True)
class Example:
    id: str  # "seed:bar/stacked#0", "engine:tpl-0-000003", "user:budget.py", or an accepted sample's id
    code: str
    chart_type: str | None = None
    index: int | None = None  # an accepted program's first-generation index; None: a seed

    def as_vars(self) -> dict[str, str | None]:
        return {"id": self.id, "code": self.code, "chart_type": self.chart_type}


def catalog_seeds(types: list[ChartType]) -> list[Example]:
    return [Example(f"seed:{t.key}#{i}", code, t.key) for t in types for i, code in enumerate(t.seeds)]


def folder_seeds(folder: Path | None) -> list[Example]:
    if folder is None:
        return []
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(f"seed folder {folder} does not exist")
    out = []
    for p in sorted(folder.glob("*.py")):
        try:
            code = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"cannot read seed program {p}: {exc}") from None
        first = code.splitlines()[0] if code.strip() else ""
        m = _TYPE_LINE.match(first)
        out.append(Example(f"user:{p.name}", code, m.group(1) if m else None))
    if not out:
        raise UserError(f"seed folder {folder} holds no *.py programs")
    return out


def engine_seeds(seed: int, n: int) -> list[Example]:
    """`n` programs from the built-in engine (none if the engine is not installed)."""
    if n == 0:
        return []
    try:
        from cit.engine import ChartEngine
    except ImportError as exc:
        log.warning("engine programs left out of the seed pool: %s", exc)
        return []
    engine = ChartEngine(seed=seed)
    return [Example(f"engine:{s.id}", s.code, s.chart_type) for s in (engine.generate(i) for i in range(n))]


class ExamplePool:
    def __init__(self, seeds: list[Example]):
        self.items: list[Example] = list(seeds)
        self._by_type: dict[str, list[int]] = {}
        self._ids: set[str] = set()
        for i, e in enumerate(self.items):
            self._index(i, e)

    def _index(self, i: int, e: Example) -> None:
        self._ids.add(e.id)
        if e.chart_type:
            self._by_type.setdefault(e.chart_type, []).append(i)

    def add(self, e: Example) -> None:
        if e.id in self._ids:
            return
        self.items.append(e)
        self._index(len(self.items) - 1, e)

    def __len__(self) -> int:
        return len(self.items)

    def draw(self, chart_type: str, k: int, same_type: int, *parts: object, below: int | None = None,
             above: int = 0) -> list[Example]:
        """k examples: up to `same_type` of `chart_type`, the rest from the whole pool
        (accepted programs only when their index is in [above, below), if given)."""
        def visible(e: Example) -> bool:
            return e.index is None or (e.index >= above and (below is None or e.index < below))

        typed = [e for e in (self.items[i] for i in self._by_type.get(chart_type, [])) if visible(e)]
        first = sample(typed, min(k, same_type), *parts, "same-type")
        taken = {e.id for e in first}
        items = [e for e in self.items if visible(e)]
        rest = [e for e in sample(items, k + len(first), *parts, "any") if e.id not in taken]
        return first + rest[: k - len(first)]

