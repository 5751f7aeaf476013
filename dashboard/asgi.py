"""The served dashboard: dashboard/app.py, warmed before it is called ready. `streamlit run dashboard/asgi.py`.

Streamlit's own /_stcore/health answers as soon as the process listens; a reader sent
there first would pay the process's first runs (seconds). /_monitor/ready answers 200
only once every page has run once (dashboard/warm.py), so the balancer (deploy/haproxy.cfg
checks both) and the benchmark send readers to warm processes only. `make run` and
`make serve` run this file; tests that drive app.py directly (AppTest) are unchanged.
"""

from __future__ import annotations

import sys
from contextlib import asynccontextmanager
from pathlib import Path

# `streamlit run dashboard/asgi.py` puts dashboard/ on sys.path, not the project root.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from starlette.responses import PlainTextResponse  # noqa: E402
from starlette.routing import Route  # noqa: E402

from dashboard import content_types  # noqa: E402

READY = "/_monitor/ready"
# Before the first request: the release's Parquet files are served with their own type.
content_types.register()


async def ready(request):
    from dashboard import warm

    if warm.ready():
        return PlainTextResponse("ok")
    return PlainTextResponse("warming up", status_code=503)


@asynccontextmanager
async def lifespan(app):
    from streamlit import config

    from dashboard import warm

    address = config.get_option("server.address") or "127.0.0.1"
    host = "127.0.0.1" if address in ("0.0.0.0", "::") else address
    warm.start(f"http://{host}:{config.get_option('server.port')}")
    yield


app = st.App(
    str(Path(__file__).with_name("app.py")), lifespan=lifespan, routes=[Route(READY, ready)]
)
