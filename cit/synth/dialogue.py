"""Multi-turn conversations with the LLM, batched across a chunk of records.

A stage's prompts live in one folder: an optional `system.jinja`, and one template per
user turn (`plan.jinja`, `code.jinja`, ...). Turn t of every live conversation goes out in
one `llm.generate` call; the reply is appended as the assistant's message and the next
turn's template follows. A conversation whose reply failed or was cut off stops there; its
last completion says why. Every call is kept as an `LLMCall` for the record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cit.llm import Completion, Sampling, as_llm_call
from cit.prompts import Prompts
from cit.record import LLMCall
from cit.synth.choice import llm_seed

Message = dict[str, Any]


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
        ex.messages = prompts.system_messages(folder, ex.variables)
    for t, turn in enumerate(turns):
        live = [ex for ex in exchanges if ex.live]
        if not live:
            return
        for ex in live:
            ex.messages.append(prompts.user_message(folder, turn, ex.variables))
        # Temperature and the rest come from llm.sampling; the seed is the record's own.
        samplings = [Sampling(seed=llm_seed(ex.seed, stage, t)) for ex in live]
        replies = llm.generate([list(ex.messages) for ex in live], samplings)
        for ex, reply in zip(live, replies):
            ex.calls.append(as_llm_call(stage, llm.model, ex.messages, reply))
            ex.last = reply
            if ex.live:
                ex.messages.append({"role": "assistant", "content": reply.text})
