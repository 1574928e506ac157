"""`briefkit check --links`: every link of the email fetched (HEAD, then GET when a server will not answer HEAD),
at most four at a time, each within a timeout; broken ones and redirects reported. Answers are kept for a day in
.briefkit-cache/links.json, so a second check soon after asks no server again."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from briefkit.io.fetch import user_agent

AT_ONCE = 4
TIMEOUT = 10.0
KEPT_FOR = 24 * 3600  # seconds
CACHE = Path(".briefkit-cache") / "links.json"


@dataclass(frozen=True)
class Answer:
    status: int  # 0: no answer
    location: str = ""  # where a redirect leads
    reason: str = ""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # a redirect is reported, not followed


def _ask(url: str, timeout: float) -> Answer:
    opener = urllib.request.build_opener(_NoRedirects)
    last = Answer(0, reason="no answer")
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": user_agent()})
        try:
            with opener.open(request, timeout=timeout) as response:
                return Answer(response.status)
        except urllib.error.HTTPError as error:
            last = Answer(error.code, error.headers.get("Location", "") or "", str(error.reason))
            if 300 <= error.code < 400 or error.code not in (400, 403, 404, 405, 406, 429, 500, 501, 503):
                return last
            if error.code == 404 and method == "GET":
                return last
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            last = Answer(0, reason=str(reason))
    return last


def check_links(urls: list[str], root: Path, timeout: float = TIMEOUT, now: float | None = None) -> dict[str, Answer]:
    """The answer for each http(s) address of ``urls``: from the cache when asked within a day, else asked now."""
    now = time.time() if now is None else now
    path = root / CACHE
    try:
        kept = {url: value for url, value in json.loads(path.read_bytes()).items() if now - value[0] < KEPT_FOR}
    except (OSError, ValueError, TypeError, AttributeError):
        kept = {}
    wanted = [url for url in dict.fromkeys(urls) if url.startswith(("http://", "https://"))]
    answers = {url: Answer(*kept[url][1:]) for url in wanted if url in kept}
    asking = [url for url in wanted if url not in answers]
    with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
        for url, answer in zip(asking, pool.map(lambda u: _ask(u, timeout), asking), strict=True):
            answers[url] = answer
            kept[url] = [now, answer.status, answer.location, answer.reason]
    if asking:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(kept, sort_keys=True), "utf-8")
        except OSError:
            pass  # only a cache
    return answers
