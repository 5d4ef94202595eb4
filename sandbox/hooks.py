"""Run a function on a module as soon as it exists: now if it is already imported (the
zygote preloaded it), else right after the program imports it. Capture and compatibility
hooks go through here, so a job behaves the same in a cold zygote as in a warm one."""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys
from typing import Any, Callable

_WAITING: dict[str, list[Callable[[Any], None]]] = {}


class _AfterImport(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name not in _WAITING:
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        inner, callbacks = spec.loader, _WAITING.pop(name)

        class Loader(importlib.abc.Loader):
            def create_module(self, spec):
                return inner.create_module(spec)

            def exec_module(self, module):
                inner.exec_module(module)
                for callback in callbacks:
                    callback(module)

        spec.loader = Loader()
        return spec


_FINDER = _AfterImport()


def after_import(name: str, callback: Callable[[Any], None]) -> None:
    if name in sys.modules:
        callback(sys.modules[name])
        return
    _WAITING.setdefault(name, []).append(callback)
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
