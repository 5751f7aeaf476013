"""The dashboard's web server with its static folder pointed at a test database's release.

Streamlit serves <folder of the main script>/static as /app/static/; the real dashboard's
dashboard/static is a link to build/monitor-static. A test publishes into its own folder,
so it runs the same app through two small scripts in a temporary folder (an st.App like
dashboard/asgi.py, and the page script) whose `static` links to that database's static folder (and the repository's .streamlit/config.toml, which
turns static serving on, is read as ever: the server runs from the repository root).
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from browser_support import free_port

from etl import addresses
from etl.settings import ROOT
from testkit import server


@contextmanager
def serving_release(db: Path, folder: Path, timeout: float = 60):
    folder.mkdir(parents=True, exist_ok=True)
    # The app as dashboard/asgi.py serves it (content types included), from this folder.
    (folder / "app.py").write_text(
        "import runpy\n"
        f"runpy.run_path({str(ROOT / 'dashboard' / 'app.py')!r}, run_name='__main__')\n"
    )
    (folder / "asgi.py").write_text(
        "import streamlit as st\n"
        "from dashboard import content_types\n"
        "content_types.register()\n"
        f"app = st.App({str(folder / 'app.py')!r})\n"
    )
    (folder / "static").symlink_to(addresses.static_dir(db).resolve(), target_is_directory=True)
    with server.dashboard(db, timeout, port=free_port(), script=str(folder / "asgi.py")) as app:
        yield app.url
