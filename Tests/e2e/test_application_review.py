"""The whole round of an application in a browser: a focal point writes a mentee application in French and is
told what is missing, completes and submits it; the Secretariat finds it in the right quarter and returns
it with a reason; the focal point gets the email, amends and submits again; the Secretariat accepts it."""
import os
import tempfile
from urllib.parse import urlparse

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from browsing import click_and_wait, fill, press, wait, wait_for_path, wait_for_text
from browsing import sign_in as sign_in_at
from harness import body_text, link_in

GHANA = ("ghana@demo.tandem", "tandem demo only")
OFFICER = ("secretariat@demo.tandem", "tandem demo only")


def sign_in(browser, url, email, password):
    sign_in_at(browser, url(""), email, password, lang="fr")


def fill_area(browser, index, key):
    Select(browser.find_element(By.ID, f"f-areas-{index}-key")).select_by_value(key)
    for level in ("outputs", "outcomes"):
        prefix = f"f-resultsFramework-areas-{index}--{level}-0--"
        fill(browser, prefix + "statement", "Atelier tenu" if level == "outputs" else "Déclarations remises à temps")
        for name, value in (("description", "Agents formés"), ("baseline", "0"), ("target", "12"), ("unit", "agents"),
                            ("meansOfVerification", "Listes de présence")):
            fill(browser, f"{prefix}indicators-0--{name}", value)


def test_a_french_application_is_returned_amended_and_accepted(browser, url, smtp, tandem):
    sign_in(browser, url, *GHANA)
    browser.get(url("/programme/calls/2025-2027"))
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.apply button"))
    wait_for_path(browser, lambda path: path.endswith("/edit"))
    edit = urlparse(browser.current_url).path
    application = edit.rsplit("/", 1)[0]

    for field, value in (("f-nationalAuthority", "Autorité nationale du Ghana"), ("f-contactPerson", "Kofi Mensah"),
                         ("f-phone", "+233 30 000 0000"), ("f-motivation", "Renforcer la mise en œuvre de la Convention."),
                         ("f-needsAssessment", "Évaluation faite avec les parties prenantes."),
                         ("f-needsJustification", "La loi d’application est en attente."), ("f-actionPlanStatus", "Rédigé en 2024."),
                         ("f-contributionToPlan", "Les points 2 et 4 du plan."), ("f-headName", "Ama Owusu"),
                         ("f-headTitle", "Cheffe de l’autorité nationale"), ("f-signedOn", "2026-11-20"),
                         ("f-firstVisitFrom", "2027-04-01"), ("f-firstVisitTo", "2027-06-30")):
        fill(browser, field, value)
    Select(browser.find_element(By.ID, "f-mode")).select_by_value("seeking")
    Select(browser.find_element(By.ID, "f-sponsorshipRequired")).select_by_value("yes")
    Select(browser.find_element(By.ID, "f-needs-implementing_legislation")).select_by_value("1")
    Select(browser.find_element(By.ID, "f-preferredPartners")).select_by_value("NGA")
    Select(browser.find_element(By.ID, "f-partnerAgreementSought")).select_by_value("no")
    Select(browser.find_element(By.ID, "f-workingLanguages")).select_by_value("fr")
    press(browser, "add_expected")
    # The page comes back where the row was added, not at its top.
    assert browser.current_url.endswith("/edit#add-expected")
    assert browser.execute_script("return window.scrollY") > 0
    fill(browser, "f-expectedResults-0--description", "Projet de loi rédigé")
    fill(browser, "f-expectedResults-0--meansOfVerification", "Le projet de loi")
    press(browser, "add_area")
    fill_area(browser, 0, "national_authority")

    # Mandatory area 2 left out: the checklist names it, and everything typed is still there.
    press(browser, "submit")
    checklist = browser.find_element(By.ID, "checklist").text
    assert "Ce domaine obligatoire nécessite au moins un produit et un effet." in checklist
    assert "Joignez le formulaire signé par le chef de l’autorité nationale." in checklist
    assert browser.find_element(By.ID, "f-motivation").get_attribute("value") == "Renforcer la mise en œuvre de la Convention."
    assert browser.find_element(By.ID, "f-resultsFramework-areas-0--outputs-0--indicators-0--target").get_attribute("value") == "12"

    signed = os.path.join(tempfile.mkdtemp(), "formulaire-signe.pdf")
    with open(signed, "wb") as file:
        file.write(b"%PDF-1.4\n% signed by the Head of the National Authority\n")
    browser.find_element(By.ID, "signed-file").send_keys(signed)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[enctype] button[type=submit]"))
    wait_for_path(browser, edit)
    press(browser, "add_area")
    fill_area(browser, 1, "implementing_legislation")
    press(browser, "submit")
    wait_for_path(browser, application)
    assert browser.find_element(By.ID, "application-status").text == "Soumise pour examen"

    sign_in(browser, url, *OFFICER)
    browser.get(url("/programme/review"))
    queue = browser.find_element(By.TAG_NAME, "main").text
    assert "Examen du 31 décembre 2026" in queue or "Examen du 31 mars 2027" in queue
    # From the page the officer lands on, the application to review is one click away.
    browser.get(url("/tasks"))
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, f"#applications a[href='{application}']"))
    wait_for_path(browser, application)
    # A decision sent without an outcome opens on a summary above the heading, linking to the message by the field.
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action$='/decision'] button[type=submit]"))
    summary = browser.find_element(By.ID, "error-summary")
    assert summary.location["y"] < browser.find_element(By.TAG_NAME, "h1").location["y"]
    assert summary.location["y"] < browser.execute_script("return window.innerHeight")
    summary.find_element(By.CSS_SELECTOR, "a[href='#outcome-error']").click()
    # The jump to the message may land a moment after the click on a loaded machine.
    wait(browser).until(lambda d: d.execute_script(
        "const r = document.getElementById('outcome-error').getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight"))
    browser.find_element(By.CSS_SELECTOR, "input[name=outcome][value=returned]").click()
    fill(browser, "section4", "Ajoutez un indicateur de résultat pour la législation.")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action$='/decision'] button[type=submit]"))
    wait_for_text(browser, "application-status", "Renvoyée pour compléments")

    # The state was told its application arrived; every programme officer, that it waits for review.
    received = smtp.wait_for_message("ghana@demo.tandem", subject="was received")
    assert "quarterly review" in body_text(received)
    assert smtp.wait_for_message("secretariat@demo.tandem", subject="New application: Ghana")

    message = smtp.wait_for_message("ghana@demo.tandem", subject="needs completing")
    assert message["Subject"] == "Your application needs completing"
    assert "Ajoutez un indicateur de résultat pour la législation." in message.get_body(preferencelist=("plain",)).get_content()

    sign_in(browser, url, *GHANA)
    browser.get(link_in(message, tandem.url, "/applications/"))
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Modifier la candidature"))
    wait_for_path(browser, edit)
    fill(browser, "f-resultsFramework-areas-1--outcomes-0--indicators-0--description", "Loi adoptée par le Parlement")
    press(browser, "submit")
    wait_for_path(browser, application)

    sign_in(browser, url, *OFFICER)
    browser.get(url(application))
    browser.find_element(By.CSS_SELECTOR, "input[name=outcome][value=accepted]").click()
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action$='/decision'] button[type=submit]"))
    wait_for_text(browser, "application-status", "Acceptée")
    history = browser.find_element(By.CSS_SELECTOR, "ul.history").text
    assert history.count("→") == 4


def test_a_state_withdraws_its_application_and_applies_again(browser, url):
    # Applying takes Ghana to its application to this call, new or (after the test above) accepted.
    sign_in(browser, url, *GHANA)
    browser.get(url("/programme/calls/2025-2027"))
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.apply button"))
    wait_for_path(browser, lambda path: path.startswith("/applications/"))
    application = urlparse(browser.current_url).path.removesuffix("/edit")
    browser.get(url(application))

    browser.find_element(By.ID, "withdraw-heading").click()
    fill(browser, "withdraw-reason", "La direction a changé ; nous présenterons une candidature l’an prochain.")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action$='/withdraw'] button[type=submit]"))
    wait_for_text(browser, "application-status", "Retirée")
    assert "La direction a changé" in browser.find_element(By.CSS_SELECTOR, "ul.history").text
    assert not browser.find_elements(By.CSS_SELECTOR, "form[action$='/withdraw']")

    # Withdrawn, it no longer holds Ghana's place: applying again starts a new draft.
    browser.get(url("/programme/calls/2025-2027"))
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.apply button"))
    wait_for_path(browser, lambda path: path.endswith("/edit") and not path.startswith(application + "/"))
