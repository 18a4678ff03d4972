"""A partnership's life in a browser, with a real SMTP server and the server's clock moved through the year:
a proposal both National Authorities accept becomes an active partnership; the partners plan the first
visit with a delegation of two (one from management), try the second too soon and are shown the rule,
then plan it correctly; the Secretariat confirms both. After the first visit the interim report is due and
a reminder arrives; the report is returned for revision and then accepted; the final report falls due six
months after the second visit. The partner's calendar feed reads in a calendar parser, and the results
export validates against the IATI 2.03 schema."""
import os
import urllib.request

import icalendar
import pytest
from lxml import etree
from selenium.webdriver.common.by import By

from browsing import click_and_wait, fill, sign_in, wait_for_path, wait_for_text
from fixtures import movable_clock, serve, smtp  # noqa: F401 (a fixture)
from harness import body_text, link_in, wait_until

PASSWORD = "tandem demo only"
OFFICER, PERU, MEXICO = "secretariat@demo.tandem", "peru@demo.tandem", "mex@demo.tandem"
SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "iati-2.03", "iati-activities-schema.xsd")


@pytest.fixture(scope="module")
def clock():
    """The file the server reads the time from; the test writes a new moment to move it."""
    return movable_clock("2026-01-05T09:00:00Z")


@pytest.fixture(scope="module")
def server(smtp, clock):  # noqa: F811
    instance = serve(smtp, TANDEM_CLOCK_FILE=clock.path, TANDEM_DEADLINES_POLL_SECONDS="1")
    yield instance
    instance.stop()


def visit_form(browser, host, start, end, delegates):
    browser.find_element(By.CSS_SELECTOR, f"#host option[value='{host}']").click()
    fill(browser, "start", start)
    fill(browser, "end", end)
    for index, (name, role) in enumerate(delegates):
        fill(browser, f"delegates-{index}-name", name)
        browser.find_element(By.CSS_SELECTOR, f"#delegates-{index}-role option[value='{role}']").click()
        box = browser.find_element(By.ID, f"delegates-{index}-sponsored")
        if not box.is_selected():
            box.click()
    fill(browser, "agenda-0-day", start)
    fill(browser, "agenda-0-activity", "Meeting with the National Authority")


def test_a_partnership_from_acceptance_to_its_reports(browser, server, smtp, clock):  # noqa: F811
    url = server.url
    # The Secretariat matches the pool and approves the first run; Peru–Mexico is among its pairs.
    sign_in(browser, url, OFFICER, PASSWORD)
    browser.get(url + "/programme/calls/2025-2027/matching")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.matching-form button[type=submit]"))
    assert browser.find_elements(By.CSS_SELECTOR, "#pairs tr[data-pair='PER-MEX']")
    click_and_wait(browser, browser.find_element(By.ID, "approve"))
    proposal = link_in(smtp.wait_for_message(PERU), url, "/proposals/")

    for person in (PERU, MEXICO):
        sign_in(browser, url, person, PASSWORD)
        browser.get(proposal)
        browser.find_element(By.ID, "answer-accepted").click()
        click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form.stacked button[type=submit]"))
    # The second acceptance leads into the partnership it began.
    wait_for_path(browser, lambda path: path.startswith("/partnerships/"))
    assert "the partnership has begun" in browser.find_element(By.ID, "confirmation").text
    browser.get(proposal)
    wait_for_text(browser, "proposal-status", "accepted by both")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#partnership-started a"))
    workspace = browser.current_url
    assert browser.find_element(By.ID, "partnership-status").text == "Active"
    assert "partnership of Mexico with Peru has begun" in body_text(smtp.wait_for_message(MEXICO, subject="has begun"))

    # The first visit: Peru's officials go to Mexico, two sponsored, one from management.
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Plan a visit"))
    visit_form(browser, "MEX", "2026-03-02", "2026-03-06", [("Rosa Méndez", "management"), ("Jorge Ruiz", "staff")])
    click_and_wait(browser, browser.find_element(By.ID, "propose"))
    wait_for_path(browser, workspace.split(url)[1] + "/visits/1")
    assert browser.find_element(By.ID, "visit-status").text == "Proposed"

    # The second visit too soon after the first: the rule with its figures, and the form as typed.
    sign_in(browser, url, PERU, PASSWORD)
    browser.get(workspace + "/visits/new")
    visit_form(browser, "PER", "2026-05-04", "2026-05-08", [("Ana Torres", "management")])
    click_and_wait(browser, browser.find_element(By.ID, "propose"))
    assert ("The second visit starts 59 days after the first ends; the call requires at least 3 months"
            in browser.find_element(By.ID, "rule-checks").text)
    assert browser.find_element(By.ID, "delegates-0-name").get_attribute("value") == "Ana Torres"
    fill(browser, "start", "2026-06-08")
    fill(browser, "end", "2026-06-12")
    fill(browser, "agenda-0-day", "2026-06-08")
    click_and_wait(browser, browser.find_element(By.ID, "propose"))
    wait_for_path(browser, workspace.split(url)[1] + "/visits/2")

    # The Secretariat confirms both; the partners hear of it.
    sign_in(browser, url, OFFICER, PASSWORD)
    for number in (1, 2):
        browser.get(workspace + f"/visits/{number}")
        click_and_wait(browser, browser.find_element(By.ID, "confirm"))
        assert browser.find_element(By.ID, "visit-status").text == "Confirmed"
    assert "Visit 2" in smtp.wait_for_message(PERU, subject="Visit 2")["Subject"]

    # After the first visit the interim report is due on 5 April; a reminder comes on 23 March.
    clock("2026-03-23T08:00:00Z")
    reminder = smtp.wait_for_message(PERU, subject="the interim report after the first visit")
    assert reminder["Subject"] == "Due on 5 April 2026: the interim report after the first visit"
    assert link_in(reminder, url, "/partnerships/").endswith("/reports/interim_1")

    sign_in(browser, url, PERU, PASSWORD)
    browser.get(workspace + "/visits/1")
    click_and_wait(browser, browser.find_element(By.ID, "complete"))
    browser.get(workspace + "/reports/interim_1")
    fill(browser, "activities", "Meetings with the National Authority and a workshop on declarations")
    fill(browser, "participants", "Rosa Méndez and Jorge Ruiz (Peru); five officials of Mexico")
    fill(browser, "analysis", "The model law and the declarations were covered")
    fill(browser, "nextSteps", "Draft the implementing law")
    for field in browser.find_elements(By.CSS_SELECTOR, "input[name$='[actual]']"):
        field.send_keys("2")
    click_and_wait(browser, browser.find_element(By.ID, "submit-report"))
    assert browser.find_element(By.ID, "report-status").text == "Submitted to the Secretariat"

    # Returned for revision, revised, accepted.
    sign_in(browser, url, OFFICER, PASSWORD)
    browser.get(workspace + "/reports/interim_1")
    browser.find_element(By.ID, "decision-return").click()
    fill(browser, "comments", "Please list the Mexican participants by name.")
    click_and_wait(browser, browser.find_element(By.ID, "send-review"))
    assert browser.find_element(By.ID, "report-status").text == "Returned for revision"
    assert "list the Mexican participants" in body_text(smtp.wait_for_message(MEXICO, subject="returned for revision"))

    sign_in(browser, url, MEXICO, PASSWORD)
    browser.get(workspace + "/reports/interim_1")
    fill(browser, "participants", "Rosa Méndez, Jorge Ruiz (Peru); Luis Pérez, Marta Gil (Mexico)")
    click_and_wait(browser, browser.find_element(By.ID, "submit-report"))
    sign_in(browser, url, OFFICER, PASSWORD)
    browser.get(workspace + "/reports/interim_1")
    browser.find_element(By.ID, "decision-accept").click()
    click_and_wait(browser, browser.find_element(By.ID, "send-review"))
    assert browser.find_element(By.ID, "report-status").text == "Accepted"
    assert [item.text.split(" · ")[0] for item in browser.find_elements(By.CSS_SELECTOR, ".versions li strong")] == [
        "4. Accepted", "3. Submitted to the Secretariat", "2. Returned for revision", "1. Submitted to the Secretariat"]

    # The final report is due six months after the second visit ends (12 June).
    browser.get(workspace)
    rows = {row.find_element(By.TAG_NAME, "th").text: row.text for row in browser.find_elements(By.CSS_SELECTOR, "#report-list tbody tr")}
    assert "12 December 2026" in rows["Joint final report"]
    assert "Accepted" in rows["Interim report after the first visit"]

    # Peru's calendar feed reads in a calendar parser; the results export is valid IATI 2.03.
    sign_in(browser, url, PERU, PASSWORD)
    browser.get(url + "/account")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/account/calendar-feed'] button"))
    feed = browser.find_element(By.ID, "calendar-feed").text
    calendar = icalendar.Calendar.from_ical(urllib.request.urlopen(feed, timeout=30).read())
    events = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
    first = events["Visit 1: Peru to Mexico"]
    assert first.decoded("DTSTART").isoformat() == "2026-03-02" and first.decoded("DTEND").isoformat() == "2026-03-07"
    assert "Due: the joint final report (Mexico – Peru)" in events

    browser.get(workspace + "/iati.xml")
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    request = urllib.request.Request(workspace + "/iati.xml", headers={"Cookie": cookies})
    document = etree.fromstring(urllib.request.urlopen(request, timeout=30).read())
    schema = etree.XMLSchema(etree.parse(SCHEMA))
    assert schema.validate(document), schema.error_log
    actuals = document.findall(".//result[@type='1']/indicator/period/actual")
    assert actuals and all(actual.get("value") == "2" for actual in actuals)
