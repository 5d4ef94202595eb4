"""Prompt templates and other prompt files, layered: a user's folder over the built-in one.

Files are addressed by their path inside the prompts folder ("self_instruct/code.jinja",
"chart_types/bar/stacked.yaml"). A user's `--prompts DIR` wins file by file, so swapping
one template or adding one chart type means dropping one file into DIR.

Templates are Jinja with StrictUndefined. Each stage says which variables it provides;
`template()` checks the file against that list when it is loaded, so a typo in a template
fails before any LLM call, with the file and the variable named.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import jinja2
import jinja2.meta
import yaml

from cit.errors import UserError
from cit.paths import prompts_dir


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
            undefined=jinja2.StrictUndefined, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True
        )
        self._cache: dict[tuple[str, frozenset[str]], jinja2.Template] = {}

    def path(self, rel: str) -> Path:
        for layer in self.layers:
            p = layer / rel
            if p.is_file():
                return p
        raise UserError(f"prompt file '{rel}' not found in {', '.join(map(str, self.layers))}")

    def exists(self, rel: str) -> bool:
        return any((layer / rel).is_file() for layer in self.layers)

    def glob(self, pattern: str) -> list[str]:
        """Relative paths matching `pattern` in any layer (a user's file shadows the built-in one)."""
        found: set[str] = set()
        for layer in self.layers:
            found.update(p.relative_to(layer).as_posix() for p in layer.glob(pattern) if p.is_file())
        return sorted(found)

    def read_yaml(self, rel: str) -> object:
        p = self.path(rel)
        try:
            return yaml.safe_load(p.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            at = f" line {mark.line + 1}" if mark is not None else ""
            raise UserError(f"{p}:{at} malformed YAML") from None

    def template(self, rel: str, provided: Iterable[str]) -> jinja2.Template:
        provided = frozenset(provided)
        key = (rel, provided)
        if key in self._cache:
            return self._cache[key]
        p = self.path(rel)
        source = p.read_text(encoding="utf-8")
        try:
            ast = self._env.parse(source)
        except jinja2.TemplateSyntaxError as exc:
            raise UserError(f"{p}:{exc.lineno}: template syntax error: {exc.message}") from None
        missing = sorted(jinja2.meta.find_undeclared_variables(ast) - provided)
        if missing:
            raise UserError(
                f"{p}: uses undefined variable '{missing[0]}' (this stage provides: {', '.join(sorted(provided)) or 'nothing'})"
            )
        tpl = self._env.from_string(source)
        tpl.filename = str(p)
        self._cache[key] = tpl
        return tpl

    def render(self, rel: str, **variables: object) -> str:
        tpl = self.template(rel, variables.keys())
        try:
            return tpl.render(**variables)
        except jinja2.UndefinedError as exc:
            raise UserError(f"{self.path(rel)}: {exc.message}") from None
