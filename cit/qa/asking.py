"""One JSON-returning LLM call per chart, batched over a chunk, with a re-ask on bad replies.

A stage builds one `Ask` per chart (its conversation and a `parse` function that turns the
reply text into a value or raises `ParseError`). `ask_all` sends every ask of the chunk in
one `generate` call; a reply that cannot be used is sent back with what was wrong
(prompts/qa/reask.jinja), up to `retries` times, again batched. Every call is kept on the
chart's record. What remains unusable comes back with its last `ParseError`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cit.llm import Sampling, as_llm_call
from cit.llm.parsing import ParseError, reply_text
from cit.prompts import Prompts
from cit.record import Sample
from cit.stable import stable_int

Message = dict[str, Any]
REASK = "qa/reask.jinja"
REASK_VARS = ("reason", "detail")


def stable_seed(*parts: object) -> int:
    """A sampling seed from the given parts, the same on every machine and every run."""
    return stable_int(*parts, sep="|") % 2**31


@dataclass
class Ask:
    sample: Sample
    messages: list[Message]
    parse: Callable[[str], Any]
    seed: int
    value: Any = None
    error: ParseError | None = None
    attempts: int = 0
    history: list[Message] = field(default_factory=list)


def check_folder(prompts: Prompts, folder: str, turns: list[str], provided: tuple[str, ...]) -> None:
    """Load every template a stage will use now, so a typo fails before any LLM call."""
    prompts.check_folder(folder, turns, provided)
    prompts.template(REASK, REASK_VARS)


def ask_all(llm, stage: str, prompts: Prompts, asks: list[Ask], retries: int,
            temperature: float | None = None, max_tokens: int | None = None) -> None:
    """Fill each ask's `value`, or its `error` when no attempt gave a usable reply."""
    live = list(asks)
    for ask in live:
        ask.history = list(ask.messages)
    for attempt in range(retries + 1):
        if not live:
            return
        samplings = [Sampling(temperature=temperature, max_tokens=max_tokens,
                              seed=stable_seed(a.seed, stage, attempt)) for a in live]
        replies = llm.generate([list(a.history) for a in live], samplings)
        again: list[Ask] = []
        for ask, reply in zip(live, replies):
            ask.attempts += 1
            ask.sample.llm_calls.append(as_llm_call(stage, llm.model, ask.history, reply))
            try:
                ask.value = ask.parse(reply_text(reply))
                ask.error = None
            except ParseError as exc:
                ask.error = exc
                # A failed request is retried by the client already; only replies are re-asked.
                if reply.ok and attempt < retries:
                    ask.history = ask.history + [
                        {"role": "assistant", "content": reply.text},
                        {"role": "user", "content": prompts.render(REASK, reason=exc.reason, detail=exc.detail).strip()},
                    ]
                    again.append(ask)
        live = again
