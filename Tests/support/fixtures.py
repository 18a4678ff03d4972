"""pytest fixtures shared by the suites that run Tandem beside a real SMTP server."""
import os
import tempfile

import pytest

from harness import SMTPServer, TandemServer


@pytest.fixture(scope="module")
def smtp():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


def serve(smtp, directory=None, **settings):
    """A `tandem serve` that sends its mail to `smtp`, with extra environment settings; `directory` starts it
    again on an earlier instance's database and uploads."""
    return TandemServer(dict({"SMTP_URL": smtp.url, "SMTP_CA_FILE": smtp.cert, "TANDEM_MAIL_POLL_SECONDS": "1"}, **settings),
                        directory=directory)


def movable_clock(start):
    """The file a server reads the time from (`TANDEM_CLOCK_FILE`, at `.path`), set to `start`; calling the
    result with a new moment moves the server's time there."""
    path = os.path.join(tempfile.mkdtemp(prefix="tandem-clock-"), "now")

    def move(moment):
        with open(path, "w") as file:
            file.write(moment)
    move(start)
    move.path = path
    return move
