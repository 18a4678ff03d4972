"""Accessibility checks: every page Tandem serves, as each kind of person sees it, audited with axe-core 4.x in
Debian's chromium at a phone's width and a desktop's, in English, French and Spanish."""
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "support"))
from fixtures import serve, smtp  # noqa: E402, F401 (a fixture)


@pytest.fixture(scope="module")
def tandem(smtp):  # noqa: F811
    server = serve(smtp)
    yield server
    server.stop()
