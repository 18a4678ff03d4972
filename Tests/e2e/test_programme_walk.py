"""One partnership's whole life as the 2025-2027 call describes it, in a browser with a real SMTP server and the
server's clock moved through the year. Ghana applies to be mentored with a qualitative indicator ("implementing
law adopted") and its signed form; the Secretariat reads the signed form and accepts; the matching pairs Ghana
with Mexico and both accept. Ghana proposes a change to the results framework, which the Secretariat accepts;
the Secretariat schedules the initial bilateral meeting. The partners plan two visits, the second first with the
same host and refused; the Secretariat sets the year's budget, records the sponsorship costs and confirms both
visits. Ghana's interim report is co-signed by Mexico; the joint final report is written, co-signed and
accepted; the Secretariat asks for a follow-up, which Ghana writes and Mexico co-signs. Every email the Secretariat and the partners
are owed on the way arrives."""
import os
import tempfile
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from browsing import click_and_wait, fill, press, sign_in, wait_for_path, wait_for_text
from fixtures import movable_clock, serve, smtp  # noqa: F401 (a fixture)
from harness import body_text, link_in

PASSWORD = "tandem demo only"
OFFICER, GHANA, MEXICO, UK = "secretariat@demo.tandem", "ghana@demo.tandem", "mex@demo.tandem", "uk@demo.tandem"
SIGNED = b"%PDF-1.4\n% application form signed and sealed by the Head of the National Authority of Ghana\n"


@pytest.fixture(scope="module")
def clock():
    """The file the server reads the time from; the test writes a new moment to move it."""
    return movable_clock("2026-12-02T09:00:00Z")


@pytest.fixture(scope="module")
def server(smtp, clock):  # noqa: F811
    instance = serve(smtp, TANDEM_CLOCK_FILE=clock.path)
    yield instance
    instance.stop()


def as_person(browser, url, email):
    sign_in(browser, url, email, PASSWORD, lang="en")


def fetch(browser, address):
    """The response to `address` with the browser's cookies: what a reader opening it would get."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    return urllib.request.urlopen(urllib.request.Request(address, headers={"Cookie": cookies}), timeout=30)


def apply(browser, url):
    """Ghana's mentee application, its legislation outcome measured on the status scale."""
    browser.get(url + "/programme/calls/2025-2027")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.apply button"))
    wait_for_path(browser, lambda path: path.endswith("/edit"))
    edit = browser.current_url.removeprefix(url)
    for field, value in (("f-nationalAuthority", "National Authority of Ghana"), ("f-contactPerson", "Kofi Mensah"),
                         ("f-phone", "+233 30 000 0000"), ("f-motivation", "To strengthen the implementation of the Convention."),
                         ("f-needsAssessment", "Assessed with the stakeholders in 2026."),
                         ("f-needsJustification", "The implementing law is pending."), ("f-actionPlanStatus", "Drafted in 2024."),
                         ("f-contributionToPlan", "Items 2 and 4 of the plan."), ("f-headName", "Ama Owusu"),
                         ("f-headTitle", "Head of the National Authority"), ("f-signedOn", "2026-11-30"),
                         ("f-firstVisitFrom", "2027-03-01"), ("f-firstVisitTo", "2027-05-31")):
        fill(browser, field, value)
    Select(browser.find_element(By.ID, "f-mode")).select_by_value("seeking")
    Select(browser.find_element(By.ID, "f-sponsorshipRequired")).select_by_value("yes")
    Select(browser.find_element(By.ID, "f-needs-implementing_legislation")).select_by_value("1")
    Select(browser.find_element(By.ID, "f-preferredPartners")).select_by_value("MEX")
    Select(browser.find_element(By.ID, "f-partnerAgreementSought")).select_by_value("no")
    Select(browser.find_element(By.ID, "f-workingLanguages")).select_by_value("en")
    press(browser, "add_expected")
    fill(browser, "f-expectedResults-0--description", "Draft implementing law")
    fill(browser, "f-expectedResults-0--meansOfVerification", "The draft law")
    for index, key in enumerate(("national_authority", "implementing_legislation")):
        press(browser, "add_area")
        Select(browser.find_element(By.ID, f"f-areas-{index}-key")).select_by_value(key)
        for level, statement in (("outputs", "Workshop held"), ("outcomes", "Declarations on time")):
            prefix = f"f-resultsFramework-areas-{index}--{level}-0--"
            fill(browser, prefix + "statement", statement)
            for name, value in (("description", "Officials trained"), ("baseline", "0"), ("target", "12"), ("unit", "officials"),
                                ("meansOfVerification", "Attendance lists")):
                fill(browser, f"{prefix}indicators-0--{name}", value)
    # The law is adopted or not: a step of the status scale, no unit.
    law = "f-resultsFramework-areas-1--outcomes-0--indicators-0--"
    fill(browser, law + "description", "Implementing law adopted")
    Select(browser.find_element(By.ID, law + "measure")).select_by_value("status")
    press(browser, "save")
    assert not browser.find_elements(By.ID, law + "unit")
    Select(browser.find_element(By.ID, law + "baseline")).select_by_value("not_started")
    Select(browser.find_element(By.ID, law + "target")).select_by_value("achieved")
    press(browser, "save")
    signed = os.path.join(tempfile.mkdtemp(), "signed-application.pdf")
    with open(signed, "wb") as file:
        file.write(SIGNED)
    browser.find_element(By.ID, "signed-file").send_keys(signed)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[enctype] button[type=submit]"))
    wait_for_path(browser, edit)
    press(browser, "submit")
    application = edit.removesuffix("/edit")
    wait_for_path(browser, application)
    assert browser.find_element(By.ID, "application-status").text == "Submitted for review"
    return application


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


def write_report(browser, fields, status):
    """Fills a report's texts and every indicator's value: a number, or `status` on the scale."""
    for field, text in fields.items():
        fill(browser, field, text)
    for value in browser.find_elements(By.CSS_SELECTOR, "[name$='[actual]']"):
        if value.tag_name == "select":
            Select(value).select_by_value(status)
        else:
            value.clear()
            value.send_keys("12")


def accept_report(browser, address):
    browser.get(address)
    browser.find_element(By.ID, "decision-accept").click()
    click_and_wait(browser, browser.find_element(By.ID, "send-review"))
    assert browser.find_element(By.ID, "report-status").text == "Accepted"


def test_a_partnership_as_the_call_describes_it(browser, server, smtp, clock):  # noqa: F811
    url = server.url

    # Another state withdraws its application to the call: the Secretariat is told.
    as_person(browser, url, UK)
    browser.get(url + "/programme/calls/2025-2027")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.apply button"))
    wait_for_path(browser, lambda path: path.startswith("/applications/"))
    browser.get(browser.current_url.removesuffix("/edit"))
    browser.find_element(By.ID, "withdraw-heading").click()
    fill(browser, "withdraw-reason", "We will offer mentorship next year.")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action$='/withdraw'] button[type=submit]"))
    assert "We will offer mentorship next year." in body_text(smtp.wait_for_message(OFFICER, subject="withdrew its application"))

    # Ghana applies; it is told its application arrived, and every programme officer that it waits for review.
    as_person(browser, url, GHANA)
    application = apply(browser, url)
    assert "quarterly review" in body_text(smtp.wait_for_message(GHANA, subject="was received"))
    assert smtp.wait_for_message(OFFICER, subject="New application: Ghana")

    # The Secretariat reads the signed form as uploaded, then accepts the application.
    as_person(browser, url, OFFICER)
    browser.get(url + application)
    frame = browser.find_element(By.CSS_SELECTOR, "#signed-form iframe")
    signed = fetch(browser, frame.get_attribute("src"))
    assert signed.headers["Content-Type"] == "application/pdf" and signed.read() == SIGNED
    assert "inline" in signed.headers["Content-Disposition"]
    assert "Implementing law adopted" in browser.find_element(By.TAG_NAME, "main").text
    browser.find_element(By.CSS_SELECTOR, "input[name=outcome][value=accepted]").click()
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action$='/decision'] button[type=submit]"))
    wait_for_text(browser, "application-status", "Accepted")
    assert smtp.wait_for_message(GHANA, subject="has been accepted")

    # Matching: the Secretariat pairs Ghana with Mexico by hand, runs again and approves; both accept.
    browser.get(url + "/programme/calls/2025-2027/matching")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.matching-form button[type=submit]"))
    Select(browser.find_element(By.ID, "manual-mentee")).select_by_value("GHA")
    Select(browser.find_element(By.ID, "manual-mentor")).select_by_value("MEX")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.manual button[type=submit]"))
    if browser.find_elements(By.ID, "manual-warning"):
        browser.find_element(By.ID, "confirm").click()
        click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.manual button[type=submit]"))
    assert browser.find_elements(By.CSS_SELECTOR, "#pairs tr[data-pair='GHA-MEX']")
    click_and_wait(browser, browser.find_element(By.ID, "approve"))
    proposal = link_in(smtp.wait_for_message(GHANA, subject="A partnership proposal"), url, "/proposals/")
    for person in (GHANA, MEXICO):
        as_person(browser, url, person)
        browser.get(proposal)
        browser.find_element(By.ID, "answer-accepted").click()
        click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form.stacked button[type=submit]"))
    # Mexico's acceptance, the second, begins the partnership and leads into its workspace.
    wait_for_path(browser, lambda path: path.startswith("/partnerships/"))
    workspace = browser.current_url.split("?")[0]
    assert browser.find_element(By.ID, "partnership-status").text == "Active"
    assert smtp.wait_for_message(GHANA, subject="has begun")

    # Ghana proposes one change to the results framework; the Secretariat accepts it.
    as_person(browser, url, GHANA)
    browser.get(workspace + "/framework")
    fill(browser, "f-resultsFramework-areas-0--outputs-0--indicators-0--target", "15")
    fill(browser, "reason", "Three more officials joined the National Authority.")
    click_and_wait(browser, browser.find_element(By.ID, "propose-framework"))
    assert "12 → 15" in browser.find_element(By.ID, "pending").text
    assert "Three more officials" in body_text(smtp.wait_for_message(OFFICER, subject="a change to decide"))
    as_person(browser, url, OFFICER)
    browser.get(workspace + "/framework")
    browser.find_element(By.CSS_SELECTOR, "input[name=decision][value=accepted]").click()
    click_and_wait(browser, browser.find_element(By.ID, "decide-framework"))
    assert not browser.find_elements(By.ID, "pending")
    assert smtp.wait_for_message(MEXICO, subject="change 1 accepted")

    # The initial bilateral meeting, scheduled online by the Secretariat; the partners get the date and a calendar.
    browser.get(workspace)
    browser.execute_script("document.querySelectorAll('#meetings details').forEach(d => d.open = true)")
    fill(browser, "schedule-day", "2027-01-15")
    fill(browser, "schedule-time", "14:30")
    Select(browser.find_element(By.ID, "schedule-online")).select_by_value("yes")
    fill(browser, "schedule-place", "https://meet.example.org/gha-mex")
    fill(browser, "schedule-participants", "Heads of both National Authorities and the Secretariat")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action$='/meetings/schedule'] button[type=submit]"))
    meeting = smtp.wait_for_message(GHANA, subject="Initial bilateral meeting")
    assert "15 January 2027" in meeting["Subject"] and "https://meet.example.org/gha-mex" in body_text(meeting)

    # Two visits: Ghana's officials to Mexico, then Mexico's to Ghana; Mexico hosting both is refused.
    as_person(browser, url, GHANA)
    browser.get(workspace + "/visits/new")
    visit_form(browser, "MEX", "2027-03-01", "2027-03-05", [("Ama Owusu", "management"), ("Kwame Boateng", "staff")])
    click_and_wait(browser, browser.find_element(By.ID, "propose"))
    wait_for_path(browser, workspace.removeprefix(url) + "/visits/1")
    assert smtp.wait_for_message(OFFICER, subject="Visit 1 of")
    browser.get(workspace + "/visits/new")
    visit_form(browser, "MEX", "2027-06-14", "2027-06-18", [("Kofi Mensah", "management")])
    click_and_wait(browser, browser.find_element(By.ID, "propose"))
    assert "Mexico already hosts the other visit" in browser.find_element(By.ID, "rule-checks").text
    assert browser.find_element(By.ID, "delegates-0-name").get_attribute("value") == "Kofi Mensah"
    browser.find_element(By.CSS_SELECTOR, "#host option[value='GHA']").click()
    click_and_wait(browser, browser.find_element(By.ID, "propose"))
    wait_for_path(browser, workspace.removeprefix(url) + "/visits/2")

    # The Secretariat sets the year's budget, plans the sponsorship of the first visit, and confirms both.
    as_person(browser, url, OFFICER)
    browser.get(url + "/programme/budget/2025-2027/2027")
    fill(browser, "amount", "60 000")
    fill(browser, "note", "Programme budget line for 2027")
    click_and_wait(browser, browser.find_element(By.ID, "save-budget"))
    costs = workspace + "/visits/1/costs"
    browser.get(costs)
    for line, amount in enumerate(("950", "400", "60", "950", "400", "60")):
        fill(browser, f"cost-{line}-planned", amount)
    click_and_wait(browser, browser.find_element(By.ID, "save-costs"))
    assert browser.find_element(By.ID, "costs-saved")
    assert "€2,820.00" in browser.find_element(By.ID, "costs-totals").text
    for number in (1, 2):
        browser.get(workspace + f"/visits/{number}")
        click_and_wait(browser, browser.find_element(By.ID, "confirm"))
        assert browser.find_element(By.ID, "visit-status").text == "Confirmed"
    assert smtp.wait_for_message(GHANA, subject="Visit 2 of")
    browser.get(costs)
    fill(browser, "cost-0-actual", "1 012,40")
    click_and_wait(browser, browser.find_element(By.ID, "save-costs"))
    assert "€1,012.40" in browser.find_element(By.ID, "costs-totals").text
    browser.get(url + "/programme/budget")
    row = browser.find_element(By.XPATH, "//table[@id='budget']//tr[td[normalize-space()='2027']]").text
    assert "€60,000.00" in row and "€1,870.00" in row and "€1,012.40" in row and "€57,117.60" in row

    # After the first visit Ghana writes the interim report and asks Mexico to co-sign it.
    clock("2027-03-08T09:00:00Z")
    as_person(browser, url, GHANA)
    browser.get(workspace + "/visits/1")
    click_and_wait(browser, browser.find_element(By.ID, "complete"))
    browser.get(workspace + "/reports/interim_1")
    write_report(browser, {"activities": "Meetings and a workshop on declarations", "participants": "Ama Owusu, Kwame Boateng",
                           "analysis": "The model law was covered", "nextSteps": "Draft the implementing law"}, "under_way")
    browser.find_element(By.CSS_SELECTOR, "input[name=askCosignature]").click()
    click_and_wait(browser, browser.find_element(By.ID, "submit-report"))
    assert browser.find_element(By.ID, "report-status").text == "Awaiting co-signature"
    assert smtp.wait_for_message(MEXICO, subject="waiting for your co-signature")
    as_person(browser, url, MEXICO)
    browser.get(workspace + "/reports/interim_1")
    click_and_wait(browser, browser.find_element(By.ID, "cosign"))
    assert browser.find_element(By.ID, "report-status").text == "Submitted to the Secretariat"
    assert smtp.wait_for_message(OFFICER, subject="Report to review: Interim report after the first visit")
    as_person(browser, url, OFFICER)
    accept_report(browser, workspace + "/reports/interim_1")

    # After the second visit, the joint final report: written by Ghana, co-signed by Mexico, accepted.
    clock("2027-06-21T09:00:00Z")
    as_person(browser, url, GHANA)
    browser.get(workspace + "/visits/2")
    click_and_wait(browser, browser.find_element(By.ID, "complete"))
    browser.get(workspace + "/reports/final")
    write_report(browser, {"analysis": "The partnership met its targets", "legislationChanges": "The implementing law was adopted",
                           "implementationChanges": "Declarations are submitted on time"}, "achieved")
    click_and_wait(browser, browser.find_element(By.ID, "submit-report"))
    assert browser.find_element(By.ID, "report-status").text == "Awaiting co-signature"
    as_person(browser, url, MEXICO)
    browser.get(workspace + "/reports/final")
    click_and_wait(browser, browser.find_element(By.ID, "cosign"))
    assert smtp.wait_for_message(OFFICER, subject="Report to review: Joint final report")
    as_person(browser, url, OFFICER)
    accept_report(browser, workspace + "/reports/final")
    browser.get(workspace)
    assert "Achieved" in browser.find_element(By.ID, "results").text

    # Follow-up of results: the Secretariat asks, Ghana answers.
    browser.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    fill(browser, "follow-up-due", "2027-12-21")
    fill(browser, "follow-up-request", "Has the implementing law entered into force?")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action$='/follow-ups'] button[type=submit]"))
    request = smtp.wait_for_message(GHANA, subject="Follow-up of the partnership")
    assert "Has the implementing law entered into force?" in body_text(request)
    as_person(browser, url, GHANA)
    browser.get(link_in(request, url, "/partnerships/"))
    write_report(browser, {"analysis": "In force since June", "legislationChanges": "Regulations issued",
                           "implementationChanges": "Customs trained"}, "achieved")
    click_and_wait(browser, browser.find_element(By.ID, "submit-report"))
    follow_up = browser.current_url
    assert browser.find_element(By.ID, "report-status").text == "Awaiting co-signature"
    as_person(browser, url, MEXICO)
    browser.get(follow_up)
    click_and_wait(browser, browser.find_element(By.ID, "cosign"))
    assert browser.find_element(By.ID, "report-status").text == "Submitted to the Secretariat"
    assert smtp.wait_for_message(OFFICER, subject="Report to review: Follow-up request")
