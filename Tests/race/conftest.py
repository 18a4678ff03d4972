"""Race tests: requests sent at the same moment from many sessions against a real `tandem serve` (a fresh
SQLite database for each test, the development seed's demo accounts and pool), then the database and the
answers checked for what the rules promise. TANDEM_BIN names the binary to run."""
import os
import sys
import tempfile

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "support"))
from fixtures import serve, smtp  # noqa: E402, F401 (a fixture)
from racing import Database  # noqa: E402

# Visits must be planned weeks ahead and the call must be open: the server's clock is held at a moment when
# the dates the tests use are valid, whatever day CI runs on.
NOW = "2026-01-05T09:00:00Z"


@pytest.fixture(scope="module")
def clock_file():
    path = os.path.join(tempfile.mkdtemp(prefix="tandem-clock-"), "now")
    with open(path, "w") as file:
        file.write(NOW)
    return path


@pytest.fixture
def tandem(smtp, clock_file):  # noqa: F811
    """A fresh server for each test, so one test's races cannot hide or cause another's."""
    server = serve(smtp, TANDEM_ENV="development", TANDEM_CLOCK_FILE=clock_file)
    yield server
    alive = server.process.poll() is None
    server.stop()
    assert alive, f"tandem serve stopped during the test; see {server.log.name}"


@pytest.fixture
def db(tandem):
    return Database(tandem)
