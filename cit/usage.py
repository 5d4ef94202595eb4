"""LLM usage in stats.json: every call of a run, in total and per model, summed over
resumed sessions and over shards, with the per-kept-chart and per-Q&A figures."""

from __future__ import annotations

from typing import Any

from cit.pipeline import RunContext
from cit.stats import Stats


def run_usage(ctx: RunContext) -> dict[str, Any]:
    """Every LLM call of this session: totals over all clients, and per model."""
    total: dict[str, Any] = {}
    by_model: dict[str, Any] = {}
    for client in ctx.llm_clients():
        u = {k: v for k, v in client.usage.items() if k not in ("backend", "model")}
        by_model[client.model] = add_usage(by_model.get(client.model, {}), u)
        total = add_usage(total, u)
    total["by_model"] = by_model
    return total


def llm_totals(llm: dict[str, Any], stats: Stats) -> dict[str, Any]:
    tokens = llm.get("prompt_tokens", 0) + llm.get("completion_tokens", 0)
    llm["tokens_per_kept_chart"] = round(tokens / max(1, stats.kept), 1)
    qa = sum(stats.qa_by_kind.values())
    if isinstance(llm.get("cost_usd"), (int, float)):
        llm["cost_per_kept_qa"] = round(llm["cost_usd"] / max(1, qa), 6)
    return llm


def add_usage(base: dict[str, Any], now: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in now.items():
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            out[k] = round(out.get(k, 0) + v, 6)
        elif isinstance(v, dict):
            out[k] = add_usage(out.get(k, {}), v)
    return out
