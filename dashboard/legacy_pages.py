"""Make a deep link (/explore?...) run through app.py even on a freshly started server.

Streamlit treats a `pages/` folder beside the main script as a v1 multipage app until
the first st.navigation() call in the process (streamlit/runtime/pages_manager.py,
`PagesManager.uses_pages_directory`). Until someone opens the root URL, a shared link to
/explore therefore ran pages/explore.py on its own: no app.py, so no language switch,
no wide layout, no missing-database check. A page that finds itself run that way clears
the flag and reruns, and app.py's st.navigation then serves the same URL path.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def run_through_app() -> None:
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
