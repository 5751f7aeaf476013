"""Figures built once per inputs and interface language, then shared by every rerun and session.

Building a plotly figure validates every property it sets: 3-10 ms a chart, plus as much again
for the on-screen copy (components.on_screen). A page of five charts spent ~50 ms of each
rerun rebuilding figures whose inputs had not changed (benchmarks: `python -m bench`).

The key is the builder and its arguments by value: data frames by content, callables (the
namers that turn codes into labels) by their code and constants, plus the interface language,
since namers read the current locale. An argument of any other type is refused rather than
keyed by identity, which could silently serve another chart's figure.

A cached figure is shared: nothing may change it after it is built (every consumer here
copies before it edits: components.on_screen, figure_export).
"""

from __future__ import annotations

import hashlib
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from types import BuiltinFunctionType, FunctionType

import pandas as pd
import plotly.graph_objects as go

from dashboard.i18n import current

MAX_FIGURES = 256  # a few pages x languages x periods; each figure is a few kB at any scale

_lock = threading.Lock()
_figures: OrderedDict[tuple, go.Figure] = OrderedDict()
_screens: dict[int, go.Figure] = {}


def cached(builder: Callable[..., go.Figure], *args: object, **kwargs: object) -> go.Figure:
    """builder(*args, **kwargs), built once for these inputs in this language."""
    key = (_key(builder), current(), _key(args), _key(sorted(kwargs.items())))
    with _lock:
        fig = _figures.get(key)
        if fig is not None:
            _figures.move_to_end(key)
            return fig
    fig = builder(*args, **kwargs)
    with _lock:
        _figures[key] = fig
        while len(_figures) > MAX_FIGURES:
            _figures.popitem(last=False)
    return fig


def screen_copy(fig: go.Figure, make: Callable[[go.Figure], go.Figure]) -> go.Figure:
    """make(fig), once per figure object (the on-screen version of a cached figure)."""
    with _lock:
        shown = _screens.get(id(fig))
    if shown is None:
        shown = make(fig)
        with _lock:
            if id(fig) not in _screens:
                # Dropped with the figure, so a new figure at a reused address starts clean.
                weakref.finalize(fig, _screens.pop, id(fig), None)
            _screens[id(fig)] = shown
    return shown


def clear() -> None:
    with _lock:
        _figures.clear()


def _key(value: object) -> object:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return tuple(_key(v) for v in value)
    if isinstance(value, dict):
        return tuple((k, _key(v)) for k, v in sorted(value.items()))
    if isinstance(value, pd.DataFrame):
        return ("frame", _frame_digest(value))
    if isinstance(value, FunctionType):
        return ("function", *_function_key(value))
    if isinstance(value, type | BuiltinFunctionType):  # str, len: fixed by their name
        return ("builtin", value.__module__, value.__qualname__)
    raise TypeError(
        f"figure_cache: cannot key an argument of type {type(value).__name__}; "
        "pass data frames, plain values or functions"
    )


def _frame_digest(frame: pd.DataFrame) -> str:
    digest = hashlib.sha1(usedforsecurity=False)
    digest.update(repr([(str(c), str(t)) for c, t in frame.dtypes.items()]).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
    return digest.hexdigest()


def _function_key(fn: FunctionType) -> tuple:
    code = fn.__code__
    cells = tuple(_key(cell.cell_contents) for cell in fn.__closure__ or ())
    # co_consts holds a lambda's literals ("sentence_type" in lambda c: label("sentence_type", c)),
    # so two lambdas on one line that differ only in a literal get different keys.
    return (fn.__module__, fn.__qualname__, code.co_code, repr(code.co_consts), cells)
