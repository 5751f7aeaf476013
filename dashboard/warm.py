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

import logging
import threading
import time

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

from dashboard import db
from dashboard.i18n import LANGUAGES

# (page url path, query string) in the order a reader is likeliest to open them: the
# landing page first, in every language; then every other page in English.
DEFAULT_LANGUAGE = "en"
PAGES = ("overview", "explore", "trends", "map", "country", "methodology", "maintainer")
EVERY_S = 2.0  # how often the file's identity is checked for a swap
TIMEOUT_S = 120.0

_log = logging.getLogger(__name__)
_ready = threading.Event()
_started = threading.Lock()


def runs() -> list[tuple[str, str]]:
    """What a warm-up runs: (page, query string)."""
    first = [("overview", "" if lang == DEFAULT_LANGUAGE else f"lang={lang}") for lang in LANGUAGES]
    return first + [(page, "") for page in PAGES if page != "overview"]


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
            started = time.perf_counter()
            try:
                failures = warm(url)
            except OSError as exc:  # not listening yet: try again shortly
                _log.info("warm-up waits for the server: %s", exc)
                time.sleep(0.2)
                continue
            warmed = version
            _ready.set()
            _log.info(
                "warmed %d page runs for data %s in %.1f s%s",
                len(runs()),
                version,
                time.perf_counter() - started,
                f"; failed: {failures}" if failures else "",
            )
        time.sleep(EVERY_S)


def warm(url: str) -> list[str]:
    """Run every page of runs() over one websocket session; the runs that failed."""
    failures = []
    ws_url = url.replace("http", "ws", 1) + "/_stcore/stream"
    with connect(
        ws_url, subprotocols=["streamlit"], origin=url, open_timeout=TIMEOUT_S, max_size=None
    ) as socket:
        for page, query in runs():
            if not _run(socket, page, query):
                failures.append(f"{page}?{query}")
    return failures


def _run(socket, page: str, query: str) -> bool:
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    socket.send(msg.SerializeToString())
    while True:
        fwd = ForwardMsg()
        fwd.ParseFromString(socket.recv(timeout=TIMEOUT_S))
        if fwd.WhichOneof("type") == "script_finished":
            status = fwd.script_finished
            if status == ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN:
                continue
            return status == ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
