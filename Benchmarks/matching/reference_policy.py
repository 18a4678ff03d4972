"""The policy problem of docs/matching.md as an integer programme for OR-Tools' CP-SAT solver, written from
the documented rules alone: an independent check of `tandem match solve`'s objective, regional share
included, for the benchmarks and for Tests/matching."""
import time

from ortools.sat.python import cp_model

COMPONENTS = ["thematic_fit", "shared_language", "same_group", "same_subregion", "stated_preference", "history"]
STANDARD_WEIGHTS = {"thematic_fit": 40, "shared_language": 20, "same_group": 15, "same_subregion": 5,
                    "stated_preference": 10, "history": 10}


def pair_score(mentee, mentor, former, weights):
    """The score of docs/matching.md, with the same floating-point steps in the same order as Tandem's."""
    wanted = covered = 0.0
    for area, priority in sorted(mentee.get("areas", {}).items()):
        importance = float(4 - min(max(priority, 1), 3))
        wanted += importance
        if area in mentor.get("areas", {}):
            covered += importance * float(4 - min(max(mentor["areas"][area], 1), 3)) / 3
    shares = {
        "thematic_fit": covered / wanted if wanted > 0 else 0.0,
        "shared_language": 0.0 if set(mentee["languages"]).isdisjoint(mentor["languages"]) else 1.0,
        "same_group": 1.0 if mentee["group"] == mentor["group"] else 0.0,
        "same_subregion": 1.0 if mentee.get("subregion") and mentee.get("subregion") == mentor.get("subregion") else 0.0,
        "stated_preference": 1.0 if mentor["id"] in mentee.get("preferred", []) or mentee["id"] in mentor.get("preferred", []) else 0.0,
        "history": 1.0 if former else 0.5 if mentor.get("past_mentorships", 0) > 0 else 0.0,
    }
    total_weight = float(max(sum(max(weights[c], 0) for c in COMPONENTS), 1))
    points = 0.0
    for component in COMPONENTS:
        points += 100 * shares[component] * float(max(weights[component], 0)) / total_weight
    whole = int(points)
    return whole + (1 if points - whole >= 0.5 else 0)


def cpsat_policy(problem):
    """The policy problem as an integer programme for OR-Tools' CP-SAT solver, written from the rules in
    docs/matching.md alone: an independent check of Tandem's objective, regional share included."""
    weights = dict(STANDARD_WEIGHTS, **problem.get("weights", {}))
    rules = problem.get("rules", {})
    forbidden = {tuple(p) for p in problem.get("forbids", [])}
    waived = {tuple(p) for p in rules.get("language_waivers", [])}
    former = {frozenset(p) for p in problem.get("former_partnerships", [])}
    model = cp_model.CpModel()
    chosen, objective, regional = {}, [], []
    for mentee in problem["mentees"]:
        for mentor in problem["mentors"]:
            pair = (mentee["id"], mentor["id"])
            if "ineligible" in mentee or "ineligible" in mentor or mentee["id"] == mentor["id"] or pair in forbidden:
                continue
            if rules.get("shared_language_required", True) and pair not in waived and \
                    set(mentee["languages"]).isdisjoint(mentor["languages"]):
                continue
            x = model.new_bool_var(f"{pair}")
            chosen[pair] = x
            objective.append(pair_score(mentee, mentor, frozenset(pair) in former, weights) * x)
            if mentee["group"] == mentor["group"]:
                regional.append(x)
    for mentee in problem["mentees"]:
        model.add(sum(x for (e, _), x in chosen.items() if e == mentee["id"]) <= 1)
    for mentor in problem["mentors"]:
        model.add(sum(x for (_, m), x in chosen.items() if m == mentor["id"]) <= mentor.get("capacity", 1))
    for lock in problem.get("locks", []):
        model.add(chosen[tuple(lock)] == 1)
    total = sum(chosen.values())
    if rules.get("budget") is not None:
        model.add(total <= rules["budget"])
    group_of = {mentee["id"]: mentee["group"] for mentee in problem["mentees"]}
    for group, quota in rules.get("group_quotas", {}).items():
        members = sum(x for (e, _), x in chosen.items() if group_of[e] == group)
        model.add(members >= quota.get("min", 0))
        if quota.get("max") is not None:
            model.add(members <= quota["max"])
    share = rules.get("minimum_regional_share") or 0
    if share:
        model.add(100 * sum(regional) >= share * total)
    model.maximize(sum(objective))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    start = time.perf_counter()
    status = solver.solve(model)
    ms = (time.perf_counter() - start) * 1000
    assert status == cp_model.OPTIMAL, solver.status_name(status)
    return int(round(solver.objective_value)), ms
