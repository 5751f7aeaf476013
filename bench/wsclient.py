"""A light Streamlit client: one websocket session speaking Streamlit's own protocol.

A browser tab costs a headless Chromium far more CPU than the server spends on it
(RECIPES.md: 20 pages at once measure Chromium, not the app). This client does what a
tab does on the wire - asks for a script run with the URL's query string, the page and
the widget values, then reads the server's messages until the run has finished - and
nothing else, so that dozens of sessions fit beside the server on a small machine.

Like a tab, it first loads the page over HTTP and keeps the cookies it is given, then
opens the websocket with them: behind the balancer (deploy/haproxy.cfg) the affinity
cookie is what sends the websocket to the process that served the page.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import httpx
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED = {
    ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
    ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}
# Widgets whose value is sent as a list of the options' displayed labels.
LABELLED = ("button_group", "multiselect")


@dataclass
class Run:
    seconds: float
    ok: bool
    exceptions: int = 0
    elements: int = 0


@dataclass
class Session:
    """One tab. `widgets` maps a widget's key to (id, displayed options), learnt from runs."""

    url: str  # http://host:port
    page: str = ""  # url path of the page, e.g. "explore"; "" = the default page
    timeout: float = 120.0
    widgets: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    replicas: list[str] = field(default_factory=list)  # X-Monitor-Replica of page, socket
    session_id: str = ""
    downloads: dict[str, str] = field(default_factory=dict)  # button key -> deferred file id
    fragments: dict[str, str] = field(default_factory=dict)  # widget key -> its fragment
    _socket: object = None

    async def open(self) -> None:
        """Load the page (HTML) as a browser would, then open its websocket with the cookies."""
        async with httpx.AsyncClient(timeout=self.timeout) as http:
            page = await http.get(f"{self.url}/{self.page}")
            page.raise_for_status()
            self.cookies.update(page.cookies)
            self.replicas.append(page.headers.get("x-monitor-replica", ""))
        ws_url = self.url.replace("http", "ws", 1) + "/_stcore/stream"
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self._socket = await websockets.connect(
            ws_url,
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=self.timeout,
            origin=self.url,
            additional_headers={"Cookie": cookie} if cookie else None,
        )
        response = self._socket.response
        self.replicas.append(response.headers.get("x-monitor-replica", "") if response else "")

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()

    async def run(self, query: str = "", **labels: str | list[str]) -> Run:
        """Ask for a run with these widget values (by key, as displayed) and wait for its end."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = query
        state.page_name = self.page
        for key, wanted in labels.items():
            widget_id, options = self.widgets[key]
            chosen = [wanted] if isinstance(wanted, str) else list(wanted)
            missing = [c for c in chosen if c not in options]
            if missing:
                raise KeyError(f"{key}: no option {missing} among {options}")
            ws = WidgetState(id=widget_id)
            ws.string_array_value.data[:] = chosen
            state.widget_states.widgets.append(ws)
        # A widget inside an st.fragment reruns only its fragment, as the browser asks.
        fragments = {self.fragments.get(key, "") for key in labels}
        if len(fragments) == 1:
            state.fragment_id = fragments.pop()
        started = time.perf_counter()
        await self._socket.send(msg.SerializeToString())
        result = Run(0.0, False)
        while True:
            raw = await _receive(self._socket, self.timeout)
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                self.session_id = fwd.new_session.initialize.session_id
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                result.elements += 1
                if self._learn(fwd.delta.new_element, fwd.delta.fragment_id) == "exception":
                    result.exceptions += 1
            elif kind == "script_finished":
                if fwd.script_finished == ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN:
                    continue
                result.ok = fwd.script_finished in FINISHED and not result.exceptions
                break
        result.seconds = time.perf_counter() - started
        return result

    async def download_url(self, key: str) -> str:
        """Click a deferred download button: the server runs its callable and answers with
        the address of the file (/media/...), which only the process holding this session
        can serve."""
        msg = BackMsg()
        request = msg.backend_operation_request
        request.request_id = f"{key}-{time.monotonic_ns()}"
        request.session_id = self.session_id
        request.deferred_file.file_id = self.downloads[key]
        await self._socket.send(msg.SerializeToString())
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await _receive(self._socket, self.timeout))
            if fwd.WhichOneof("type") != "backend_operation_response":
                continue
            response = fwd.backend_operation_response
            if response.request_id != request.request_id:
                continue
            if response.error_msg:
                raise RuntimeError(f"download {key}: {response.error_msg}")
            return response.deferred_file.url

    def options(self, key: str) -> list[str]:
        return self.widgets[key][1]

    def _learn(self, element, fragment_id: str = "") -> str | None:
        kind = element.WhichOneof("type")
        if kind == "download_button" and element.download_button.deferred_file_id:
            button = element.download_button
            self.downloads[button.id.rsplit("-", 1)[-1]] = button.deferred_file_id
        elif kind in LABELLED:
            proto = getattr(element, kind)
            # Widget ids end with the user's key: "$$ID-<hash>-<key>".
            key = proto.id.rsplit("-", 1)[-1] if proto.id.startswith("$$ID") else proto.id
            options = (
                [o.content for o in proto.options]
                if kind == "button_group"
                else list(proto.options)
            )
            self.widgets[key] = (proto.id, options)
            self.fragments[key] = fragment_id
        return kind


async def _receive(socket, timeout: float) -> bytes:
    return await asyncio.wait_for(socket.recv(), timeout)
