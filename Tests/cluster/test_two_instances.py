"""Two `tandem serve` instances on one PostgreSQL (DATABASE_URL), as behind a load balancer: a session
made on one works on the other, signing out on one ends it on both, and a queued email leaves once."""
import os
import time

import pytest

from fixtures import serve, smtp  # noqa: F401 (a fixture)
from harness import Browser

ADMIN = ("admin@demo.tandem", "tandem demo only")


@pytest.fixture(scope="module")
def instances(smtp):  # noqa: F811
    database = os.environ.get("DATABASE_URL", "")
    assert database.startswith("postgres"), "these tests need DATABASE_URL=postgres://… (CI starts a server)"
    first = serve(smtp, DATABASE_URL=database)  # migrates and seeds; the second finds it done
    second = serve(smtp, DATABASE_URL=database)
    yield first, second
    second.stop()
    first.stop()


def test_a_session_made_on_one_instance_works_on_the_other_and_ends_on_both(instances):
    first, second = instances
    assert first.port != second.port
    person = Browser(first.url)
    person.sign_in(*ADMIN)
    # Cookies belong to the host, not the port: the same jar is the same browser for both instances.
    status, page, _ = person.get(second.url + "/account")
    assert status == 200 and "Demo Administrator" in page

    status, _, _ = person.request("POST", second.url + "/account/sign-out", {})
    assert status == 303
    status, _, headers = person.get(first.url + "/account")
    assert status == 303 and headers["Location"] == "/account/sign-in"


def test_both_workers_running_send_a_message_once(instances, smtp):  # noqa: F811
    first, second = instances
    status, _, _ = Browser(first.url).post("/account/reset", {"email": "uk@demo.tandem"})
    assert status == 200
    smtp.wait_for_message("uk@demo.tandem")
    time.sleep(3)  # several passes of both workers
    assert [m["X-Envelope-To"] for m in smtp.messages()].count("uk@demo.tandem") == 1
