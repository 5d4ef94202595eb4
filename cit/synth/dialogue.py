"""Multi-turn conversations with the LLM, batched across a chunk of records.

A stage's prompts live in one folder: an optional `system.jinja`, and one template per
user turn (`plan.jinja`, `code.jinja`, ...). Turn t of every live conversation goes out in
one `llm.generate` call; the reply is appended as the assistant's message and the next
turn's template follows. A conversation whose reply failed or was cut off stops there; its
last completion says why. Every call is kept as an `LLMCall` for the record.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cit.llm import Completion, Sampling, as_llm_call
from cit.prompts import Prompts
from cit.record import LLMCall
from cit.synth.choice import llm_seed

Message = dict[str, Any]


def turn_file(folder: str, turn: str) -> str:
    return f"{folder}/{turn}.jinja"


def check_templates(prompts: Prompts, folder: str, turns: Iterable[str], provided: Iterable[str]) -> None:
    """Load and check every template of a stage now, before any LLM call."""
    provided = set(provided)
    if prompts.exists(f"{folder}/system.jinja"):
        prompts.template(f"{folder}/system.jinja", provided)
    for turn in turns:
        prompts.template(turn_file(folder, turn), provided)


def system_messages(prompts: Prompts, folder: str, variables: dict[str, Any]) -> list[Message]:
    if not prompts.exists(f"{folder}/system.jinja"):
        return []
    return [{"role": "system", "content": prompts.render(f"{folder}/system.jinja", **variables).strip()}]


def user_message(prompts: Prompts, folder: str, turn: str, variables: dict[str, Any]) -> Message:
    return {"role": "user", "content": prompts.render(turn_file(folder, turn), **variables).strip()}


@dataclass
class Exchange:
    """One record's conversation."""

    variables: dict[str, Any]
    seed: int  # the record's base sampling seed; each turn derives its own
    messages: list[Message] = field(default_factory=list)
    calls: list[LLMCall] = field(default_factory=list)
    last: Completion | None = None

    @property
    def live(self) -> bool:
        return self.last is None or (self.last.ok and not self.last.truncated)


def converse(llm, stage: str, prompts: Prompts, folder: str, turns: list[str], exchanges: list[Exchange]) -> None:
    """Run every turn for every exchange; afterwards each `last` holds its final reply."""
    for ex in exchanges:
        ex.messages = system_messages(prompts, folder, ex.variables)
    for t, turn in enumerate(turns):
        live = [ex for ex in exchanges if ex.live]
        if not live:
            return
        for ex in live:
            ex.messages.append(user_message(prompts, folder, turn, ex.variables))
        # Temperature and the rest come from llm.sampling; the seed is the record's own.
        samplings = [Sampling(seed=llm_seed(ex.seed, stage, t)) for ex in live]
        replies = llm.generate([list(ex.messages) for ex in live], samplings)
        for ex, reply in zip(live, replies):
            ex.calls.append(as_llm_call(stage, llm.model, ex.messages, reply))
            ex.last = reply
            if ex.live:
                ex.messages.append({"role": "assistant", "content": reply.text})
