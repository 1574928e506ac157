"""`briefkit check --links`: every link of the email fetched (HEAD, then GET when a server will not answer HEAD),
at most four at a time; broken ones and redirects reported. Answers are kept for a day in
.briefkit-cache/links.json, so a second check soon after asks no server again.

The links come from whoever can change an edition (a pull request, in CI), so they are asked under the same policy
as remote feeds and the PDF's pictures (briefkit.io.fetch): an address on this machine or its local network, in any
spelling, is never asked, nor a name that resolves to one (the connection goes to the address that was checked);
such a link is reported as not asked, and nothing it could answer is ever seen. A redirect is reported, not
followed, and one that leads to a local address is not shown. Each link has a deadline for all of it (looking up
its host, connecting, the headers, the GET after a refused HEAD), and the whole check has another."""

from __future__ import annotations

import contextlib
import functools
import http.client
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from briefkit.errors import OutputError
from briefkit.io.addresses import is_local, parse_address
from briefkit.io.fetch import Deadline, ResolvesLocal, Unreachable, opener, refusal, user_agent
from briefkit.io.outbox import write_all

AT_ONCE = 4
TIMEOUT = 10.0  # seconds for one link, all of it
TOTAL = 120.0  # seconds for the whole check's links
KEPT_FOR = 24 * 3600  # seconds
CACHE = Path(".briefkit-cache") / "links.json"
LOCAL = "an address on this machine or its local network"
NEVER = "links to local addresses are never asked"
_SHOWN_LOCATION = 300  # characters of a redirect's Location that are shown


@dataclass(frozen=True)
class Answer:
    status: int  # 0: no answer
    location: str = ""  # where a redirect leads, as shown (never a local address)
    reason: str = ""
    location_local: bool = False  # the redirect leads to a local address, which is not shown
    not_asked: str = ""  # why the link was not asked at all (never kept in the cache)


@dataclass(frozen=True)
class _Policy:
    """Which addresses may be asked: any public one. ``permitted`` names local addresses that may be asked too;
    only tests set it (for their servers on loopback), the command line never does."""

    permitted: frozenset[str]

    def allowed(self, host: str) -> bool:
        return not is_local(host) or host in self.permitted

    @property
    def private_if_listed(self) -> bool:
        return bool(self.permitted)

    def refused(self, url: str) -> str | None:
        """Why ``url`` is not asked, in the check's words; None when it may be."""
        try:
            host = urlsplit(url).hostname or ""
            refused = refusal(url, self.allowed, self.private_if_listed)
        except ValueError:
            return "it is not a valid address"
        if not refused:
            return None
        return f"{host} {'is' if parse_address(host) is not None else 'names'} {LOCAL}; {NEVER}"

    def shown_location(self, url: str, location: str) -> tuple[str, bool]:
        """A redirect's Location as it may be shown, and whether it was hidden for leading to a local address."""
        try:
            target = urljoin(url, location.strip())
            leads_local = urlsplit(target).scheme in ("http", "https") and refusal(
                target, self.allowed, self.private_if_listed
            )
        except ValueError:
            return "", False
        if leads_local:
            return "", True
        shown = "".join(c if c.isprintable() else "?" for c in location.strip())
        return shown[:_SHOWN_LOCATION] + ("..." if len(shown) > _SHOWN_LOCATION else ""), False


def _ask(url: str, policy: _Policy, deadline: Deadline) -> Answer:
    """HEAD ``url``, then GET when the server will not answer HEAD; both within ``deadline``."""
    asking = opener(policy.allowed, policy.private_if_listed, deadline, follow_redirects=False)
    given_up = Answer(0, reason=f"no answer within {deadline.seconds:g} seconds")
    last = Answer(0, reason="no answer")
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": user_agent()})
        try:
            with asking.open(request, timeout=deadline.wait(deadline.seconds)) as response:
                return given_up if deadline.expired else Answer(response.status)
        except ResolvesLocal as error:
            return Answer(0, not_asked=f"{error.host} resolves to {LOCAL}; {NEVER}")
        except Unreachable as error:
            return Answer(0, reason=str(error))
        except urllib.error.HTTPError as error:
            error.close()
            if deadline.expired:
                return given_up
            location, hidden = policy.shown_location(url, error.headers.get("Location", "") or "")
            last = Answer(error.code, location, str(error.reason), hidden)
            if 300 <= error.code < 400 or error.code not in (400, 403, 404, 405, 406, 429, 500, 501, 503):
                return last
            if error.code == 404 and method == "GET":
                return last
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as error:
            if deadline.expired:
                return given_up
            last = Answer(0, reason=str(getattr(error, "reason", error)))
    return last


def _ask_all(urls: list[str], policy: _Policy, timeout: float, total: float) -> dict[str, Answer]:
    """The answers of ``urls``, at most AT_ONCE asked at a time, each within ``timeout`` seconds; a link still
    unanswered when ``total`` seconds are up is left out. Each link is asked in a daemon thread: one stuck where
    it cannot be stopped (a name look-up) is given up at its deadline and never keeps the process alive."""
    end = time.monotonic() + total
    answers: dict[str, Answer] = {}
    settled = threading.Condition()
    free = threading.Semaphore(AT_ONCE)

    def settle(url: str, answer: Answer) -> None:
        with settled:
            if url in answers:
                return  # the deadline came first, or the asking did
            answers[url] = answer
            settled.notify_all()
        free.release()

    def work(url: str, deadline: Deadline) -> None:
        try:
            answer = _ask(url, policy, deadline)
        except Exception as error:  # a thread's failure is this link's answer, never a traceback
            answer = Answer(0, reason=str(error) or type(error).__name__)
        finally:
            deadline.cancel()
        settle(url, answer)

    started = []
    for url in urls:
        if not free.acquire(timeout=max(0.0, end - time.monotonic())):
            break
        given_up = Answer(0, reason=f"no answer within {timeout:g} seconds")
        deadline = Deadline(timeout, on_expiry=functools.partial(settle, url, given_up))
        threading.Thread(target=work, args=(url, deadline), name=f"briefkit link {url}", daemon=True).start()
        started.append(url)
    with settled:
        settled.wait_for(lambda: all(url in answers for url in started), timeout=max(0.0, end - time.monotonic()))
        return dict(answers)


def check_links(
    urls: list[str],
    root: Path,
    timeout: float = TIMEOUT,
    now: float | None = None,
    total: float = TOTAL,
    permit_local: Collection[str] = (),
) -> dict[str, Answer]:
    """The answer for each http(s) address of ``urls``: from the cache when asked within a day, else asked now;
    a local address is not asked (``permit_local``, for tests, lists local addresses that may be)."""
    now = time.time() if now is None else now
    policy = _Policy(frozenset(permit_local))
    path = root / CACHE
    kept = _kept(path, now)
    wanted = [url for url in dict.fromkeys(urls) if url.startswith(("http://", "https://"))]
    answers: dict[str, Answer] = {}
    for url in wanted:
        refused = policy.refused(url)
        if refused:
            answers[url] = Answer(0, not_asked=refused)  # before the cache: whatever it holds is not shown
        elif url in kept:
            _, status, location, reason, location_local = kept[url]
            shown, hidden = policy.shown_location(url, location)  # again: the cache is only a file
            answers[url] = Answer(status, shown, reason, hidden or location_local)
    asking = [url for url in wanted if url not in answers]
    asked = _ask_all(asking, policy, timeout, total) if asking else {}
    for url in asking:
        answer = asked.get(url)
        if answer is None:
            answers[url] = Answer(
                0, not_asked="the check's time for links ran out before it; check again to ask the rest"
            )
            continue
        answers[url] = answer
        if not answer.not_asked:
            kept[url] = (now, answer.status, answer.location, answer.reason, answer.location_local)
    if asked:
        with contextlib.suppress(OutputError):  # only a cache
            write_all(path.parent, {path.name: json.dumps(kept, sort_keys=True).encode("utf-8")})
    return {url: answers[url] for url in wanted}


_Kept = tuple[float, int, str, str, bool]  # when asked, status, location, reason, location_local


def _kept(path: Path, now: float) -> dict[str, _Kept]:
    """The cache's answers from within a day; an entry of any other shape is dropped."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    kept: dict[str, _Kept] = {}
    for url, value in data.items() if isinstance(data, dict) else ():
        match value:
            case [int() | float() as when, int() as status, str() as location, str() as reason, *rest] if (
                0 <= now - when < KEPT_FOR
            ):
                kept[url] = (float(when), status, location, reason, rest[:1] == [True])
    return kept
