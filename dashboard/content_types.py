"""The content types the release files are served with, registered before the server answers.

Streamlit's static files (/app/static/) take their Content-Type from Python's `mimetypes`,
which knows CSV, JSON, ZIP and XML but not Parquet: unregistered, a .parquet file goes out as
application/octet-stream. dashboard/asgi.py calls register() when the server starts.
"""

from __future__ import annotations

import mimetypes

TYPES = {
    # Registered with IANA in 2024.
    ".parquet": "application/vnd.apache.parquet",
}


def register() -> None:
    for extension, kind in TYPES.items():
        mimetypes.add_type(kind, extension)
