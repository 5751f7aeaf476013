"""Dashboard entry point: page set-up, language, navigation. Run `streamlit run dashboard/app.py`."""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run dashboard/app.py` puts dashboard/ on sys.path, not the project root.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import db, embed, i18n  # noqa: E402
from dashboard.i18n import LANGUAGES, t  # noqa: E402

# Not "pages/": Streamlit runs a folder of that name beside the entry point as a v1
# multipage app (each file alone, without this script) until st.navigation is first called
# in the process, so a deep link such as /map?lang=ru opened first after a restart, and
# every AppTest.switch_page, would skip the language and navigation set here.
PAGES = Path(__file__).parent / "views"

st.set_page_config(page_title="Central Asia Recruitment Monitor", layout="wide")

requested = st.query_params.get("lang", i18n.DEFAULT)
st.session_state["lang"] = requested if requested in LANGUAGES else i18n.DEFAULT

# An embed address shows one chart and nothing else: no sidebar, no navigation.
embedding = embed.requested() is not None

with st.sidebar if not embedding else embed.nowhere():
    choice = st.radio(
        t("app.language"),
        list(LANGUAGES),
        index=list(LANGUAGES).index(st.session_state["lang"]),
        format_func=LANGUAGES.get,
        horizontal=True,
        key="lang_switch",
    )
    if choice != st.session_state["lang"]:
        st.query_params["lang"] = choice
        st.rerun()

pages = [
    st.Page(PAGES / "overview.py", title=t("nav.overview"), url_path="overview", default=True),
    st.Page(PAGES / "explore.py", title=t("nav.explore"), url_path="explore"),
    st.Page(PAGES / "trends.py", title=t("nav.trends"), url_path="trends"),
    st.Page(PAGES / "map.py", title=t("nav.map"), url_path="map"),
    st.Page(PAGES / "country.py", title=t("nav.country"), url_path="country"),
    st.Page(PAGES / "awareness.py", title=t("nav.awareness"), url_path="awareness"),
    st.Page(PAGES / "methodology.py", title=t("nav.methodology"), url_path="methodology"),
    st.Page(PAGES / "maintainer.py", title=t("nav.maintainer"), url_path="maintainer"),
]
page = st.navigation(pages, position="hidden" if embedding else "sidebar")
for notice in [] if embedding else i18n.notices(page.url_path or "overview"):
    st.warning(notice)

if db.version() == "missing":
    st.title(t("app.title"))
    st.warning(t("common.no_database"))
    st.stop()

try:
    embed.run(page) if embedding else page.run()
except (db.Unavailable, db.NoDatabase):
    # A lock held by another program, or a file removed under us: words, not a traceback.
    st.warning(t("serving.unavailable"))
