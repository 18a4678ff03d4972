"""The clearing-house's writes from several sessions at once: the same record published by two officers, the same
queue approved by two officers together, and one record saved from the same page by two of its writers."""
import re
from functools import partial

from racing import OFFICER, ROUNDS, assert_no_server_errors, race, sessions, statuses

PARTNER = "partner@demo.tandem"
OPPORTUNITY = {
    "language": "en", "title": "Course on chemical safety", "opportunityKind": "course", "provider": "Regional institute",
    "summary": "Two weeks on the safety of chemical plants.", "howToApply": "Through the National Authority.",
    "areas": ["chemical_safety_security"], "languages": ["en", "fr"], "visibility": "public",
}


def submitted(partner, number):
    status, body, headers = partner.post("/clearing-house/opportunities", dict(OPPORTUNITY, title=f"Course {number}", action="submit"))
    assert status == 303, f"submitting answered {status}: {body[:500]}"
    return headers["Location"].rsplit("/", 1)[1]


def count(db, sql, *parameters):
    return db.value(sql, *parameters)


def test_two_officers_publishing_the_same_record_publish_it_once_and_its_writer_hears_once(tandem, db):
    partner, *officers = sessions(tandem, [PARTNER, OFFICER, OFFICER])
    for round in range(ROUNDS):
        record = submitted(partner, round)
        answers = race([partial(officer.post, f"/clearing-house/records/{record}/publish", {}) for officer in officers])
        assert_no_server_errors(answers)
        counts = statuses(answers)
        assert counts[303] == 1 and set(counts) <= {303, 409}, counts
        assert count(db, "SELECT count(*) FROM audit_log WHERE entity = 'clearing_record' AND action = 'publish' AND entity_key = ?",
                     record) == 1
        mails = db.rows("SELECT subject FROM mail_outbox WHERE kind = 'record_published'")
        assert sum(1 for (subject,) in mails if subject.endswith(f"Course {round}")) == 1, mails


def test_two_officers_approving_the_queue_together_publish_each_record_once(tandem, db):
    partner, *officers = sessions(tandem, [PARTNER, OFFICER, OFFICER, OFFICER])
    records = [submitted(partner, number) for number in range(4)]
    # The development seed publishes a few records of its own.
    before = count(db, "SELECT count(*) FROM clearing_records WHERE status = 'published'")
    answers = race([partial(officer.post, "/clearing-house/review", {"record": records}) for officer in officers])
    assert_no_server_errors(answers)
    assert statuses(answers)[303] == len(officers)
    for record in records:
        assert count(db, "SELECT count(*) FROM audit_log WHERE entity = 'clearing_record' AND action = 'publish' AND entity_key = ?",
                     record) == 1
    assert count(db, "SELECT count(*) FROM clearing_records WHERE status = 'published'") == before + len(records)


def test_two_saves_from_the_same_page_keep_one_and_show_the_other_what_was_stored(tandem, db):
    writers = sessions(tandem, [PARTNER, PARTNER])
    status, body, headers = writers[0].post("/clearing-house/opportunities", dict(OPPORTUNITY, action="save"))
    assert status == 303, body[:500]
    path = headers["Location"]
    _, page, _ = writers[0].get(path + "/edit")
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    answers = race([partial(writer.post, path, dict(OPPORTUNITY, title=f"Version from writer {index}", version=version, action="save"))
                    for index, writer in enumerate(writers)])
    assert_no_server_errors(answers)
    counts = statuses(answers)
    assert counts[303] == 1 and counts[409] == 1, counts
    refused = next(body for status, body, _ in answers if status == 409)
    assert "record-notice" in refused
    record = path.rsplit("/", 1)[1]
    assert count(db, "SELECT count(*) FROM audit_log WHERE entity = 'clearing_record' AND action = 'save' AND entity_key = ?", record) == 1


def test_one_form_sent_three_times_at_once_starts_one_record(tandem, db):
    partner = sessions(tandem, [PARTNER])[0]
    _, page, _ = partner.get("/clearing-house/opportunities/new")
    token = re.search(r'name="formToken" value="([^"]+)"', page).group(1)
    before = count(db, "SELECT count(*) FROM clearing_records")
    submitted_before = count(db, "SELECT count(*) FROM audit_log WHERE entity = 'clearing_record' AND action = 'submit'")
    answers = race([partial(partner.post, "/clearing-house/opportunities", dict(OPPORTUNITY, title="Sent three times", formToken=token, action="submit"))
                    for _ in range(3)])
    assert_no_server_errors(answers)
    assert statuses(answers)[303] == 3, statuses(answers)
    # Every answer leads to the one record started.
    assert len({headers["Location"] for _, _, headers in answers}) == 1
    assert count(db, "SELECT count(*) FROM clearing_records") == before + 1
    assert count(db, "SELECT count(*) FROM audit_log WHERE entity = 'clearing_record' AND action = 'submit'") == submitted_before + 1
