"""What the race tests share: sessions signed in side by side, requests held behind one barrier and let go
together, and a read-only look at the server's SQLite database."""
import os
import sqlite3
import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing

from harness import Browser

PASSWORD = "tandem demo only"
OFFICER = "secretariat@demo.tandem"
CALL = "2025-2027"
# Each scenario runs a few rounds on its server: a race lost once in a while shows up more often.
ROUNDS = 3
# Nothing a test waits on may hang the suite: a stuck thread fails the test instead.
TIMEOUT = 60


def sessions(server, emails):
    """One session per address in `emails` (an address may repeat: each is its own sign-in, with its own
    cookies), signed in side by side."""
    def sign_in(email):
        browser = Browser(server.url)
        browser.sign_in(email, PASSWORD)
        return browser
    with ThreadPoolExecutor(len(emails)) as pool:
        return list(pool.map(sign_in, emails))


def race(requests):
    """Sends each request (a function of no arguments returning Browser's (status, body, headers)) from its
    own thread; all threads wait on one barrier first, so the requests reach the server together. Returns
    the answers in the order of `requests`."""
    barrier = threading.Barrier(len(requests))

    def send(request):
        barrier.wait(timeout=TIMEOUT)
        return request()
    with ThreadPoolExecutor(len(requests)) as pool:
        futures = [pool.submit(send, request) for request in requests]
        return [future.result(timeout=TIMEOUT) for future in futures]


def statuses(answers):
    return Counter(status for status, _, _ in answers)


def assert_no_server_errors(answers):
    """Checked first, so that a 5xx is reported with its page rather than as a wrong count."""
    errors = [f"{status}: {body[:1000]}" for status, body, _ in answers if status >= 500]
    assert not errors, f"{len(errors)} of {len(answers)} answers were server errors:\n" + "\n".join(errors)


def as_uuid(value):
    """A UUID column as SQLite holds it: text, or 16 bytes."""
    return uuid.UUID(bytes=value) if isinstance(value, bytes) else uuid.UUID(value)


class Database:
    """The server's SQLite file, opened read-only for each query so it reads what is committed now."""

    def __init__(self, server):
        self.path = os.path.join(server.directory, "tandem.sqlite")

    def rows(self, sql, *parameters):
        with closing(sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=10)) as connection:
            return connection.execute(sql, parameters).fetchall()

    def value(self, sql, *parameters):
        rows = self.rows(sql, *parameters)
        assert len(rows) == 1, f"expected one row, got {rows} from: {sql}"
        return rows[0][0]

    def focal_point(self, state):
        """The demo focal point of a state (their addresses do not all follow one pattern: uk@, peru@, ken@…)."""
        return self.value("SELECT email FROM users WHERE state_iso3 = ? AND role = 'focal_point'", state)
