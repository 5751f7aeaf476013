"""Discovery: read outlets' RSS/Atom feeds and queue the items on our topic for a maintainer.

Feeds are listed in etl/feeds.toml and the topic rules in etl/topic_rules.toml. An item is
queued when it meets a rule and no source in data/sources.csv already cites its address.
The queue (build/review_queue.csv) keeps earlier items until they are cited, so an item that
falls off a feed is not lost; same feeds, same queue. Every feed is fetched on its own: a
timeout, a network error or a malformed feed is reported by name and the others go on.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import re
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import feedparser
import httpx

ROOT = Path(__file__).resolve().parent
FEEDS = ROOT / "feeds.toml"
RULES = ROOT / "topic_rules.toml"
QUEUE_COLUMNS = [
    "published",
    "outlet",
    "feed_id",
    "language",
    "title",
    "url",
    "rule",
    "matched",
]
MAX_BYTES = 5_000_000  # a news feed is a few hundred kB; more is not a feed we want
TIMEOUT_S = 15.0
USER_AGENT = "ca-recruitment-monitor/0.1 (open data project; feed reader)"
# Tracking parameters that make one article look like several addresses.
TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|yclid|mc_\w+|ref|from)$", re.IGNORECASE)


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Feed:
    id: str
    outlet: str
    url: str
    language: str = ""
    country: str = ""
    verified: bool = False


@dataclass
class Rules:
    rules: list[tuple[str, list[str]]]
    terms: dict[str, re.Pattern]

    def match(self, text: str, local: bool) -> tuple[str, list[str]] | None:
        """The first rule the text meets and the words that met it, or None."""
        folded = fold(text)
        for name, needs in self.rules:
            words: list[str] = []
            for group in needs:
                if group == "place" and local:
                    continue
                found = self.terms[group].search(folded)
                if not found:
                    break
                words.append(found.group(0))
            else:
                return name, words
        return None


@dataclass
class FeedReport:
    feed: Feed
    ok: bool
    message: str
    items: int = 0
    kept: int = 0


@dataclass
class DiscoverResult:
    feeds: list[FeedReport] = field(default_factory=list)
    queue: Path | None = None
    queued: int = 0  # rows in the queue now
    new: int = 0  # rows this run added
    cited: int = 0  # matching items skipped because a source already cites them

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.feeds)


def run(
    queue: Path,
    sources_csv: Path,
    feeds_path: Path = FEEDS,
    rules_path: Path = RULES,
    timeout: float = TIMEOUT_S,
    max_bytes: int = MAX_BYTES,
    progress: Callable[[FeedReport], None] = lambda r: None,
) -> DiscoverResult:
    feeds = load_feeds(feeds_path)
    rules = load_rules(rules_path)
    cited = cited_urls(sources_csv)
    result = DiscoverResult(queue=queue)
    rows = {normalise_url(r["url"]): r for r in read_queue(queue)}
    before = set(rows)
    with httpx.Client(
        timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT}
    ) as client:
        for feed in feeds:
            report, items = read_feed(client, feed, max_bytes)
            for item in items:
                hit = rules.match(f"{item['title']}\n{item['summary']}", local=bool(feed.country))
                if not hit:
                    continue
                report.kept += 1
                key = normalise_url(item["url"])
                if key in cited:
                    result.cited += 1
                    continue
                rows.setdefault(key, queue_row(feed, item, *hit))
            result.feeds.append(report)
            progress(report)
    rows = {k: r for k, r in rows.items() if k not in cited}
    write_queue(queue, list(rows.values()))
    result.queued = len(rows)
    result.new = len(set(rows) - before)
    return result


# --- configuration ---------------------------------------------------------------------------


def load_feeds(path: Path) -> list[Feed]:
    data = _toml(path)
    feeds = []
    for i, entry in enumerate(data.get("feed", []), start=1):
        where = f"{path.name}, feed {i}"
        missing = [k for k in ("id", "outlet", "url") if not entry.get(k)]
        if missing:
            raise ConfigError(f"{where}: missing {', '.join(missing)}")
        if not re.match(r"https?://", entry["url"], re.IGNORECASE):
            raise ConfigError(f"{where} ({entry['id']}): only http:// or https:// feeds")
        unknown = set(entry) - set(Feed.__dataclass_fields__)
        if unknown:
            raise ConfigError(f"{where} ({entry['id']}): unknown keys {sorted(unknown)}")
        feeds.append(Feed(**entry))
    ids = [f.id for f in feeds]
    if len(set(ids)) != len(ids):
        raise ConfigError(f"{path.name}: feed ids must be unique")
    return feeds


def load_rules(path: Path) -> Rules:
    data = _toml(path)
    terms = {}
    for group, words in data.get("terms", {}).items():
        try:
            # A term starts a word and may end anywhere (stems); the match runs to the word's
            # end so that the queue shows the word that was found.
            terms[group] = re.compile(r"(?<!\w)(?:" + "|".join(fold(w) for w in words) + r")\w*")
        except re.error as exc:
            raise ConfigError(f"{path.name}: group '{group}' has a bad pattern: {exc}") from exc
    rules = []
    for i, rule in enumerate(data.get("rule", []), start=1):
        unknown = [g for g in rule.get("needs", []) if g not in terms]
        if not rule.get("name") or not rule.get("needs") or unknown:
            raise ConfigError(f"{path.name}, rule {i}: needs a name and known groups {unknown}")
        rules.append((rule["name"], list(rule["needs"])))
    return Rules(rules, terms)


def _toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc


# --- fetching and parsing ------------------------------------------------------------------


def read_feed(client: httpx.Client, feed: Feed, max_bytes: int) -> tuple[FeedReport, list[dict]]:
    """Fetch and parse one feed; every failure becomes a report, never an exception."""
    try:
        body = fetch(client, feed.url, max_bytes)
    except FeedError as exc:
        return FeedReport(feed, False, str(exc)), []
    if re.match(rb"\s*(<!doctype html|<html)", body[:512], re.IGNORECASE):
        return FeedReport(feed, False, "a web page (HTML), not an RSS or Atom feed"), []
    parsed = feedparser.parse(body)
    if parsed.bozo and not parsed.entries:
        return FeedReport(feed, False, f"malformed feed: {_short(parsed.bozo_exception)}"), []
    if not parsed.entries and not parsed.feed.get("title"):
        return FeedReport(feed, False, "not an RSS or Atom feed (no channel, no items)"), []
    items, skipped = [], 0
    for entry in parsed.entries:
        item = _item(entry)
        if item is None:
            skipped += 1
        else:
            items.append(item)
    notes = [f"{len(items)} items"]
    if parsed.bozo:
        notes.append(f"XML errors tolerated ({_short(parsed.bozo_exception)})")
    if skipped:
        notes.append(f"{skipped} items without an http(s) link skipped")
    return FeedReport(feed, True, "; ".join(notes), items=len(items)), items


class FeedError(RuntimeError):
    pass


def fetch(client: httpx.Client, url: str, max_bytes: int) -> bytes:
    try:
        with client.stream("GET", url) as response:
            if response.status_code != 200:
                raise FeedError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise FeedError(f"larger than {max_bytes:,} bytes: not read")
                chunks.append(chunk)
            return b"".join(chunks)
    except httpx.TimeoutException as exc:
        raise FeedError(f"timed out ({type(exc).__name__}, limit {client.timeout.read} s)") from exc
    except httpx.ConnectError as exc:
        raise FeedError(f"could not connect ({_short(exc)})") from exc
    except httpx.HTTPError as exc:
        raise FeedError(f"network error: {type(exc).__name__}: {_short(exc)}") from exc


def _item(entry) -> dict | None:
    url = (entry.get("link") or "").strip()
    if not re.match(r"https?://\S+$", url, re.IGNORECASE):
        return None
    published = entry.get("published_parsed") or entry.get("updated_parsed")
    when = (
        dt.datetime(*published[:6], tzinfo=dt.UTC).strftime("%Y-%m-%d %H:%M") if published else ""
    )
    return {
        "url": url,
        "title": plain(entry.get("title", "")),
        "summary": plain(entry.get("summary", "")),
        "published": when,
    }


def _short(exc: object) -> str:
    return " ".join(str(exc).split())[:160] or type(exc).__name__


# --- text and addresses --------------------------------------------------------------------


def plain(text: str) -> str:
    """Feed text as plain words: tags dropped, entities decoded, spaces collapsed."""
    text = re.sub(r"<[^>]*>", " ", html.unescape(re.sub(r"<[^>]*>", " ", text or "")))
    return " ".join(text.split())


def fold(text: str) -> str:
    """Case-folded, NFKC, with ё as е and soft hyphens dropped: how rules and text are compared."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    return text.casefold().replace("ё", "е")


def normalise_url(url: str) -> str:
    """One address per article: no scheme, no www., no fragment, no tracking, no trailing /."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not TRACKING.match(k)
        )
    )
    return urlunsplit(("", host, parts.path.rstrip("/"), query, "")).lstrip("/")


def cited_urls(sources_csv: Path) -> set[str]:
    if not sources_csv.exists():
        return set()
    with open(sources_csv, encoding="utf-8-sig", newline="") as handle:
        return {normalise_url(r.get("url") or "") for r in csv.DictReader(handle)} - {""}


# --- the queue -----------------------------------------------------------------------------


def queue_row(feed: Feed, item: dict, rule: str, words: list[str]) -> dict:
    return {
        "published": item["published"],
        "outlet": feed.outlet,
        "feed_id": feed.id,
        "language": feed.language,
        "title": item["title"][:300],
        "url": item["url"],
        "rule": rule,
        "matched": ";".join(dict.fromkeys(words)),
    }


def read_queue(queue: Path) -> list[dict]:
    if not queue.exists():
        return []
    with open(queue, encoding="utf-8", newline="") as handle:
        return [
            {c: _unguard(r.get(c) or "") for c in QUEUE_COLUMNS}
            for r in csv.DictReader(handle)
            if r.get("url")
        ]


def write_queue(queue: Path, rows: list[dict]) -> None:
    """Newest first, then by address: the same rows always give the same file."""
    queue.parent.mkdir(parents=True, exist_ok=True)
    ordered = sorted(rows, key=lambda r: r["url"])
    ordered.sort(key=lambda r: r["published"], reverse=True)
    tmp = queue.with_name(queue.name + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=QUEUE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({c: _guard(r[c]) for c in QUEUE_COLUMNS} for r in ordered)
    tmp.replace(queue)


def _guard(value: str) -> str:
    """Feed text is untrusted: a cell starting with = + - @ would run as a spreadsheet formula
    (OWASP "CSV injection"), so it is prefixed with an apostrophe."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def _unguard(value: str) -> str:
    return value[1:] if value[:2] in ("'=", "'+", "'-", "'@") else value
