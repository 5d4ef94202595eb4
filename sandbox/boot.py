"""Entry point inside the jail: `python -I boot.py zygote|renderer`.

The sandbox folder is loaded as the package `_cit_sandbox` from wherever it lives (the
repo's sandbox/ or an installed cit/_sandbox), so its modules never shadow anything on
sys.path and job code cannot be confused by them.
"""

import importlib.util
import os
import sys


def _load_package() -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location(
        "_cit_sandbox", os.path.join(here, "__init__.py"), submodule_search_locations=[here]
    )
    pkg = importlib.util.module_from_spec(spec)
    sys.modules["_cit_sandbox"] = pkg
    spec.loader.exec_module(pkg)


if __name__ == "__main__":
    # Running a script puts its folder first on sys.path; job code must not import our modules by accident.
    if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
        sys.path.pop(0)
    _load_package()
    role = sys.argv[1] if len(sys.argv) > 1 else ""
    if role == "zygote":
        from _cit_sandbox.zygote import main
    elif role == "renderer":
        from _cit_sandbox.renderer import main
    else:
        sys.exit(f"usage: boot.py zygote|renderer (got {role!r})")
    main(sys.argv[2:])
