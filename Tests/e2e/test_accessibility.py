"""Structure that assistive technology relies on, checked on every public page."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from browsing import click_and_wait, wait_for_path

PAGES = ["/", "/states", "/states/GBR", "/programme/partnerships", "/programme/partnerships/2016-GBR-MWI",
         "/programme/statistics", "/states/XYZ", "/account/sign-in", "/account/reset", "/programme/calls",
         "/programme/calls/2025-2027"]
SIGNED_IN_PAGES = ["/account", "/account/two-factor/setup", "/admin/invitations", "/admin/users", "/admin/audit",
                   "/admin/outbox", "/states/GHA/national-authority/edit", "/applications", "/programme/review",
                   "/programme/calls/new", "/programme/calls/2025-2027/edit",
                   "/programme/calls/2025-2027/matching", "/proposals"]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_landmarks_one_heading_and_labelled_fields(browser, url, path):
    browser.get(url(path))
    check_structure(browser)


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_signed_in_page_has_landmarks_one_heading_and_labelled_fields(browser, url, path):
    browser.get(url("/account/sign-in"))
    browser.find_element(By.ID, "email").send_keys("admin@demo.tandem")
    browser.find_element(By.ID, "password").send_keys("tandem demo only")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    wait_for_path(browser, "/tasks")
    browser.get(url(path))
    assert browser.current_url.endswith(path)
    check_structure(browser)


def check_structure(browser):
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") in ("en", "fr", "es")
    assert browser.title.endswith("· Tandem")
    assert len(browser.find_elements(By.TAG_NAME, "h1")) == 1
    assert len(browser.find_elements(By.CSS_SELECTOR, "main#main")) == 1
    assert browser.find_elements(By.CSS_SELECTOR, "nav[aria-label]")
    for field in browser.find_elements(By.CSS_SELECTOR, "input:not([type=hidden]), select, textarea"):
        field_id = field.get_attribute("id")
        assert field_id and browser.find_elements(By.CSS_SELECTOR, f"label[for='{field_id}']"), field.get_attribute("name")
    for chart in browser.find_elements(By.TAG_NAME, "svg"):
        assert chart.get_attribute("role") == "img"
        assert chart.get_attribute("aria-labelledby")


def test_the_first_tab_reaches_the_skip_link(browser, url):
    browser.get(url("/states"))
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    active = browser.switch_to.active_element
    assert active.get_attribute("href").endswith("#main")
