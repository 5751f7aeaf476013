"""Discovery of new reports, offline: fixture feeds served on 127.0.0.1 by a thread.

Every failure mode (timeout, refused connection, HTTP error, malformed XML, a web page, an
oversized answer) is reported by feed name and never stops the feeds after it.
"""

from __future__ import annotations

import contextlib
import csv
import http.server
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from monitor_fixtures import source, write_csv

from etl import discover
from etl.contract import SOURCES
from etl.settings import ROOT

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
SLOW_S = 3.0
TIMEOUT_S = 0.5


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        path = self.path.lstrip("/")
        if path == "slow.xml":
            time.sleep(SLOW_S)
        if path == "moved.xml":
            self.send_response(301)
            self.send_header("Location", "/world_en.xml")
            self.end_headers()
            return
        if path == "huge.xml":
            body = b"<rss>" + b" " * 200_000 + b"</rss>"
        elif (FIXTURES / path).is_file() or path == "slow.xml":
            body = (FIXTURES / ("local_ru.xml" if path == "slow.xml" else path)).read_bytes()
        else:
            self.send_error(404, "Not Found")
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)  # the client may have given up (timeout test)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def feeds_toml(path: Path, feeds: list[dict]) -> Path:
    lines = []
    for f in feeds:
        lines.append("[[feed]]")
        lines += [f'{k} = "{v}"' for k, v in f.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def sources_csv(tmp_path) -> Path:
    """Sources already cited: S-0001 is https://example.org/synthetic/1."""
    return write_csv(tmp_path / "sources.csv", [source(1)], SOURCES.column_names)


def run(tmp_path, sources_csv, feeds, **kw) -> discover.DiscoverResult:
    return discover.run(
        tmp_path / "queue.csv",
        sources_csv,
        feeds_toml(tmp_path / "feeds.toml", feeds),
        timeout=kw.pop("timeout", TIMEOUT_S),
        max_bytes=kw.pop("max_bytes", 100_000),
        **kw,
    )


def queue_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def good_feeds(server: str) -> list[dict]:
    return [
        {
            "id": "local",
            "outlet": "Local",
            "url": f"{server}/local_ru.xml",
            "language": "ru",
            "country": "UZB",
        },
        {"id": "world", "outlet": "World", "url": f"{server}/world_en.xml", "language": "en"},
    ]


def test_every_failure_is_named_and_the_feeds_after_it_are_still_read(
    tmp_path, server, sources_csv
):
    bad = [
        ("timeout", f"{server}/slow.xml", "timed out"),
        ("refused", f"http://127.0.0.1:{closed_port()}/feed.xml", "could not connect"),
        ("missing", f"{server}/missing.xml", "HTTP 404"),
        ("malformed", f"{server}/malformed.xml", "malformed feed"),
        ("webpage", f"{server}/page.html", "not an RSS or Atom feed"),
        ("huge", f"{server}/huge.xml", "larger than 100,000 bytes"),
    ]
    feeds = [{"id": i, "outlet": i, "url": u} for i, u, _ in bad] + good_feeds(server)
    result = run(tmp_path, sources_csv, feeds)
    reports = {r.feed.id: r for r in result.feeds}
    assert list(reports) == [f["id"] for f in feeds]
    for feed_id, _, reason in bad:
        assert not reports[feed_id].ok and reason in reports[feed_id].message, reports[feed_id]
    assert reports["local"].ok and reports["world"].ok
    assert "1 items without an http(s) link skipped" in reports["local"].message
    assert not result.ok
    assert result.queued == 5


def test_the_queue_holds_the_uncited_items_on_topic_newest_first(tmp_path, server, sources_csv):
    result = run(tmp_path, sources_csv, good_feeds(server))
    assert result.ok and result.new == 5 and result.cited == 1
    rows = queue_rows(tmp_path / "queue.csv")
    assert list(rows[0]) == discover.QUEUE_COLUMNS
    assert [(r["published"], r["feed_id"], r["url"]) for r in rows] == [
        ("2024-03-08 12:00", "world", "https://example.net/a/kyrgyz-mercenary"),
        ("2024-03-08 08:00", "local", "https://example.com/news/6"),
        ("2024-03-06 12:00", "world", "https://example.net/a/migrants"),
        ("2024-03-06 09:30", "local", "https://example.com/news/2"),
        ("2024-03-05 10:00", "local", "https://example.com/news/1?utm_source=rss"),
    ]
    by_url = {r["url"]: r for r in rows}
    assert by_url["https://example.com/news/1?utm_source=rss"]["matched"] == "наемника"
    assert by_url["https://example.net/a/migrants"]["rule"] == "recruitment for the war"
    # Feed text is untrusted: a formula is defused for spreadsheets.
    assert by_url["https://example.com/news/6"]["title"].startswith("'=HYPERLINK")


def test_two_runs_of_the_same_feeds_write_the_same_file_whatever_the_feed_order(
    tmp_path, server, sources_csv
):
    run(tmp_path, sources_csv, good_feeds(server))
    first = (tmp_path / "queue.csv").read_bytes()
    run(tmp_path, sources_csv, good_feeds(server))
    assert (tmp_path / "queue.csv").read_bytes() == first
    (tmp_path / "queue.csv").unlink()
    run(tmp_path, sources_csv, good_feeds(server)[::-1])
    assert (tmp_path / "queue.csv").read_bytes() == first


def test_queued_items_stay_until_a_source_cites_them(tmp_path, server, sources_csv):
    run(tmp_path, sources_csv, good_feeds(server))
    # The world feed is gone today, and a maintainer has cited one local item.
    write_csv(
        sources_csv,
        [source(1), source(2, url="https://www.example.com/news/2/")],
        SOURCES.column_names,
    )
    result = run(tmp_path, sources_csv, good_feeds(server)[:1])
    urls = [r["url"] for r in queue_rows(tmp_path / "queue.csv")]
    assert "https://example.net/a/migrants" in urls  # kept from the earlier run
    assert "https://example.com/news/2" not in urls  # cited now
    assert result.queued == 4 and result.new == 0


@pytest.mark.parametrize(
    ("text", "local", "rule"),
    [
        ("Узбекистанца осудили за наемничество", False, "mercenarism"),
        ("НАЁМНИКИ из Таджикистана", False, "mercenarism"),
        ("Yollanma askar sifatida qatnashgan o‘zbekistonlik sudlandi", False, "mercenarism"),
        ("Жалданма катары согушка катышкан кыргызстандык соттолду", False, "mercenarism"),
        ("Жалдамалы ретінде соғысқан қазақстандық сотталды", False, "mercenarism"),
        ("Сарбози зархарид: тоҷикистонӣ маҳкум шуд", False, "mercenarism"),
        ("Mercenary trial", True, "mercenarism"),
        ("Вербовщик предлагал контракт с Минобороны", True, "recruitment for the war"),
        ("Kazakh citizen killed in the war", False, "citizens at the front"),
        ("Mercenary trial", False, None),  # no place, and the feed is not local
        ("Recruitment fair for IT jobs in Tashkent", False, None),  # not about the war
        ("Курс сома к доллару", True, None),
    ],
)
def test_the_multilingual_topic_rules(text, local, rule):
    rules = discover.load_rules(discover.RULES)
    hit = rules.match(text, local)
    assert (hit[0] if hit else None) == rule


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://www.example.org/a/?utm_source=x#top", "http://example.org/a"),
        ("https://example.org/a?id=2&utm_medium=y", "https://EXAMPLE.org/a?id=2"),
    ],
)
def test_one_article_has_one_address(a, b):
    assert discover.normalise_url(a) == discover.normalise_url(b)


@pytest.mark.parametrize(
    ("feeds", "reason"),
    [
        ('[[feed]]\nid = "x"\noutlet = "X"\nurl = "file:///etc/passwd"\n', "only http"),
        ('[[feed]]\nid = "x"\noutlet = "X"\n', "missing url"),
        (
            '[[feed]]\nid = "x"\noutlet = "X"\nurl = "https://a.example"\ncolour = "red"\n',
            "unknown keys",
        ),
        ("[[feed]\n", "feeds.toml"),
    ],
)
def test_a_bad_feed_list_is_a_configuration_error(tmp_path, feeds, reason):
    path = tmp_path / "feeds.toml"
    path.write_text(feeds)
    with pytest.raises(discover.ConfigError, match=reason):
        discover.load_feeds(path)


def test_the_shipped_feed_list_and_rules_load_and_are_http(tmp_path):
    feeds = discover.load_feeds(discover.FEEDS)
    assert len(feeds) >= 5 and all(f.url.startswith("https://") for f in feeds)
    assert discover.load_rules(discover.RULES).rules


def test_the_cli_prints_one_line_per_feed_and_exits_1_when_one_failed(
    tmp_path, server, sources_csv
):
    feeds = feeds_toml(
        tmp_path / "feeds.toml",
        [{"id": "missing", "outlet": "M", "url": f"{server}/missing.xml"}, *good_feeds(server)],
    )
    data = tmp_path / "data"
    data.mkdir()
    (data / "sources.csv").write_bytes(sources_csv.read_bytes())
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "etl",
            "discover",
            "--data",
            str(data),
            "--feeds",
            str(feeds),
            "--queue",
            str(tmp_path / "q.csv"),
            "--timeout",
            "5",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 1, out.stdout + out.stderr
    assert "FAIL missing" in out.stdout and "HTTP 404" in out.stdout
    assert "ok   local" in out.stdout and "ok   world" in out.stdout
    assert "5 new items queued, 1 already cited; 5 in the review queue" in out.stdout
