"""The clearing-house from end to end, as its people use it: a partner organisation drafts an opportunity in French and
sends it for review; the Secretariat returns it with a reason, then publishes it; anyone finds it by a French query
typed without accents and by a facet; a search Ghana's focal point saved emails her about it the next morning; the
Atom feed lists it; and Ghana's need for customs training shows it as a suggestion, saying why."""
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from browsing import click_and_wait, fill, press, sign_in, wait_for_path
from fixtures import movable_clock, serve, smtp  # noqa: F401 (a fixture)
from harness import body_text

PASSWORD = "tandem demo only"
PARTNER, OFFICER, GHANA = "partner@demo.tandem", "secretariat@demo.tandem", "ghana@demo.tandem"
TITLE = "Formation à la sécurité des frontières chimiques"


@pytest.fixture(scope="module")
def clock():
    return movable_clock("2026-12-03T09:00:00Z")


@pytest.fixture(scope="module")
def server(smtp, clock):  # noqa: F811
    instance = serve(smtp, TANDEM_CLOCK_FILE=clock.path, TANDEM_DEADLINES_POLL_SECONDS="1")
    yield instance
    instance.stop()


def choose(driver, element_id, value):
    Select(driver.find_element(By.ID, element_id)).select_by_value(value)


def tick(driver, element_id):
    box = driver.find_element(By.ID, element_id)
    if not box.is_selected():
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
        box.click()


def results(driver):
    return [link.text for link in driver.find_elements(By.CSS_SELECTOR, "ol.record-hits > li > a")]


def test_an_opportunity_goes_from_draft_to_found_followed_and_suggested(browser, phone, server, smtp, clock):  # noqa: F811
    base = server.url

    # Ghana's focal point, on her phone, saves a search for security opportunities with a daily email.
    sign_in(phone, base, GHANA, PASSWORD)
    phone.get(base + "/clearing-house/opportunities?q=securite")
    phone.find_element(By.CSS_SELECTOR, "#save-search summary").click()
    fill(phone, "saved-name", "Sécurité")
    choose(phone, "saved-frequency", "daily")
    click_and_wait(phone, phone.find_element(By.ID, "save-search-button"))
    wait_for_path(phone, "/clearing-house/saved")
    assert "Sécurité" in phone.find_element(By.CSS_SELECTOR, ".saved-searches").text
    clock("2026-12-03T10:00:00Z")

    # The partner drafts the opportunity in French; sent incomplete, it comes back with each message by its field.
    sign_in(browser, base, PARTNER, PASSWORD)
    browser.get(base + "/clearing-house/opportunities/new")
    choose(browser, "language", "fr")
    fill(browser, "title", TITLE)
    choose(browser, "opportunityKind", "course")
    press(browser, "submit")
    assert browser.find_element(By.ID, "provider-error").is_displayed()
    assert browser.find_element(By.ID, "title").get_attribute("value") == TITLE
    fill(browser, "provider", "Demo Partner Organisation")
    fill(browser, "summary", "Deux semaines pour les douaniers : reconnaître les produits chimiques inscrits aux frontières.")
    fill(browser, "howToApply", "Par l’autorité nationale, avant la date limite.")
    tick(browser, "areas-transfers_control")
    tick(browser, "groups-africa")
    tick(browser, "languages-fr")
    tick(browser, "languages-en")
    press(browser, "save")
    wait_for_path(browser, lambda path: path.startswith("/clearing-house/records/"))
    record = browser.current_url.split("?")[0]
    click_and_wait(browser, browser.find_element(By.XPATH, "//form[contains(@action, '/submit')]/button"))
    assert "Waiting for review" in browser.find_element(By.ID, "record-status").text
    smtp.wait_for_message(OFFICER, subject="For review")

    # The Secretariat returns it with a reason; the partner reads the reason in an email and on the page.
    sign_in(browser, base, OFFICER, PASSWORD)
    browser.get(base + "/clearing-house/review")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, TITLE))
    fill(browser, "reason", "Indiquez la date limite.")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#return-form button[type=submit]"))
    returned = smtp.wait_for_message(PARTNER, subject="Returned")
    assert "Indiquez la date limite." in body_text(returned)

    sign_in(browser, base, PARTNER, PASSWORD)
    browser.get(record)
    assert "Indiquez la date limite." in browser.find_element(By.ID, "record-status").text
    click_and_wait(browser, browser.find_element(By.ID, "record-edit"))
    fill(browser, "deadline", "2027-03-31")
    press(browser, "submit")
    assert "Waiting for review" in browser.find_element(By.ID, "record-status").text

    # The Secretariat publishes it from the queue, ticking it among the requests waiting.
    sign_in(browser, base, OFFICER, PASSWORD)
    browser.get(base + "/clearing-house/review")
    row = browser.find_element(By.XPATH, f"//tr[.//a[normalize-space()='{TITLE}']]")
    row.find_element(By.CSS_SELECTOR, "input[type=checkbox]").click()
    click_and_wait(browser, browser.find_element(By.ID, "publish-chosen"))
    assert TITLE not in browser.page_source
    smtp.wait_for_message(PARTNER, subject="Published")

    # Anyone finds it by French words typed without accents, and by a facet.
    browser.delete_all_cookies()
    browser.get(base + "/clearing-house/opportunities")
    fill(browser, "record-q", "securite frontieres")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.search-form button[type=submit]"))
    assert results(browser) == [TITLE]
    assert browser.find_element(By.CSS_SELECTOR, "mark").text.lower().startswith("fronti")
    browser.get(base + "/clearing-house/opportunities")
    facet = browser.find_element(By.XPATH, "//section[@aria-labelledby='facet-groups']//a[normalize-space()='Africa']")
    click_and_wait(browser, facet)
    assert TITLE in results(browser) and "f.groups=africa" in browser.current_url
    assert "Africa ×" in browser.find_element(By.CSS_SELECTOR, ".chosen-filters").text

    # The next morning, Ghana's saved search emails her the new opportunity.
    clock("2026-12-04T07:00:00Z")
    alert = smtp.wait_for_message(GHANA, subject="New in the clearing-house")
    assert TITLE in body_text(alert) and "/clearing-house/saved" in body_text(alert)

    # The Atom feed lists it, in French.
    with urllib.request.urlopen(base + "/clearing-house/opportunities.atom?lang=fr") as response:
        feed = response.read().decode()
    assert f'<title xml:lang="fr">{TITLE}</title>' in feed

    # Ghana's need for customs training shows it as a suggestion, with why.
    phone.get(base + "/clearing-house/needs")
    click_and_wait(phone, phone.find_element(By.LINK_TEXT, "Training for customs officers at the ports"))
    suggestion = phone.find_element(By.XPATH, f"//section[@id='matches']//li[a[normalize-space()='{TITLE}']]")
    why = suggestion.find_element(By.CSS_SELECTOR, ".why").text
    assert "same thematic area" in why and "same regional group" in why and "the kind of help sought" in why
