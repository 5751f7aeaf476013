"""The dashboard's web server with its static folder pointed at a test database's release.

Streamlit serves <folder of the main script>/static as /app/static/; the real dashboard's
dashboard/static is a link to build/monitor-static. A test publishes into its own folder,
so it runs the same app through a one-line script in a temporary folder whose `static`
links to that database's static folder (and the repository's .streamlit/config.toml, which
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
    script = folder / "app.py"
    script.write_text(
        "import runpy\n"
        f"runpy.run_path({str(ROOT / 'dashboard' / 'app.py')!r}, run_name='__main__')\n"
    )
    (folder / "static").symlink_to(addresses.static_dir(db).resolve(), target_is_directory=True)
    with server.dashboard(db, timeout, port=free_port(), script=str(script)) as app:
        yield app.url
