"""Checks on LLM-written programs, judge replies and the determinism of choices."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from cit.llm import Completion
from cit.synth.checks import CodeProblem, check_program, library_of, program_from_reply
from cit.synth.config import DEFAULT_IMPORTS
from cit.synth.judge import JudgeError, criteria_scores
from cit.synth.randomness import unseeded_draws

BODY = "\n".join(f"x{i} = {i}" for i in range(12))


def _reply(text: str | None, finish: str = "stop", error: str | None = None) -> Completion:
    return Completion(text=text, finish_reason=finish, error=error)


def test_prose_around_one_block_is_fine():
    code = program_from_reply(_reply(f"Sure, here it is:\n\n```python\n{BODY}\n```\n\nEnjoy! ```inline``` aside"))
    assert code == BODY + "\n"


def test_a_json_block_next_to_the_program_does_not_count():
    assert program_from_reply(_reply(f'```json\n{{"a": 1}}\n```\n```python\n{BODY}\n```')) == BODY + "\n"


@pytest.mark.parametrize("reply, reason", [
    (_reply(f"```python\n{BODY}\n```\nor\n```python\n{BODY}\n```"), "multiple-code-blocks"),
    (_reply(BODY), "no-code-block"),
    (_reply("I would draw a bar chart."), "no-code-block"),
    (_reply(f"```python\n{BODY}\n```", finish="length"), "truncated-reply"),
    (_reply(f"Here:\n```python\n{BODY}"), "truncated-reply"),
    (_reply(None, error="server-error: 503"), "llm-error"),
    (_reply("   \n"), "empty-reply"),
])
def test_unusable_replies_get_a_countable_reason(reply: Completion, reason: str):
    with pytest.raises(CodeProblem) as err:
        program_from_reply(reply)
    assert err.value.reason == reason


def _check(code: str, **kw) -> None:
    check_program(code, **{"min_lines": 10, "max_lines": 150, "allowed_imports": DEFAULT_IMPORTS, **kw})


def test_line_bounds_count_non_blank_lines():
    _check(BODY.replace("\n", "\n\n"), max_lines=12)
    with pytest.raises(CodeProblem, match="too-short"):
        _check("import numpy\n\n\nx = 1\n")
    with pytest.raises(CodeProblem, match="too-long"):
        _check(BODY, max_lines=11)


@pytest.mark.parametrize("line", ["import os", "import subprocess as sp", "from os import path",
                                  "import urllib.request", "m = __import__('socket')", "from . import x"])
def test_disallowed_imports_are_found_by_the_ast(line: str):
    with pytest.raises(CodeProblem) as err:
        _check(f"import matplotlib.pyplot as plt\n{line}\n{BODY}")
    assert err.value.reason == "disallowed-import" and "(line 2)" in err.value.detail


def test_allowed_libraries_and_a_syntax_error_pass_the_checks():
    _check("import numpy as np\nfrom mpl_toolkits.mplot3d import Axes3D\nimport plotly.graph_objects as go\n" + BODY)
    _check("import matplotlib.pyplot as plt\nplt.plot([1, 2]\n" + BODY)  # left to render and self-repair


@pytest.mark.parametrize("code", [
    "import numpy as np\nx = np.random.rand(5)",
    "import numpy as np\nnp.random.seed(None)\nx = np.random.normal(0, 1, 5)",
    "from numpy.random import randint\nx = randint(0, 9, 4)",
    "import numpy.random as npr\nx = npr.uniform(size=3)",
    "import numpy as np\nrng = np.random.default_rng()\nx = rng.normal()",
    "import random\nx = [random.randint(1, 6) for _ in range(9)]",
    "import random\nx = random.random()\nrandom.seed(3)",
    "from random import choice\nx = choice('abc')",
    "import random\nr = random.SystemRandom()",
    "from scipy import stats\nx = stats.norm.rvs(size=10)",
])
def test_unseeded_randomness_is_found(code: str):
    assert unseeded_draws(code)
    with pytest.raises(CodeProblem, match="unseeded-random"):
        _check(code + "\n" + BODY)


@pytest.mark.parametrize("code", [
    "import numpy as np\nnp.random.seed(42)\nx = np.random.rand(5)",
    "import numpy as np\nrng = np.random.default_rng(7)\nx = rng.normal(size=4)",
    "import numpy as np\nrng = np.random.default_rng(seed=7)\nx = rng.integers(0, 5, 3)",
    "import random\nrandom.seed(1)\nx = random.choice('abc')",
    "import random\nr = random.Random(5)\nx = r.random()",
    "from scipy import stats\nx = stats.norm.rvs(size=10, random_state=3)",
    "import numpy as np\nx = np.linspace(0, 1, 5)\ny = np.sin(x)",
])
def test_seeded_or_no_randomness_passes(code: str):
    assert unseeded_draws(code) == []


@pytest.mark.parametrize("code, library", [
    ("import matplotlib.pyplot as plt", "matplotlib"),
    ("import matplotlib.pyplot as plt\nimport seaborn as sns", "seaborn"),
    ("import plotly.express as px\nimport pandas as pd", "plotly"),
    ("x = 1", "matplotlib"),
])
def test_library_comes_from_the_imports(code: str, library: str):
    assert library_of(code) == library


def test_judge_scores_are_the_numbers_from_one_to_five():
    text = 'Looks fine. {"data_accuracy": 4, "clarity": 5, "legend": 3.5, "space": 9, "comment": "ok"}'
    assert criteria_scores(_reply(text)) == {"data_accuracy": 4.0, "clarity": 5.0, "legend": 3.5}


@pytest.mark.parametrize("reply, reason", [
    (_reply("It is a nice chart, 5 stars."), "judge-unparseable"),
    (_reply('{"verdict": "good"}'), "judge-unparseable"),
    (_reply(None, error="timeout: 120 s"), "judge-llm-error"),
])
def test_judge_replies_without_scores_are_errors(reply: Completion, reason: str):
    with pytest.raises(JudgeError) as err:
        criteria_scores(reply)
    assert err.value.reason == reason


def test_choices_do_not_depend_on_the_interpreters_hash_seed():
    # Python salts str hashes per process; every choice must come from a stable hash instead.
    probe = ("from cit.synth.choice import pick, sample, unit, llm_seed;"
             "print(pick(list('abcdefgh'), 7, 'x'), sample(list(range(50)), 5, 7, 'y'), unit(1, 'z'), llm_seed(3, 'id'))")
    outs = {subprocess.run([sys.executable, "-c", probe], env={**os.environ, "PYTHONHASHSEED": str(s)},
                           capture_output=True, text=True, check=True).stdout for s in (1, 2)}
    assert len(outs) == 1
