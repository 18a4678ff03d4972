"""Two `tandem serve` instances on one PostgreSQL (DATABASE_URL) sending through a slow mail server: each
instance claims one message at a time, just before sending it, so they share the queue and nothing leaves
twice. In a module of its own, so no other instance's worker is running meanwhile."""
import os
import time

import pytest

from fixtures import serve
from harness import Browser, SMTPServer

SUBJECT = "Choose a new Tandem password"


@pytest.fixture(scope="module")
def slow_mail():
    """A mail server that takes two seconds over each message."""
    server = SMTPServer(delay=2.0)
    server.start()
    yield server
    server.stop()


def test_a_slow_mail_server_never_makes_both_instances_send_the_same_message(slow_mail):
    """Both instances' workers run while the mail server is slow: each takes one message at a time, so they
    share the queue and each message leaves once."""
    settings = dict(DATABASE_URL=os.environ["DATABASE_URL"], TANDEM_MAIL_POLL_SECONDS="1")
    first, second = serve(slow_mail, **settings), serve(slow_mail, **settings)
    try:
        people = ["uk@demo.tandem", "peru@demo.tandem", "ken@demo.tandem", "mex@demo.tandem", "ghana@demo.tandem",
                  "secretariat@demo.tandem"]
        for person in people:
            status, _, _ = Browser(first.url).post("/account/reset", {"email": person})
            assert status == 200
        for person in people:
            slow_mail.wait_for_message(person, timeout=60, subject=SUBJECT)
        time.sleep(5)  # more passes of both workers
        sent = [m["X-Envelope-To"] for m in slow_mail.messages() if SUBJECT in m["Subject"]]
        assert sorted(sent) == sorted(people), sent
    finally:
        second.stop()
        first.stop()
