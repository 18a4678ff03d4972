"""Approving matching runs and answering the proposals they make, from several sessions at once."""
from functools import partial

from racing import CALL, OFFICER, ROUNDS, as_uuid, assert_no_server_errors, race, sessions, statuses

RUNS = f"/programme/calls/{CALL}/matching/runs"
# A budget of 2 leaves the pool (7 mentors) enough states for every round to propose new pairs: the matcher
# leaves out the states of proposals that stand.
PARAMETERS = {"weight_thematic_fit": "40", "weight_shared_language": "20", "weight_same_group": "15",
              "weight_same_subregion": "5", "weight_stated_preference": "10", "weight_history": "10",
              "budget": "2", "shared_language": "on"}


def make_run(officer):
    status, body, headers = officer.post(RUNS, PARAMETERS)
    assert status == 303, f"making a run answered {status}: {body[:500]}"
    return int(headers["Location"].rsplit("/", 1)[1])


def approve(officer, number):
    return officer.post(f"{RUNS}/{number}/approve", {})


def test_two_runs_approved_at_once_put_only_one_to_the_states(tandem, db):
    officers = sessions(tandem, [OFFICER] * 4)
    for round in range(1, ROUNDS + 1):
        # Both runs propose the same pairs, so approving one overtakes the other.
        runs = [make_run(officers[0]), make_run(officers[0])]
        answers = race([partial(approve, officer, runs[index % 2]) for index, officer in enumerate(officers)])

        assert_no_server_errors(answers)
        assert statuses(answers) == {303: 1, 409: 3}, f"round {round}: {statuses(answers)}"
        approved = db.rows("SELECT id, pair_count FROM matching_runs WHERE number IN (?, ?) AND approved_at IS NOT NULL", *runs)
        assert len(approved) == 1, f"round {round}: runs {runs} approved: {len(approved)}"
        (run_id, pairs), = approved
        made = [as_uuid(row[0]) for row in db.rows("SELECT run_id FROM partnership_proposals")].count(as_uuid(run_id))
        assert made == pairs and pairs > 0, f"round {round}: the approved run has {pairs} pairs and {made} proposals"
        assert db.value("SELECT count(*) FROM matching_runs WHERE approved_at IS NOT NULL") == round
        twice = db.rows("SELECT call_id, mentee_iso3, count(*) FROM partnership_proposals WHERE status != 'declined' "
                        "GROUP BY call_id, mentee_iso3 HAVING count(*) > 1")
        assert not twice, f"round {round}: mentees with more than one standing proposal: {twice}"


def test_both_states_accepting_at_once_start_one_partnership(tandem, db):
    officer, = sessions(tandem, [OFFICER])
    for round in range(1, ROUNDS + 1):
        run = make_run(officer)
        status, body, _ = approve(officer, run)
        assert status == 303, f"approving run {run} answered {status}: {body[:500]}"
        proposals = db.rows("SELECT p.id, p.mentee_iso3, p.mentor_iso3 FROM partnership_proposals p "
                            "JOIN matching_runs r ON r.id = p.run_id WHERE r.number = ?", run)
        assert proposals, f"run {run} proposed nothing"
        # Each proposal is answered by both states, and the mentee's twice (from a second session, as a
        # double click or a colleague would), all proposals at once.
        answerers = [(as_uuid(id), state) for id, mentee, mentor in proposals for state in (mentee, mentee, mentor)]
        browsers = sessions(tandem, [db.focal_point(state) for _, state in answerers])
        answers = race([partial(browser.post, f"/proposals/{str(id).upper()}/answer", {"answer": "accepted"})
                        for (id, _), browser in zip(answerers, browsers)])

        assert_no_server_errors(answers)
        for id, mentee, mentor in proposals:
            own = [answer for (proposal, _), answer in zip(answerers, answers) if proposal == as_uuid(id)]
            assert statuses(own) == {303: 2, 409: 1}, f"round {round}, {mentee}–{mentor}: {statuses(own)}"
            (status, mentee_answer, mentor_answer), = db.rows(
                "SELECT status, mentee_answer, mentor_answer FROM partnership_proposals WHERE id = ?", id)
            assert status == "agreed", f"round {round}, {mentee}–{mentor}: {status}, answers {mentee_answer}/{mentor_answer}"
            started = db.value("SELECT count(*) FROM partnerships WHERE proposal_id = ?", id)
            assert started == 1, f"round {round}, {mentee}–{mentor}: {started} partnerships"
        stuck = db.rows("SELECT mentee_iso3, mentor_iso3, status FROM partnership_proposals "
                        "WHERE mentee_answer = 'accepted' AND mentor_answer = 'accepted' AND status != 'agreed'")
        assert not stuck, f"round {round}: accepted by both but not agreed: {stuck}"
