"""Find random draws that no seed fixes, by reading the program's AST.

Chart data must be explicit: the Q&A writer reads the code, so numbers that change on
every run would make its answers wrong. Seeded randomness is fine (the chart is then
reproducible); what is refused:
- a draw from numpy's or `random`'s global state (`np.random.normal`, `random.randint`,
  `scipy.stats.norm.rvs` without `random_state`) before any `np.random.seed(...)` /
  `random.seed(...)` call in the program;
- a generator made without a seed (`np.random.default_rng()`, `random.Random()`,
  `RandomState()`, `random.SystemRandom`).
This reads names, not values: `seed(None)` counts as no seed, a seed computed at run time
counts as a seed. It is a policy check, not a sandbox.
"""

from __future__ import annotations

import ast

_NP_NOT_DRAWS = {"seed", "default_rng", "RandomState", "Generator", "SeedSequence", "PCG64", "PCG64DXSM",
                 "MT19937", "Philox", "SFC64", "BitGenerator", "get_state", "set_state"}
_PY_NOT_DRAWS = {"seed", "Random", "SystemRandom", "getstate", "setstate"}
_CONSTRUCTORS = {"numpy.random.default_rng", "numpy.random.RandomState", "numpy.random.Generator",
                 "random.Random"}


def _aliases(tree: ast.AST) -> dict[str, str]:
    """Local name -> dotted module or function path, from the program's imports."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.asname:
                    names[a.asname] = a.name
                else:
                    root = a.name.split(".")[0]
                    names[root] = root
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for a in node.names:
                names[a.asname or a.name] = f"{node.module}.{a.name}"
    return names


def _dotted(node: ast.AST, names: dict[str, str]) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    base = names.get(node.id)
    if base is None:
        return None
    return ".".join([base, *reversed(parts)])


def _has_seed_arg(call: ast.Call) -> bool:
    args = list(call.args) + [k.value for k in call.keywords if k.arg in ("seed", "x", "a")]
    return any(not (isinstance(a, ast.Constant) and a.value is None) for a in args)


def unseeded_draws(code: str) -> list[str]:
    """Descriptions of unseeded random draws, in source order ([] when the program is fine
    or does not parse: a syntax error is the renderer's and self-repair's business)."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return []
    names = _aliases(tree)
    calls = sorted((n for n in ast.walk(tree) if isinstance(n, ast.Call)), key=lambda n: (n.lineno, n.col_offset))
    seeded = {"numpy": False, "random": False}
    found: list[str] = []
    for call in calls:
        path = _dotted(call.func, names)
        where = f"line {call.lineno}"
        if path is None:
            if isinstance(call.func, ast.Attribute) and call.func.attr == "rvs":
                if not any(k.arg == "random_state" for k in call.keywords) and not seeded["numpy"]:
                    found.append(f"{where}: .rvs() without random_state")
            continue
        if path in ("numpy.random.seed", "random.seed"):
            if _has_seed_arg(call):
                seeded[path.split(".")[0]] = True
            continue
        if path in _CONSTRUCTORS:
            if not _has_seed_arg(call):
                found.append(f"{where}: {path}() without a seed")
            continue
        if path == "random.SystemRandom":
            found.append(f"{where}: random.SystemRandom cannot be seeded")
            continue
        if path.startswith("numpy.random.") and path.count(".") == 2:
            fn = path.rsplit(".", 1)[1]
            if fn not in _NP_NOT_DRAWS and not seeded["numpy"]:
                found.append(f"{where}: {path}() before np.random.seed(...)")
        elif path.startswith("random.") and path.count(".") == 1:
            fn = path.rsplit(".", 1)[1]
            if fn not in _PY_NOT_DRAWS and not seeded["random"]:
                found.append(f"{where}: {path}() before random.seed(...)")
        elif path.endswith(".rvs") and path.startswith("scipy."):
            if not any(k.arg == "random_state" for k in call.keywords) and not seeded["numpy"]:
                found.append(f"{where}: {path}() without random_state")
    return found
