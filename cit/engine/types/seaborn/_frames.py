"""Shared code lines for seaborn types: long-form DataFrames built from the literals."""

from __future__ import annotations

from cit.engine.code import s


def series_frame(spec: dict, x_col: str, hue_col: str, y_col: str) -> list[str]:
    """A long-form frame (one row per x and series) from the series dict or single list."""
    v = spec["vars"]
    series = v["series"] if not isinstance(v["series"], dict) else "{" + ", ".join(f"{s(k)}: {var}" for k, var in v["series"].items()) + "}"
    return [f"rows = [(x, name, value) for name, values in {series}.items() for x, value in zip({v['x']}, values)]",
            f"frame = pd.DataFrame(rows, columns=[{s(x_col)}, {s(hue_col)}, {s(y_col)}])"]


def groups_frame(spec: dict, group_col: str, value_col: str) -> list[str]:
    v = spec["vars"]["groups"]
    groups = v if not isinstance(v, dict) else "{" + ", ".join(f"{s(k)}: {var}" for k, var in v.items()) + "}"
    return [f"rows = [(name, value) for name, values in {groups}.items() for value in values]",
            f"frame = pd.DataFrame(rows, columns=[{s(group_col)}, {s(value_col)}])"]
