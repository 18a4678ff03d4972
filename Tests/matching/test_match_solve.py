"""`tandem match solve` as a script or an analyst uses it: its optimum agrees with scipy's and networkx's on
random and adversarial instances, and with OR-Tools' CP-SAT on policy problems (regional share included),
and a broken file gets every problem with its place and exit status 2, never a crash. TANDEM_BIN names the
binary; it runs from the repository, where its messages are."""
import json
import os
import random
import subprocess
import sys

import networkx
import numpy
import pytest
from scipy.optimize import linear_sum_assignment

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "Benchmarks", "matching"))
import generate  # noqa: E402 (the benchmark's own instance generator)
from reference_policy import cpsat_policy  # noqa: E402 (the policy problem as an integer programme)

TANDEM = os.environ.get("TANDEM_BIN", os.path.join(ROOT, ".build", "debug", "tandem"))


def solve(tmp_path, problem, name="problem.json"):
    path = tmp_path / name
    path.write_text(problem if isinstance(problem, str) else json.dumps(problem))
    finished = subprocess.run([TANDEM, "match", "solve", "--input", str(path)], cwd=ROOT, capture_output=True,
                              text=True, timeout=300, env={**os.environ, "LOG_LEVEL": "warning"})
    return finished


def solved(tmp_path, problem):
    finished = solve(tmp_path, problem)
    assert finished.returncode == 0, finished.stderr
    return json.loads(finished.stdout)


@pytest.mark.parametrize("rows,columns,high", [(60, 60, 1_000_000), (200, 200, 100), (40, 90, 1000), (90, 40, 7)])
def test_assignment_agrees_with_scipy(tmp_path, rows, columns, high):
    rng = random.Random(rows * 1000 + columns)
    scores = [[rng.randrange(-high, high) for _ in range(columns)] for _ in range(rows)]
    result = solved(tmp_path, {"kind": "assignment", "scores": scores})
    matrix = numpy.array(scores)
    r, c = linear_sum_assignment(matrix, maximize=True)
    assert result["objective"] == int(matrix[r, c].sum())
    assert len(result["pairs"]) == min(rows, columns)
    assert sum(scores[i][j] for i, j in result["pairs"]) == result["objective"]
    assert len({j for _, j in result["pairs"]}) == len(result["pairs"])


def test_machol_wien_agrees_with_scipy(tmp_path):
    problem = generate.machol_wien(150)
    result = solved(tmp_path, problem)
    matrix = numpy.array(problem["scores"])
    r, c = linear_sum_assignment(matrix, maximize=True)
    assert result["objective"] == int(matrix[r, c].sum())


def test_b_matching_agrees_with_networkx(tmp_path):
    problem = generate.b_matching(random.Random(7), mentees=150, mentors=60, per_mentee=8)
    result = solved(tmp_path, problem)
    graph = networkx.DiGraph()
    supply = sum(problem["left_capacity"])
    graph.add_node("s", demand=-supply)
    graph.add_node("t", demand=supply)
    graph.add_edge("s", "t", capacity=supply, weight=0)
    for i, capacity in enumerate(problem["left_capacity"]):
        graph.add_edge("s", ("l", i), capacity=capacity, weight=0)
    for j, capacity in enumerate(problem["right_capacity"]):
        graph.add_edge(("r", j), "t", capacity=capacity, weight=0)
    for i, j, score in problem["edges"]:
        graph.add_edge(("l", i), ("r", j), capacity=1, weight=-score)
    flow = networkx.min_cost_flow(graph)
    assert result["objective"] == -networkx.cost_of_flow(graph, flow)
    for j, capacity in enumerate(problem["right_capacity"]):
        assert sum(1 for _, right, _ in result["pairs"] if right == j) <= capacity


def test_a_policy_problem_explains_everyone_left_out(tmp_path):
    problem = generate.policy(random.Random(3), mentees=40, mentors=15)
    result = solved(tmp_path, problem)
    assert result["feasible"] is True
    matched = {pair["mentee"] for pair in result["pairs"]}
    left_out = {entry["id"] for entry in result["excluded"] if entry["side"] == "mentee"}
    assert matched | left_out == {mentee["id"] for mentee in problem["mentees"]}
    assert not matched & left_out
    assert all(entry["message"] for entry in result["excluded"])
    assert len(result["pairs"]) <= problem["rules"]["budget"]


@pytest.mark.parametrize("seed,share,flat", [(1, None, False), (2, 75, False), (3, 50, True), (4, 75, True), (5, 100, True)])
def test_a_policy_problem_agrees_with_cpsat(tmp_path, seed, share, flat):
    """A call's size (40 mentees, 20 mentors, budget 10, quotas), with or without a regional share; `flat`
    takes the score for the same group away, so that the share binds."""
    problem = generate.policy(random.Random(seed), mentees=40, mentors=20)
    problem["rules"]["budget"] = 10
    problem["rules"]["group_quotas"] = {"Africa": {"min": 1, "max": 4}, "WEOG": {"max": 3}}
    if share:
        problem["rules"]["minimum_regional_share"] = share
    if flat:
        problem["weights"] = {"same_group": 0, "same_subregion": 0}
    result = solved(tmp_path, problem)
    objective, _ = cpsat_policy(problem)
    assert result["feasible"] is True
    assert result["objective"] == objective
    group = {c["id"]: c["group"] for c in problem["mentees"] + problem["mentors"]}
    regional = sum(1 for pair in result["pairs"] if group[pair["mentee"]] == group[pair["mentor"]])
    assert 100 * regional >= (share or 0) * len(result["pairs"])


def test_a_regional_share_the_locks_cannot_reach_is_an_answer(tmp_path):
    problem = {"kind": "policy",
               "mentees": [{"id": "KEN", "group": "Africa", "languages": ["en"]},
                           {"id": "PER", "group": "GRULAC", "languages": ["en"]}],
               "mentors": [{"id": "GBR", "group": "WEOG", "languages": ["en"]},
                           {"id": "MEX", "group": "GRULAC", "languages": ["en"]}],
               "rules": {"budget": 2, "minimum_regional_share": 100}, "locks": [["KEN", "GBR"]]}
    result = solved(tmp_path, problem)
    assert result["feasible"] is False
    assert result["conflicts"][0]["code"] == "regional_share_unreachable"
    assert result["conflicts"][0]["message"] == ("At least 100% of the pairs must be within one regional group, but "
                                                 "with the locks and group minimums at best 1 of 2 pairs can be (50%).")


def test_conflicting_rules_are_an_answer_not_an_error(tmp_path):
    problem = {"kind": "policy",
               "mentees": [{"id": "GHA", "group": "Africa", "languages": ["en"]},
                           {"id": "TGO", "group": "Africa", "languages": ["fr"]}],
               "mentors": [{"id": "NGA", "group": "Africa", "languages": ["en"]}],
               "rules": {"group_quotas": {"Africa": {"min": 2}}}}
    result = solved(tmp_path, problem)
    assert result["feasible"] is False and result["pairs"] == []
    assert result["conflicts"][0]["code"] == "minimum_unreachable"
    assert result["conflicts"][0]["message"] == ("Minimum 2 matched mentees from Africa, but only 1 eligible mentees "
                                                 "from Africa have a mentor they could be paired with.")


@pytest.mark.parametrize("problem,expected", [
    ({"kind": "assignment", "scores": [[1, 2, 3], [4, 5]]}, "scores[1]: has 2 scores where scores[0] has 3"),
    ({"kind": "assignment", "scores": [[1, 2.5]]}, "scores[0][1]: must be a whole number, not a number with a fraction"),
    ({"kind": "b-matching", "left_capacity": [1, -2], "right_capacity": [1], "edges": []},
     "left_capacity[1]: -2 is out of range for a capacity"),
    ({"kind": "b-matching", "left_capacity": [1], "right_capacity": [1], "edges": [[0, 4, 9]]},
     "edges[0][1]: refers to a right vertex 4; they are numbered 0 to 0"),
    ({"kind": "policy", "mentees": [{"id": "GHA", "group": "Africa", "languages": ["en"]}],
      "mentors": [{"id": "NGA", "group": "Africa", "languages": ["en"]}],
      "locks": [["GHA", "NGA"]], "forbids": [["GHA", "NGA"]]}, "locks[0]: the pair GHA–NGA is both locked and forbidden"),
    ({"kind": "policy", "mentees": [], "mentors": [{"id": "NGA", "group": "Africa", "languages": ["en"], "capacity": "2"}]},
     "mentors[0].capacity: must be a whole number, not a string"),
    ({"kind": "matching"}, "kind: must be \"assignment\", \"b-matching\" or \"policy\""),
    ('{"kind": "assignment", "scores": [[1, 2]', "the file is not valid JSON: line 1, column"),
])
def test_a_broken_file_is_reported_with_its_place_and_status_2(tmp_path, problem, expected):
    finished = solve(tmp_path, problem)
    assert finished.returncode == 2, finished.stdout + finished.stderr
    assert expected in finished.stderr
    assert finished.stdout == ""


def test_mangled_files_never_crash_the_solver(tmp_path):
    rng = random.Random(11)
    original = json.dumps(generate.policy(random.Random(5), mentees=12, mentors=6))
    for attempt in range(25):
        cut = rng.randrange(len(original))
        mangled = original[:cut] + rng.choice(["", "]", "}", "-1", "1.5", "\"x\"", "null", ",", "\u00e9"]) + original[cut + rng.randrange(0, 30):]
        finished = solve(tmp_path, mangled, name=f"mangled-{attempt}.json")
        assert finished.returncode in (0, 2), (mangled, finished.returncode, finished.stderr)
