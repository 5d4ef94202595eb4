"""A user's own reward, loaded by `cit grpo --reward grpo_rewards:variety` (dotted path)."""


def variety(completions, **_):
    """Distinct characters in the completion, scaled: differs between sampled completions."""
    from cit.train.rewards import completion_text

    return [len(set(completion_text(c))) / 10 for c in completions]
