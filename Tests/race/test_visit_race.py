"""The same visit planned from several sessions of a partner at once."""
from functools import partial

from racing import CALL, OFFICER, ROUNDS, assert_no_server_errors, race, sessions, statuses

PERU = "peru@demo.tandem"
MENTORS = ("MEX", "ESP", "GBR")  # a partnership of Peru with each, one per round
# Peru's officials visit the mentor eight weeks after the server's "now" (Tests/AppTests/PartnershipLifecycleTests.swift).
VISIT = {
    "start": "2026-03-02", "end": "2026-03-06",
    "delegates[0][name]": "Ana Quispe", "delegates[0][title]": "Director", "delegates[0][role]": "management",
    "delegates[0][sponsored]": "on", "delegates[0][gender]": "woman",
    "delegates[1][name]": "Luis Rojas", "delegates[1][title]": "Officer", "delegates[1][role]": "staff",
    "delegates[1][sponsored]": "on",
    "agenda[0][day]": "2026-03-02", "agenda[0][time]": "09:00", "agenda[0][activity]": "Meeting with the National Authority",
    "agenda[0][place]": "Mexico City", "action": "save",
}


def test_the_same_visit_planned_four_times_at_once_is_planned_once(tandem, db):
    officer, *peru = sessions(tandem, [OFFICER] + [PERU] * 4)
    assert ROUNDS <= len(MENTORS)
    for mentor in MENTORS[:ROUNDS]:
        status, body, headers = officer.post("/partnerships", {"mentor": mentor, "mentee": "PER", "call": CALL, "status": "active"})
        assert status == 303, f"starting PER–{mentor} answered {status}: {body[:500]}"
        workspace = headers["Location"]
        answers = race([partial(browser.post, workspace + "/visits", dict(VISIT, host=mentor)) for browser in peru])

        assert_no_server_errors(answers)
        counts = statuses(answers)
        # The later plans break the call's rules against the first (overlap, intermission): refused.
        assert counts[303] == 1 and set(counts) <= {303, 409, 422}, f"{workspace}: {counts}"
        code = workspace.rsplit("/", 1)[1]
        visits = db.value("SELECT count(*) FROM visits v JOIN partnerships p ON p.id = v.partnership_id WHERE p.code = ?", code)
        assert visits == 1, f"{workspace}: {visits} visits"
