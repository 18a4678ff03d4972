"""Browser tests, driven by Debian's chromium and chromedriver, against a `tandem serve` they start with a
real SMTP server beside it (see Tests/support/harness.py). TANDEM_BIN names the binary to run."""
import os
import sys

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "support"))
from fixtures import serve, smtp  # noqa: E402, F401 (a fixture)


@pytest.fixture(scope="module")
def tandem(smtp):  # noqa: F811
    server = serve(smtp)
    yield server
    server.stop()


def make_driver(width, height):
    options = Options()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     f"--window-size={width},{height}", "--lang=en-GB"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "en-GB,en"})
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    driver.implicitly_wait(2)
    return driver


@pytest.fixture
def browser():
    driver = make_driver(1280, 900)
    yield driver
    driver.quit()


@pytest.fixture
def phone():
    driver = make_driver(390, 844)
    yield driver
    driver.quit()


@pytest.fixture
def url(tandem):
    return lambda path: tandem.url + path
