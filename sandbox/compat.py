"""Compatibility shims: chart-library APIs that were removed or renamed, mapped to their
current form inside the job, so an LLM trained on older code does not cost a repair call.

Each shim fires only where the old spelling would fail on the installed libraries (a
keyword the function no longer accepts, an attribute that no longer exists, an alias the
library now refuses), so a program that runs fine on current libraries draws exactly what
it drew without them. Every shim that fires is recorded by id; the result lists them and
the run's stats.json counts them. The table (id: old -> current):

  matplotlib.boxplot-labels   boxplot(labels=)                 -> tick_labels=
  matplotlib.grid-b           grid(b=)                         -> visible=
  matplotlib.cm-get_cmap      matplotlib.cm.get_cmap(name, n)  -> matplotlib.colormaps[name].resampled(n)
  matplotlib.cm-register_cmap matplotlib.cm.register_cmap      -> matplotlib.colormaps.register
  matplotlib.style-seaborn    style.use("seaborn-whitegrid")   -> "seaborn-v0_8-whitegrid"
  matplotlib.legendHandles    Legend.legendHandles             -> Legend.legend_handles
  matplotlib.tostring_rgb     canvas.tostring_rgb()            -> canvas.buffer_rgba() without alpha
  pandas.append               DataFrame/Series.append(other)   -> pandas.concat
  pandas.iteritems            DataFrame/Series.iteritems()     -> items()
  pandas.applymap             DataFrame.applymap(f)            -> DataFrame.map(f)
  pandas.fillna-method        fillna(method="ffill"|"bfill")   -> ffill() / bfill()
  pandas.freq-alias           freq="M", "Q", "Y", "A", "H", "T", "S", "BM" ... -> "ME", "QE", "YE", "h", "min", "s", "BME"
  pandas.positional-getitem   series[0] on a labelled index    -> series.iloc[0]
  numpy.alias                 np.float, np.int, np.object, np.str, np.complex -> the builtins
  numpy.removed               np.float_, np.complex_, np.NaN, np.Inf, np.infty, np.PINF, np.NINF,
                              np.product, np.cumproduct, np.alltrue, np.sometrue, np.round_,
                              np.trapz, np.in1d, np.string_, np.unicode_ -> their current names

Not shimmable here: methods of C types (`ndarray.ptp()`, `float()` of a 1-element array),
which cannot be patched from Python.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Callable

from .hooks import after_import

FIRED: list[str] = []


def fire(shim: str) -> None:
    if shim not in FIRED:
        FIRED.append(shim)


def _patch(owner: Any, attr: str, shim: str, fix: Callable[[tuple, dict], tuple[tuple, dict] | None]) -> None:
    """Wrap owner.attr: `fix` returns corrected (args, kwargs) for an old-style call, else None."""
    original = getattr(owner, attr, None)
    if original is None:
        return

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        fixed = fix(args, kwargs)
        if fixed is None:
            return original(*args, **kwargs)
        fire(shim)
        return original(*fixed[0], **fixed[1])

    setattr(owner, attr, wrapper)


def _rename(old: str, new: str) -> Callable[[tuple, dict], tuple[tuple, dict] | None]:
    def fix(args: tuple, kwargs: dict):
        if old not in kwargs or new in kwargs:
            return None
        kwargs = dict(kwargs)
        kwargs[new] = kwargs.pop(old)
        return args, kwargs

    return fix


def _add(owner: Any, attr: str, shim: str, make: Callable[[], Any], prop: bool = False) -> None:
    """Give owner a removed attribute back; firing when it is used."""
    if hasattr(owner, attr):
        return
    if prop:
        setattr(owner, attr, property(lambda self: (fire(shim), make()(self))[1]))
        return

    def method(*args, **kwargs):
        fire(shim)
        return make()(*args, **kwargs)

    setattr(owner, attr, method)


# ---- matplotlib ---------------------------------------------------------------------------


def _matplotlib_pyplot(plt: Any) -> None:
    from matplotlib.axes import Axes

    for owner in (Axes, plt):
        if "labels" not in _params(owner.boxplot):
            _patch(owner, "boxplot", "matplotlib.boxplot-labels", _rename("labels", "tick_labels"))
        if "b" not in _params(owner.grid):
            _patch(owner, "grid", "matplotlib.grid-b", _rename("b", "visible"))
    import matplotlib
    import matplotlib.cm as cm

    def get_cmap(name=None, lut=None):
        cmap = matplotlib.colormaps[name or matplotlib.rcParams["image.cmap"]] if not hasattr(name, "resampled") else name
        return cmap.resampled(lut) if lut is not None else cmap

    _add(cm, "get_cmap", "matplotlib.cm-get_cmap", lambda: get_cmap)
    _add(cm, "register_cmap", "matplotlib.cm-register_cmap", lambda: _register_cmap)
    _add(plt, "register_cmap", "matplotlib.cm-register_cmap", lambda: _register_cmap)

    import matplotlib.style as style

    def fix_style(args: tuple, kwargs: dict):
        if not args:
            return None
        names = args[0] if isinstance(args[0], list) else [args[0]]
        fixed = [_seaborn_style(n, style.available) for n in names]
        if fixed == names:
            return None
        return ((fixed if isinstance(args[0], list) else fixed[0]), *args[1:]), kwargs

    _patch(style, "use", "matplotlib.style-seaborn", fix_style)
    _patch(style, "context", "matplotlib.style-seaborn", fix_style)

    from matplotlib.legend import Legend

    _add(Legend, "legendHandles", "matplotlib.legendHandles", lambda: lambda self: self.legend_handles, prop=True)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    _add(FigureCanvasAgg, "tostring_rgb", "matplotlib.tostring_rgb", lambda: _tostring_rgb)


def _register_cmap(name=None, cmap=None, **kwargs):
    import matplotlib

    if cmap is None and hasattr(name, "name"):
        name, cmap = None, name
    matplotlib.colormaps.register(cmap, name=name, force=bool(kwargs.get("override_builtin", False)))


def _tostring_rgb(canvas: Any) -> bytes:
    import numpy as np

    return np.asarray(canvas.buffer_rgba())[..., :3].tobytes()


def _seaborn_style(name: Any, available: list[str]) -> Any:
    if not isinstance(name, str) or name in available or not name.startswith("seaborn"):
        return name
    candidate = "seaborn-v0_8" + name[len("seaborn"):]
    return candidate if candidate in available else name


def _params(func: Any) -> set[str]:
    import inspect

    try:
        return set(inspect.signature(func).parameters)
    except (TypeError, ValueError):
        return set()


# ---- pandas -------------------------------------------------------------------------------

FREQ_ALIASES = {"M": "ME", "BM": "BME", "SM": "SME", "CBM": "CBME", "Q": "QE", "BQ": "BQE", "Y": "YE", "A": "YE",
                "BY": "BYE", "BA": "BYE", "AS": "YS", "BAS": "BYS", "H": "h", "BH": "bh", "CBH": "cbh", "T": "min",
                "S": "s", "L": "ms", "U": "us", "N": "ns"}
_FREQ = re.compile(r"^(\d*)([A-Z]+)(-[A-Z]{3})?$")


def _new_freq(freq: Any) -> Any:
    if not isinstance(freq, str):
        return freq
    m = _FREQ.match(freq)
    if not m or m.group(2) not in FREQ_ALIASES:
        return freq
    return f"{m.group(1)}{FREQ_ALIASES[m.group(2)]}{m.group(3) or ''}"


def _fix_freq(position: int | None) -> Callable[[tuple, dict], tuple[tuple, dict] | None]:
    def fix(args: tuple, kwargs: dict):
        if "freq" in kwargs and _new_freq(kwargs["freq"]) != kwargs["freq"]:
            return args, dict(kwargs, freq=_new_freq(kwargs["freq"]))
        if position is not None and len(args) > position and _new_freq(args[position]) != args[position]:
            return (*args[:position], _new_freq(args[position]), *args[position + 1:]), kwargs
        return None

    return fix


def _pandas(pd: Any) -> None:
    if not hasattr(pd, "concat"):
        return  # pandas is still importing (a submodule hook fired early)

    def append(self, other, ignore_index=False, **_):
        if isinstance(self, pd.DataFrame) and isinstance(other, dict):
            other = pd.DataFrame([other])
        elif isinstance(self, pd.DataFrame) and isinstance(other, list) and other and isinstance(other[0], dict):
            other = pd.DataFrame(other)
        others = other if isinstance(other, (list, tuple)) else [other]
        return pd.concat([self, *others], ignore_index=ignore_index)

    for cls in (pd.DataFrame, pd.Series):
        _add(cls, "append", "pandas.append", lambda: append)
        _add(cls, "iteritems", "pandas.iteritems", lambda: lambda self: self.items())
        if "method" not in _params(cls.fillna):
            _fillna_method(cls)
        _patch(cls, "resample", "pandas.freq-alias", _fix_freq(1))
    _add(pd.DataFrame, "applymap", "pandas.applymap", lambda: lambda self, func, *a, **k: self.map(func, *a, **k))
    for name, pos in (("date_range", 2), ("period_range", 2), ("bdate_range", 2), ("Grouper", None)):
        _patch(pd, name, "pandas.freq-alias", _fix_freq(pos))
    original = pd.Series.__getitem__

    @functools.wraps(original)
    def getitem(self, key):
        try:
            return original(self, key)
        except KeyError:
            if type(key) is int and not pd.api.types.is_integer_dtype(self.index.dtype) and -len(self) <= key < len(self):
                fire("pandas.positional-getitem")
                return self.iloc[key]
            raise

    pd.Series.__getitem__ = getitem


def _fillna_method(cls: Any) -> None:
    original = cls.fillna

    @functools.wraps(original)
    def fillna(self, *args, **kwargs):
        method = kwargs.get("method")
        if method not in ("ffill", "pad", "bfill", "backfill") or args or kwargs.get("value") is not None:
            return original(self, *args, **kwargs)
        fire("pandas.fillna-method")
        rest = {k: v for k, v in kwargs.items() if k in ("axis", "limit", "inplace")}
        return (self.ffill if method in ("ffill", "pad") else self.bfill)(**rest)

    cls.fillna = fillna


# ---- numpy --------------------------------------------------------------------------------

NUMPY_ALIASES = {"float": float, "int": int, "object": object, "str": str, "complex": complex}
NUMPY_REMOVED = {"float_": "float64", "complex_": "complex128", "NaN": "nan", "NAN": "nan", "Inf": "inf",
                 "Infinity": "inf", "infty": "inf", "PINF": "inf", "product": "prod", "cumproduct": "cumprod",
                 "alltrue": "all", "sometrue": "any", "round_": "round", "trapz": "trapezoid", "in1d": "isin",
                 "string_": "bytes_", "unicode_": "str_"}


def _numpy(np: Any) -> None:
    original = np.__dict__.get("__getattr__")
    if original is None or getattr(original, "_cit_shim", False):
        return

    def getattr_(name: str):
        if name in NUMPY_ALIASES:
            fire("numpy.alias")
            return NUMPY_ALIASES[name]
        if name == "NINF":
            fire("numpy.removed")
            return -np.inf
        if name in NUMPY_REMOVED:
            fire("numpy.removed")
            return getattr(np, NUMPY_REMOVED[name])
        return original(name)

    getattr_._cit_shim = True  # type: ignore[attr-defined]
    np.__getattr__ = getattr_


# ---- installation -------------------------------------------------------------------------

INSTALLERS: dict[str, Callable[[Any], None]] = {"numpy": _numpy, "pandas": _pandas, "matplotlib.pyplot": _matplotlib_pyplot}


def install() -> None:
    """Called in the job child before the program runs."""
    for name, installer in INSTALLERS.items():
        after_import(name, installer)
