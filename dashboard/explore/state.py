"""The explorer's widgets and its URL kept in step, both ways.

A URL that changes from outside (a shared link opened, a chart drill-down, back/forward)
sets the widgets; a widget the reader changes rewrites the URL. Parsing and writing the
query string are pure (dashboard/explore/permalink.py); this module only moves values between
st.query_params and st.session_state.
"""

from __future__ import annotations

from dataclasses import fields, replace
from urllib.parse import quote, urlencode

import streamlit as st

from dashboard.explore.permalink import (
    MAX_QUERY,
    PASS_THROUGH,
    Filters,
    Note,
    parse,
    to_params,
    to_query,
)

KEYS = {f.name: f"explore_{f.name}" for f in fields(Filters)}
SYNCED = "explore__synced"  # the query string we last wrote (or loaded)
NOTES = "explore__notes"  # what the last loaded URL had that we could not use
PAGE = "explore_page"  # the page of results shown (a widget; not in the URL)
PAGED_VIEW = "explore__paged_view"  # the view that page number belongs to
TUPLES = {f.name for f in fields(Filters) if isinstance(f.default, tuple)}
TEXTS = {f.name for f in fields(Filters) if isinstance(f.default, str) and f.name != "sort"}


def url_params() -> dict[str, list[str]]:
    return {name: st.query_params.get_all(name) for name in st.query_params}


def sync_from_url() -> list[Note]:
    """Load the widgets from the URL when it is not the one we wrote; return its notes."""
    raw = url_params()
    own = _encoded({k: v for k, v in raw.items() if k not in PASS_THROUGH})
    if st.session_state.get(SYNCED) != own:
        parsed = parse(raw)
        load(parsed.filters)
        st.session_state[NOTES] = parsed.notes
        st.session_state[SYNCED] = own
    else:
        # Widgets not drawn in a run lose their state (e.g. after visiting another page).
        parsed_filters = parse(raw).filters
        for name, key in KEYS.items():
            if key not in st.session_state:
                st.session_state[key] = _widget_value(getattr(parsed_filters, name))
    return st.session_state.get(NOTES, [])


def load(filters: Filters) -> None:
    for name, key in KEYS.items():
        st.session_state[key] = _widget_value(getattr(filters, name))


def current() -> Filters:
    """The view the widgets show now."""
    values = {}
    for f in fields(Filters):
        value = st.session_state.get(KEYS[f.name])
        if f.name in TUPLES:
            values[f.name] = tuple(value or ())
        elif f.name in TEXTS:
            values[f.name] = (value or "").strip()
        elif f.name == "sort":
            values[f.name] = value or Filters.sort
        else:
            values[f.name] = value
    filters = Filters(**values)
    return replace(filters, q=filters.q[:MAX_QUERY])


def write_url(filters: Filters) -> None:
    """Put the view in the address bar (keeping ?lang=), only when it differs."""
    params = to_params(filters)
    own = _encoded({k: [v] for k, v in params.items()})
    keep = {k: st.query_params.get_all(k) for k in PASS_THROUGH if k in st.query_params}
    wanted = {**params, **{k: v[-1] for k, v in keep.items() if v}}
    if {k: st.query_params.get_all(k) for k in st.query_params} != {
        k: [v] for k, v in wanted.items()
    }:
        st.query_params.from_dict(wanted)
    st.session_state[SYNCED] = own


def share_query(filters: Filters) -> str:
    """The view's query string for a shared link; the interface language travels with it."""
    query = to_query(filters)
    lang = st.query_params.get("lang")
    if lang:
        query = f"{query}&lang={quote(lang)}" if query else f"lang={quote(lang)}"
    return query


def page_number(filters: Filters, pages: int) -> int:
    """The page of results to show, from 1: back to the first when the filters or the order
    change (page 40 of another view means nothing), kept when only the open record changes."""
    view = replace(filters, record="")
    if st.session_state.get(PAGED_VIEW) != view:
        st.session_state[PAGED_VIEW] = view
        st.session_state[PAGE] = 1
    number = min(max(int(st.session_state.get(PAGE) or 1), 1), max(pages, 1))
    st.session_state[PAGE] = number
    return number


def clear() -> None:
    """Callback of the 'clear all filters' button: back to every record."""
    load(Filters())


def clear_ids() -> None:
    st.session_state[KEYS["ids"]] = []


def _widget_value(value):
    return list(value) if isinstance(value, tuple) else value


def _encoded(params: dict[str, list[str]]) -> str:
    return urlencode(sorted((k, v) for k, vs in params.items() for v in vs))
