"""Warms a dashboard process: runs every page once at start and again after each swap.

A new process pays for its imports (plotly's lazy modules, the pages), its first queries
and its first figures on the first reader's run: seconds, not milliseconds (bench serving:
first page load). So the process runs its own pages before it calls itself ready, over
its own websocket, exactly as a reader's tab would (the query and figure caches are
process-wide, so every later session finds them filled). After a refresh swaps the file,
the version changes and the pages run again for the new data.

Used by dashboard/asgi.py (the served app); `ready()` backs its /_monitor/ready route,
which HAProxy checks beside /_stcore/health.
"""

from __future__ import annotations

import threading
import time

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

from dashboard import db
from dashboard.i18n import LANGUAGES

# The landing page first, in every language; then every other page in the default one.
# The pages are learnt from the first run's navigation message, so a new page in app.py
# is warmed without a change here.
DEFAULT_LANGUAGE = "en"
EVERY_S = 2.0  # how often the file's identity is checked for a swap
TIMEOUT_S = 120.0

_ready = threading.Event()
_started = threading.Lock()


def landing() -> list[tuple[str, str]]:
    """The default page in every interface language: (page, query string)."""
    return [("", "" if lang == DEFAULT_LANGUAGE else f"lang={lang}") for lang in LANGUAGES]


def ready() -> bool:
    return _ready.is_set()


def start(url: str) -> None:
    """Warm the process serving `url` in a background thread, then keep it warm (once)."""
    if not _started.acquire(blocking=False):
        return
    threading.Thread(target=_keep_warm, args=(url,), name="monitor-warm", daemon=True).start()


def _keep_warm(url: str) -> None:
    warmed = None
    while True:
        version = db.version()
        if version != warmed:
            try:
                # A page that fails here fails for readers too, and says so on the page:
                # nothing is logged (the dashboard logs nothing, test_serving_safety).
                warm(url)
            except OSError:  # not listening yet: try again shortly
                time.sleep(0.2)
                continue
            warmed = version
            _ready.set()
        time.sleep(EVERY_S)


def warm(url: str) -> list[str]:
    """Run the landing page in every language, then every other page, over one websocket
    session; the runs that failed."""
    failures: list[str] = []
    pages: list[str] = []
    ws_url = url.replace("http", "ws", 1) + "/_stcore/stream"
    with connect(
        ws_url, subprotocols=["streamlit"], origin=url, open_timeout=TIMEOUT_S, max_size=None
    ) as socket:
        for page, query in landing():
            if not _run(socket, page, query, pages):
                failures.append(f"{page or '/'}?{query}")
        for page in pages[1:]:  # the first is the default page, run above
            if not _run(socket, page, "", []):
                failures.append(page)
    return failures


def _run(socket, page: str, query: str, pages: list[str]) -> bool:
    """One script run; the app's pages (url paths, default first) are added to `pages`."""
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    socket.send(msg.SerializeToString())
    while True:
        fwd = ForwardMsg()
        fwd.ParseFromString(socket.recv(timeout=TIMEOUT_S))
        kind = fwd.WhichOneof("type")
        if kind == "navigation" and not pages:
            pages += [p.url_pathname for p in fwd.navigation.app_pages]
        elif kind == "script_finished":
            status = fwd.script_finished
            if status == ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN:
                continue
            return status == ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
