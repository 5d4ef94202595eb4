"""Prompt templates and other prompt files, layered: a user's folder over the built-in one.

Files are addressed by their path inside the prompts folder ("self_instruct/code.jinja",
"chart_types/bar/stacked.yaml"). A user's `--prompts DIR` wins file by file, so swapping
one template or adding one chart type means dropping one file into DIR.

Templates are Jinja with StrictUndefined. Each stage says which variables it provides;
`template()` checks the file (and every file it includes) against that list when it is
loaded, so a typo in a template fails before any LLM call, with the file and the variable
named. `{% include "common/code_rules.jinja" %}` resolves through the same layers, and
the filter `a_or_an` puts the right article before a name.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
import yaml

from cit.errors import UserError
from cit.paths import prompts_dir


def a_or_an(noun: object) -> str:
    """Template filter: "{{ chart.name | a_or_an }}" gives "an area chart", "a bar chart"."""
    text = str(noun)
    return f"{'an' if text[:1].lower() in 'aeiou' else 'a'} {text}"


class Prompts:
    def __init__(self, user_dir: str | Path | None = None):
        self.layers: list[Path] = []
        if user_dir is not None:
            user_dir = Path(user_dir)
            if not user_dir.is_dir():
                raise UserError(f"prompt folder {user_dir} does not exist")
            self.layers.append(user_dir)
        self.layers.append(prompts_dir())
        self._env = jinja2.Environment(
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            loader=jinja2.FunctionLoader(self._load_source),
            autoescape=False,
        )
        self._env.filters["a_or_an"] = a_or_an
        self._cache: dict[tuple[str, frozenset[str]], jinja2.Template] = {}

    def path(self, rel: str) -> Path:
        for layer in self.layers:
            p = layer / rel
            if p.is_file():
                return p
        raise UserError(f"prompt file '{rel}' not found in {', '.join(map(str, self.layers))}")

    def exists(self, rel: str) -> bool:
        return any((layer / rel).is_file() for layer in self.layers)

    def layer_of(self, rel: str) -> str:
        """"user" or "built-in": which layer provides `rel`."""
        p = self.path(rel)
        return "user" if len(self.layers) > 1 and p.is_relative_to(self.layers[0]) else "built-in"

    def glob(self, pattern: str) -> list[str]:
        """Relative paths matching `pattern` in any layer (a user's file shadows the built-in one)."""
        found: set[str] = set()
        for layer in self.layers:
            found.update(p.relative_to(layer).as_posix() for p in layer.glob(pattern) if p.is_file())
        return sorted(found)

    def read_text(self, rel: str) -> str:
        p = self.path(rel)
        try:
            return p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"cannot read prompt file {p}: {exc}") from None

    def read_yaml(self, rel: str) -> object:
        p = self.path(rel)
        try:
            return yaml.safe_load(self.read_text(rel))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            at = f" line {mark.line + 1}" if mark is not None else ""
            raise UserError(f"{p}:{at} malformed YAML") from None

    def template(self, rel: str, provided: Iterable[str]) -> jinja2.Template:
        provided = frozenset(provided)
        key = (rel, provided)
        if key in self._cache:
            return self._cache[key]
        self._check(rel, provided, chain=())
        try:
            tpl = self._env.get_template(rel)
        except jinja2.TemplateSyntaxError as exc:  # e.g. an unknown filter, found when compiling
            where = exc.filename or str(self.path(rel))
            raise UserError(f"{where}:{exc.lineno}: template error: {exc.message}") from None
        self._cache[key] = tpl
        return tpl

    def render(self, rel: str, **variables: object) -> str:
        tpl = self.template(rel, variables.keys())
        try:
            return tpl.render(**variables)
        except jinja2.UndefinedError as exc:
            # An attribute missing on a provided variable (e.g. chart.colour): the name-level
            # check at load time cannot see those.
            raise UserError(f"{self.path(rel)}: {exc.message}") from None
        except jinja2.TemplateError as exc:
            raise UserError(f"{self.path(rel)}: template error: {exc}") from None

    # -- a stage's folder: an optional system.jinja and one template per user turn ------------
    # The one way any stage turns its templates into chat messages.

    def check_folder(self, folder: str, turns: Iterable[str], provided: Iterable[str]) -> None:
        """Load and check every template of a stage now, so a typo fails before any LLM call."""
        provided = set(provided)
        if self.exists(f"{folder}/system.jinja"):
            self.template(f"{folder}/system.jinja", provided)
        for turn in turns:
            self.template(f"{folder}/{turn}.jinja", provided)

    def system_messages(self, folder: str, variables: dict[str, Any]) -> list[dict[str, Any]]:
        if not self.exists(f"{folder}/system.jinja"):
            return []
        return [{"role": "system", "content": self.render(f"{folder}/system.jinja", **variables).strip()}]

    def user_message(self, folder: str, turn: str, variables: dict[str, Any], image: Any | None = None) -> dict[str, Any]:
        """One user turn; `image` is an image content part that goes after the text."""
        text = self.render(f"{folder}/{turn}.jinja", **variables).strip()
        return {"role": "user", "content": text if image is None else [{"type": "text", "text": text}, image]}

    def messages(self, folder: str, turn: str, variables: dict[str, Any], image: Any | None = None) -> list[dict[str, Any]]:
        """The system message (if the folder has one) and one user turn."""
        return self.system_messages(folder, variables) + [self.user_message(folder, turn, variables, image)]

    # -- internals -------------------------------------------------------------------------

    def _parse(self, rel: str) -> jinja2.nodes.Template:
        p = self.path(rel)
        try:
            return self._env.parse(self.read_text(rel), name=rel, filename=str(p))
        except jinja2.TemplateSyntaxError as exc:
            raise UserError(f"{p}:{exc.lineno}: template syntax error: {exc.message}") from None

    def _check(self, rel: str, provided: frozenset[str], chain: tuple[str, ...]) -> None:
        """Every variable `rel` (and what it includes) uses must be provided."""
        if rel in chain:
            raise UserError(f"{self.path(rel)}: includes itself (via {' -> '.join(chain)})")
        ast = self._parse(rel)
        try:
            used = jinja2.meta.find_undeclared_variables(ast)
        except jinja2.TemplateSyntaxError as exc:  # compiling finds unknown filters and tests
            raise UserError(f"{self.path(rel)}:{exc.lineno}: template error: {exc.message}") from None
        missing = sorted(used - provided)
        if missing:
            raise UserError(
                f"{self.path(rel)}: uses undefined variable '{missing[0]}' "
                f"(this stage provides: {', '.join(sorted(provided)) or 'nothing'})"
            )
        for included in jinja2.meta.find_referenced_templates(ast):
            if included is None:
                raise UserError(f"{self.path(rel)}: includes a template chosen at run time; name it literally")
            if not self.exists(included):
                raise UserError(f"{self.path(rel)}: includes '{included}', which no prompt folder has")
            self._check(included, provided, chain + (rel,))

    def _load_source(self, name: str) -> tuple[str, str, object] | None:
        if not self.exists(name):
            return None
        p = self.path(name)
        return self.read_text(name), str(p), lambda: True
