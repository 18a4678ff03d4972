"""Writes the matcher's benchmark instances as `tandem match solve` files, from a fixed seed, so every run
and every solver sees the same problems.

    python3 generate.py DIRECTORY [SEED]
"""
import json
import os
import random
import sys

GROUPS = ["Africa", "Asia", "Eastern Europe", "GRULAC", "WEOG"]
SUBREGIONS = {group: [f"{group} {n}" for n in range(1, 4)] for group in GROUPS}
LANGUAGES = ["en", "fr", "es", "ru", "ar", "zh"]
AREAS = ["national_authority", "implementing_legislation", "declarations", "inspections", "customs",
         "assistance_protection", "education_outreach", "chemical_safety_security"]


def write(directory, name, problem):
    with open(os.path.join(directory, name + ".json"), "w") as file:
        json.dump(problem, file, separators=(",", ":"))


def assignment(rng, n, high=1_000_000):
    return {"kind": "assignment", "scores": [[rng.randrange(high) for _ in range(n)] for _ in range(n)]}


def machol_wien(n):
    """c[i][j] = i·j, i and j from 1: the matrix that makes shortest-path methods do the most work."""
    return {"kind": "assignment", "scores": [[i * j for j in range(1, n + 1)] for i in range(1, n + 1)]}


def b_matching(rng, mentees=1000, mentors=500, per_mentee=20):
    edges = []
    for i in range(mentees):
        for j in rng.sample(range(mentors), per_mentee):
            edges.append([i, j, rng.randint(1, 100)])
    return {"kind": "b-matching", "left_capacity": [1] * mentees,
            "right_capacity": [rng.randint(1, 3) for _ in range(mentors)], "edges": edges}


def candidate(rng, index, prefix, mentor):
    group = rng.choice(GROUPS)
    return {
        "id": f"{prefix}{index:03d}",
        "group": group,
        "subregion": rng.choice(SUBREGIONS[group]),
        "languages": rng.sample(LANGUAGES, rng.randint(1, 2)),
        "areas": {area: rng.randint(1, 3) for area in rng.sample(AREAS, rng.randint(2, 5))},
        "preferred": [],
        "capacity": rng.randint(1, 3) if mentor else 1,
        "past_mentorships": rng.randint(0, 2) if mentor else 0,
    }


def policy(rng, mentees=200, mentors=100):
    problem = {
        "kind": "policy",
        "mentees": [candidate(rng, i, "E", False) for i in range(mentees)],
        "mentors": [candidate(rng, i, "M", True) for i in range(mentors)],
        "rules": {"shared_language_required": True, "budget": mentees * 3 // 5,
                  "group_quotas": {group: {"min": mentees // 20, "max": mentees // 5} for group in GROUPS}},
    }
    for mentee in problem["mentees"]:
        mentee["preferred"] = [m["id"] for m in rng.sample(problem["mentors"], 2)]
    return problem


def with_share(problem, share, weights=None):
    changed = json.loads(json.dumps(problem))
    changed["rules"]["minimum_regional_share"] = share
    if weights:
        changed["weights"] = weights
    return changed


def main():
    directory = sys.argv[1]
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 2025)
    os.makedirs(directory, exist_ok=True)
    for n in (200, 1000, 3000, 5000):
        write(directory, f"assignment-{n}", assignment(rng, n))
    write(directory, "machol-wien-1000", machol_wien(1000))
    write(directory, "b-matching-1000x500", b_matching(rng))
    base = policy(rng)
    write(directory, "policy-200x100", base)
    # The unconstrained best of the policy problem has 95% of its pairs regional: 97% binds.
    write(directory, "policy-200x100-share-97", with_share(base, 97))
    # Without the score for the same group, about a fifth of pairs are regional: 50% binds hard.
    write(directory, "policy-200x100-no-group-weight-share-50",
          with_share(base, 50, weights={"same_group": 0, "same_subregion": 0}))
    call = policy(rng, mentees=60, mentors=30)
    call["rules"]["budget"] = 36
    call["rules"]["group_quotas"] = {}
    write(directory, "policy-60x30-share-75", with_share(call, 75, weights={"same_group": 0, "same_subregion": 0}))


if __name__ == "__main__":
    main()
