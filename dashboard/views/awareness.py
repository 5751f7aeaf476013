"""Awareness card (/awareness?country=UZB&lang=uz): what the law and the courts say, on a phone."""

from __future__ import annotations

import os
from urllib.parse import quote, urlsplit

import streamlit as st

from dashboard import awareness, awareness_print, db
from dashboard.components import explore_link
from dashboard.escape import plain_markdown
from dashboard.i18n import LANGUAGES, current, label, t
from dashboard.queries import awareness as queries
from dashboard.queries import common
from etl.contract import CENTRAL_ASIA

version = db.version()
lang = current()
requested = st.query_params.get("country", awareness.DEFAULT_COUNTRY)
country = st.selectbox(
    t("awareness.choose"),
    list(CENTRAL_ASIA),
    index=list(CENTRAL_ASIA).index(
        requested if requested in CENTRAL_ASIA else awareness.DEFAULT_COUNTRY
    ),
    format_func=lambda c: label("country", c),
)
st.query_params["country"] = country


def public_address() -> str:
    """Where readers reach this dashboard: MONITOR_PUBLIC_URL, else the address in use."""
    if os.environ.get("MONITOR_PUBLIC_URL"):
        return os.environ["MONITOR_PUBLIC_URL"]
    here = urlsplit(st.context.url or "")
    return f"{here.scheme}://{here.netloc}" if here.netloc else "http://localhost:8501"


card = awareness.build(
    country,
    lang,
    queries.card_data(version, country),
    common.meta(version).get("data_version", "?"),
    public_address(),
)

# The translation notices (draft, fallback) are app.py's, above every page; the files carry
# card.notices themselves.
st.title(card.title)
st.markdown(card.intro)
others = [
    f"[{LANGUAGES[code]}](?country={country}&lang={code})"
    for code in awareness.card_languages(country)
    if code != lang
]
st.markdown(f"{t('awareness.in_languages')} " + " · ".join(others))

left, right = st.columns(2)
left.download_button(
    t("awareness.download.png"),
    data=lambda: awareness_print.png_bytes(card),
    file_name=f"awareness-{country}-{lang}.png",
    mime="image/png",
    key="awareness-png",
    on_click="ignore",
    icon=":material/image:",
)
right.download_button(
    t("awareness.download.pdf"),
    data=lambda: awareness_print.pdf_bytes(card),
    file_name=f"awareness-{country}-{lang}.pdf",
    mime="application/pdf",
    key="awareness-pdf",
    on_click="ignore",
    icon=":material/picture_as_pdf:",
)


def source_link(item: awareness.Item) -> str:
    if not item.url:
        return ""
    # Parentheses and spaces in an address would end a Markdown link early.
    return f" — [{plain_markdown(item.publisher or t('awareness.source'))}]({quote(item.url, safe=':/?&=%#+,;@')})"


for section in card.sections:
    st.header(section.heading)
    for start in range(0, len(section.figures), 2):
        pair = section.figures[start : start + 2]
        for col, figure in zip(st.columns(2), pair, strict=False):
            col.metric(figure.label, figure.value)
    for item in section.items:
        st.markdown(f"- {plain_markdown(item.text)}{source_link(item)}")
        if item.record_text:
            st.markdown(f"_{plain_markdown(item.record_text)}_ ({t('awareness.record_text')})")
    if section.note:
        st.markdown(f"_{plain_markdown(section.note)}_")

st.header(t("awareness.sources.heading"))
st.markdown(t("awareness.sources.text", version=card.version))
st.markdown(f"[{t('awareness.sources.link')}]({explore_link(country=country)})")
