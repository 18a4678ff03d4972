"""Ghana's application to the open call (Ghana is kept out of the demo pool), started and autosaved from
several sessions at once."""
import json
import re
from functools import partial

from racing import CALL, ROUNDS, as_uuid, assert_no_server_errors, race, sessions, statuses

GHANA = "ghana@demo.tandem"
APPLY = f"/programme/calls/{CALL}/apply"
ACTIVE = ("SELECT a.id, a.form, a.version FROM applications a JOIN calls c ON c.id = a.call_id "
          "WHERE c.slug = ? AND a.state_iso3 = 'GHA' AND a.status NOT IN ('not_accepted', 'withdrawn')")
# The application form as the focal point fills it in (Tests/AppTests/ApplicationEditingTests.swift).
FIELDS = {
    "nationalAuthority": "Autorité nationale du Ghana", "contactPerson": "Kofi Mensah", "phone": "+233 30 000 0000",
    "emails": "na@example.gh, kofi@example.gh", "mode": "seeking", "sponsorshipRequired": "yes",
    "needsAssessment": "Faite avec les parties prenantes.", "needsJustification": "La loi est en attente.",
    "actionPlanStatus": "Rédigé en 2024.", "contributionToPlan": "Points 2 et 4.",
    "needs[implementing_legislation]": "1", "needs[national_authority]": "2",
    "preferredPartners[]": "NGA", "partnerAgreementSought": "no", "workingLanguages[]": "fr",
    "firstVisitFrom": "2026-04-01", "firstVisitTo": "2026-06-30",
    "expectedResults[0][description]": "Projet de loi rédigé", "expectedResults[0][meansOfVerification]": "Le projet",
    "headName": "Ama Owusu", "headTitle": "Cheffe de l’autorité nationale", "signedOn": "2026-01-10",
}


def application_of(location):
    """The application's id in /applications/{id} or /applications/{id}/edit."""
    return as_uuid(location.split("/")[2])


def test_starting_an_application_from_six_sessions_at_once_starts_one(tandem, db):
    ghana = sessions(tandem, [GHANA] * 6)
    for round in range(1, ROUNDS + 1):
        answers = race([partial(browser.post, APPLY, {}) for browser in ghana])

        assert_no_server_errors(answers)
        assert statuses(answers) == {303: 6}, f"round {round}: {statuses(answers)}"
        locations = [headers["Location"] for _, _, headers in answers]
        # The one that started it goes to its form; the others are taken to the application that exists.
        assert sum(location.endswith("/edit") for location in locations) == 1, f"round {round}: {locations}"
        assert len({application_of(location) for location in locations}) == 1, f"round {round}: {locations}"
        active = db.rows(ACTIVE, CALL)
        assert len(active) == 1, f"round {round}: {len(active)} active applications for Ghana"
        assert as_uuid(active[0][0]) == application_of(locations[0])

        # Withdrawn, it makes room for the next round's start.
        status, body, _ = ghana[0].post(f"/applications/{str(application_of(locations[0])).upper()}/withdraw", {"reason": "race test"})
        assert status == 303, f"withdrawing answered {status}: {body[:500]}"


def test_autosaves_from_one_version_at_once_keep_one_writer_text(tandem, db):
    ghana = sessions(tandem, [GHANA] * 6)
    status, _, headers = ghana[0].post(APPLY, {})
    assert status == 303
    edit = headers["Location"]
    for round in range(1, ROUNDS + 1):
        status, page, _ = ghana[0].get(edit)
        assert status == 200
        version = re.search(r'name="version" value="(\d+)"', page).group(1)
        texts = [f"Round {round}: motivation as typed in session {index}." for index in range(len(ghana))]
        answers = race([partial(browser.post, edit, dict(FIELDS, motivation=text, version=version, action="autosave"))
                        for browser, text in zip(ghana, texts)])

        assert_no_server_errors(answers)
        assert set(statuses(answers)) <= {204, 409}, f"round {round}: {statuses(answers)}"
        saved = [(int(headers["X-Version"]), text) for (status, _, headers), text in zip(answers, texts) if status == 204]
        assert saved, f"round {round}: no autosave was saved"
        # Two writers told they made the same version: one of them was written over without knowing.
        versions = [number for number, _ in saved]
        assert len(set(versions)) == len(versions), f"round {round}: 204s with the same X-Version: {saved}"
        (_, form, stored_version), = db.rows(ACTIVE, CALL)
        last_version, last_text = max(saved)
        assert stored_version == last_version, f"round {round}: stored version {stored_version}, 204s {saved}"
        stored = json.loads(form)["document"]  # a stored form says its shape: {"document": ..., "shape": N}
        assert stored["motivation"] == last_text, f"round {round}: stored {stored['motivation']!r}, 204s {saved}"
