"""Cached figures: reused only for the same inputs in the same language, never for another chart."""

from __future__ import annotations

import gc

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import figure_cache

built: list[tuple] = []


def bars(frame: pd.DataFrame, title: str, namer) -> go.Figure:
    built.append((title, len(frame)))
    return go.Figure(go.Bar(x=[namer(c) for c in frame["code"]], y=frame["n"]), {"title": title})


@pytest.fixture(autouse=True)
def empty_cache(monkeypatch):
    figure_cache.clear()
    built.clear()
    monkeypatch.setattr(figure_cache, "current", lambda: "en")
    yield
    figure_cache.clear()


def frame(n: int = 3) -> pd.DataFrame:
    return pd.DataFrame({"code": ["KAZ", "KGZ", "UZB"], "n": [n, 2, 1]})


def test_the_same_inputs_give_the_same_figure_built_once():
    first = figure_cache.cached(bars, frame(), "T", lambda c: c.lower())
    again = figure_cache.cached(bars, frame(), "T", lambda c: c.lower())
    assert again is first
    assert built == [("T", 3)]


@pytest.mark.parametrize(
    "other",
    [
        lambda: figure_cache.cached(bars, frame(4), "T", lambda c: c.lower()),  # data
        lambda: figure_cache.cached(bars, frame(), "T2", lambda c: c.lower()),  # title
        lambda: figure_cache.cached(bars, frame(), "T", lambda c: c.upper()),  # namer code
        lambda: figure_cache.cached(bars, frame(), "T", lambda c: c + "x"),  # namer literal
    ],
)
def test_any_different_input_builds_another_figure(other):
    first = figure_cache.cached(bars, frame(), "T", lambda c: c + "y")
    assert other() is not first
    assert len(built) == 2


def test_the_interface_language_is_part_of_the_key(monkeypatch):
    english = figure_cache.cached(bars, frame(), "T", str)
    monkeypatch.setattr(figure_cache, "current", lambda: "ru")
    assert figure_cache.cached(bars, frame(), "T", str) is not english


def test_a_closure_is_keyed_by_what_it_captured():
    def namer_for(prefix: str):
        return lambda c: prefix + c

    a = figure_cache.cached(bars, frame(), "T", namer_for("a"))
    assert figure_cache.cached(bars, frame(), "T", namer_for("b")) is not a
    assert figure_cache.cached(bars, frame(), "T", namer_for("a")) is a


def test_an_argument_it_cannot_key_is_refused_not_keyed_by_identity():
    with pytest.raises(TypeError, match="cannot key an argument of type object"):
        figure_cache.cached(bars, frame(), "T", object())


def test_the_cache_keeps_at_most_max_figures(monkeypatch):
    monkeypatch.setattr(figure_cache, "MAX_FIGURES", 3)
    first = figure_cache.cached(bars, frame(1), "T", str)
    for n in range(2, 6):
        figure_cache.cached(bars, frame(n), "T", str)
    assert len(figure_cache._figures) == 3
    assert figure_cache.cached(bars, frame(1), "T", str) is not first


def test_the_screen_copy_is_made_once_per_figure_and_dropped_with_it():
    made: list[go.Figure] = []

    def make(fig: go.Figure) -> go.Figure:
        made.append(fig)
        return go.Figure(fig)

    fig = go.Figure(go.Bar(x=[1], y=[1]))
    shown = figure_cache.screen_copy(fig, make)
    assert figure_cache.screen_copy(fig, make) is shown
    assert len(made) == 1
    address = id(fig)
    del fig, made[:]
    gc.collect()
    assert address not in figure_cache._screens
