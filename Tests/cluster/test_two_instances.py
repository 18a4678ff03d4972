"""Two `tandem serve` instances on one PostgreSQL (DATABASE_URL), as behind a load balancer: a session
made on one works on the other, signing out on one ends it on both, a queued email leaves once, and with
both deadlines jobs running a reminder is sent once. Both read the time from one file, which the test moves."""
import os
import tempfile
import time

import pytest

from fixtures import serve, smtp  # noqa: F401 (a fixture)
from harness import Browser

ADMIN = ("admin@demo.tandem", "tandem demo only")
PASSWORD = "tandem demo only"
CLOCK = os.path.join(tempfile.mkdtemp(prefix="tandem-clock-"), "now")


def move_clock(moment):
    with open(CLOCK, "w") as file:
        file.write(moment)


@pytest.fixture(scope="module")
def instances(smtp):  # noqa: F811
    database = os.environ.get("DATABASE_URL", "")
    assert database.startswith("postgres"), "these tests need DATABASE_URL=postgres://… (CI starts a server)"
    move_clock("2026-01-05T09:00:00Z")
    settings = dict(DATABASE_URL=database, TANDEM_CLOCK_FILE=CLOCK, TANDEM_DEADLINES_POLL_SECONDS="1")
    first = serve(smtp, **settings)  # migrates and seeds; the second finds it done
    second = serve(smtp, **settings)
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


def test_both_deadlines_jobs_running_send_a_reminder_once(instances, smtp):  # noqa: F811
    first, second = instances
    officer = Browser(first.url)
    officer.sign_in("secretariat@demo.tandem", PASSWORD)
    status, _, headers = officer.post("/partnerships", {"mentor": "MEX", "mentee": "PER", "call": "2025-2027", "status": "active"})
    assert status == 303
    workspace = headers["Location"]
    peru = Browser(second.url)
    peru.sign_in("peru@demo.tandem", PASSWORD)
    status, page, _ = peru.post(workspace + "/visits", {
        "host": "MEX", "start": "2026-03-02", "end": "2026-03-06", "action": "save",
        "delegates[0][name]": "Rosa Méndez", "delegates[0][role]": "management", "delegates[0][sponsored]": "on"})
    assert status == 303, page
    status, _, _ = officer.post(workspace + "/visits/1/confirm", {})
    assert status == 303

    # The interim report is due on 5 April: both instances' jobs see the 14-day reminder on 23 March.
    move_clock("2026-03-23T08:00:00Z")
    subject = "the interim report after the first visit"
    smtp.wait_for_message("peru@demo.tandem", subject=subject)
    smtp.wait_for_message("mex@demo.tandem", subject=subject)
    time.sleep(5)  # several passes of both jobs
    sent = [m["X-Envelope-To"] for m in smtp.messages() if subject in m["Subject"]]
    assert sorted(sent) == ["mex@demo.tandem", "peru@demo.tandem"]

