"""Getting code and JSON out of replies: the breakage LLMs actually produce."""

from __future__ import annotations

import pytest

from cit.llm import Completion
from cit.llm.parsing import ParseError, extract_code, extract_code_blocks, extract_json, reply_text


# --- code ----------------------------------------------------------------------------------

def test_python_block_is_preferred_over_other_languages():
    reply = "Install first:\n```bash\npip install squarify\n```\nThen:\n```python\nimport squarify\nsquarify.plot([1])\n```\n"
    assert extract_code(reply) == "import squarify\nsquarify.plot([1])"


def test_longest_python_block_wins():
    reply = "```py\nx = 1\n```\ntext\n```python\nimport numpy as np\nprint(np.arange(3))\n```"
    assert extract_code(reply) == "import numpy as np\nprint(np.arange(3))"


def test_bare_fence_is_accepted():
    assert extract_code("Here you go:\n```\nimport matplotlib\n```") == "import matplotlib"


def test_unclosed_final_fence_from_a_truncated_reply():
    reply = "```python\nimport matplotlib.pyplot as plt\nplt.bar([1, 2], [3,"
    assert extract_code(reply) == "import matplotlib.pyplot as plt\nplt.bar([1, 2], [3,"


def test_closed_block_beats_an_unclosed_one():
    reply = "```python\nimport a\n```\nmore:\n```python\nimport b\nimport c"
    assert extract_code(reply) == "import a"


def test_longer_fence_keeps_inner_backticks():
    reply = "````python\ns = '''\n```\n'''\nimport x\n````"
    assert extract_code(reply) == "s = '''\n```\n'''\nimport x"


def test_tilde_fences_and_indented_fences():
    assert extract_code("~~~python\nimport os\n~~~") == "import os"
    assert extract_code("  ```python\n  import os\n  ```") == "  import os"


def test_bare_program_without_fences():
    assert extract_code("import matplotlib.pyplot as plt\nplt.plot([1])\n") == "import matplotlib.pyplot as plt\nplt.plot([1])"


@pytest.mark.parametrize("reply, reason", [
    ("I cannot draw that chart.", "no-code-block"),
    ("Sure", "no-code-block"),
    ("```python\n\n```", "empty-code-block"),
    ("```bash\nls\n```", "no-code-block"),
])
def test_code_failures_have_countable_reasons(reply: str, reason: str):
    with pytest.raises(ParseError) as info:
        extract_code(reply)
    assert info.value.reason == reason


def test_extract_code_blocks_lists_all_matching_in_order():
    reply = "```python\na = 1\n```\n```json\n{}\n```\n```\nb = 2\n```"
    assert extract_code_blocks(reply) == ["a = 1", "b = 2"]
    assert extract_code_blocks(reply, language=None) == ["a = 1", "{}", "b = 2"]


# --- JSON ----------------------------------------------------------------------------------

@pytest.mark.parametrize("reply, expected", [
    ('{"a": 1}', {"a": 1}),
    ('```json\n{"a": [1, 2]}\n```', {"a": [1, 2]}),
    ('Here is the data you asked for:\n{"q": "max?", "a": 3}\nLet me know!', {"q": "max?", "a": 3}),
    ('{"a": [1, 2,], "b": {"c": 1,},}', {"a": [1, 2], "b": {"c": 1}}),
    ("{'a': 'x', 'b': True, 'c': None}", {"a": "x", "b": True, "c": None}),
    ("{'a': (1, 2)}", {"a": [1, 2]}),
    ('{\u201cquestion\u201d: \u201cWhich bar is tallest?\u201d}', {"question": "Which bar is tallest?"}),
    ('{"q": "What is the \u201cpeak\u201d value?"}', {"q": "What is the \u201cpeak\u201d value?"}),
    ('{"url": "http://a.b//c", // a comment\n "n": 2}', {"url": "http://a.b//c", "n": 2}),
    ('{"text": "a, } tricky ]", "n": 1,}', {"text": "a, } tricky ]", "n": 1}),
    ('[{"q": "a"}, {"q": "b"}]', [{"q": "a"}, {"q": "b"}]),
    ('{"ok": true, "none": null, "s": "it\'s"}', {"ok": True, "none": None, "s": "it's"}),
])
def test_json_is_repaired(reply: str, expected):
    assert extract_json(reply) == expected


def test_expected_type_skips_other_values():
    assert extract_json("Values [1, 2] then the answer {\"a\": 1}", expect=dict) == {"a": 1}
    with pytest.raises(ParseError) as info:
        extract_json("[1, 2]", expect=dict)
    assert info.value.reason == "json-wrong-type"


@pytest.mark.parametrize("reply, reason", [
    (None, "empty-reply"),
    ("   ", "empty-reply"),
    ("The answer is 42.", "no-json"),
    ('{"questions": [{"q": "a", "answer": "b"}, {"q": "c", "ans', "truncated-json"),
    ('{"a": 1,, "b" 2}', "invalid-json"),
    ("{'a': {1, 2}}", "invalid-json"),  # a Python set is not JSON
])
def test_json_failures_have_countable_reasons(reply, reason: str):
    with pytest.raises(ParseError) as info:
        extract_json(reply)
    assert info.value.reason == reason


# --- completions ---------------------------------------------------------------------------

def test_reply_text_explains_why_a_completion_has_nothing_to_parse():
    assert reply_text(Completion(text="hi", finish_reason="stop")) == "hi"
    assert reply_text(Completion(text="par", finish_reason="length"), allow_truncated=True) == "par"
    cases = [(Completion(text="par", finish_reason="length"), "truncated"),
             (Completion.failed("rate-limit", "HTTP 429"), "reply-error-rate-limit"),
             (Completion(text="  ", finish_reason="stop"), "empty-reply")]
    for completion, reason in cases:
        with pytest.raises(ParseError) as info:
            reply_text(completion)
        assert info.value.reason == reason
