"""The Q&A prompt templates: they render, and a broken user template fails before any LLM call."""

from __future__ import annotations

import pytest
from qa_scripts import qa_context

from cit.config import load_config
from cit.errors import UserError
from cit.prompts import Prompts
from cit.qa.preview import PREVIEWS
from cit.stages.qa_llm import LLMQA
from cit.synth.preview import PreviewOptions


@pytest.mark.parametrize("stage", sorted(PREVIEWS))
def test_every_qa_prompt_renders_with_what_its_stage_provides(stage):
    messages = PREVIEWS[stage](Prompts(), PreviewOptions(config=load_config()))
    assert messages[-1]["role"] == "user" and messages[-1]["content"]


def test_a_user_template_with_an_unknown_variable_stops_the_stage_at_construction(tmp_path):
    (tmp_path / "mine" / "qa").mkdir(parents=True)
    (tmp_path / "mine" / "qa" / "write.jinja").write_text("Questions about {{ chrat.name }} please.\n")
    with qa_context(tmp_path, None, prompts=str(tmp_path / "mine")) as ctx:
        with pytest.raises(UserError, match=r"write.jinja: uses undefined variable 'chrat'"):
            LLMQA(ctx)
