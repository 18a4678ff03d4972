"""Solves each instance written by generate.py with `tandem match solve` and with the reference solvers,
on the same machine in the same run, checks that the objectives agree, and prints the figures as a
Markdown table. Reference times are taken inside Python around the solver call only, as Tandem's
`solve_ms` covers its solver only.

    python3 compare.py DIRECTORY TANDEM_BINARY [REPEATS]
"""
import json
import os
import statistics
import subprocess
import sys
import time

import networkx
import numpy
from ortools.graph.python import min_cost_flow
from scipy.optimize import linear_sum_assignment

from reference_policy import cpsat_policy

REPEATS = int(sys.argv[3]) if len(sys.argv) > 3 else 3


def timed(call):
    start = time.perf_counter()
    result = call()
    return result, (time.perf_counter() - start) * 1000


def best_of(call):
    runs = [timed(call) for _ in range(REPEATS)]
    return runs[0][0], min(ms for _, ms in runs)


def tandem(binary, path):
    results = []
    for _ in range(REPEATS):
        finished = subprocess.run([binary, "match", "solve", "--input", path], capture_output=True, text=True, check=True)
        results.append(json.loads(finished.stdout))
    return results[0], min(r["solve_ms"] for r in results)


def scipy_assignment(problem):
    matrix = numpy.array(problem["scores"], dtype=numpy.int64)
    (rows, columns), ms = best_of(lambda: linear_sum_assignment(matrix, maximize=True))
    return int(matrix[rows, columns].sum()), ms


def flow_model(problem):
    """Source → left (capacity) → right (one per edge, cost −score) → sink (capacity), and a free arc
    source → sink, so the flow may leave any vertex unmatched."""
    left, right, edges = problem["left_capacity"], problem["right_capacity"], problem["edges"]
    supply = sum(left)
    source, sink = 0, 1
    arcs = [(source, 2 + i, c, 0) for i, c in enumerate(left)]
    arcs += [(2 + len(left) + j, sink, c, 0) for j, c in enumerate(right)]
    arcs += [(2 + i, 2 + len(left) + j, 1, -score) for i, j, score in edges]
    arcs.append((source, sink, supply, 0))
    return arcs, supply, source, sink


def networkx_b_matching(problem):
    arcs, supply, source, sink = flow_model(problem)
    graph = networkx.DiGraph()
    graph.add_node(source, demand=-supply)
    graph.add_node(sink, demand=supply)
    for tail, head, capacity, cost in arcs:
        graph.add_edge(tail, head, capacity=capacity, weight=cost)
    flow, ms = best_of(lambda: networkx.min_cost_flow(graph))
    return -networkx.cost_of_flow(graph, flow), ms


def ortools_b_matching(problem):
    arcs, supply, source, sink = flow_model(problem)

    def build():
        solver = min_cost_flow.SimpleMinCostFlow()
        for tail, head, capacity, cost in arcs:
            solver.add_arc_with_capacity_and_unit_cost(tail, head, capacity, cost)
        solver.set_node_supply(source, supply)
        solver.set_node_supply(sink, -supply)
        return solver

    times, objective = [], None
    for _ in range(REPEATS):
        solver = build()
        status, ms = timed(solver.solve)
        assert status == solver.OPTIMAL, status
        objective = -solver.optimal_cost()
        times.append(ms)
    return objective, min(times)


def what_if(problem, result):
    """The policy problem again with the first proposed pair forbidden and the first outscored mentee locked
    to its best alternative: the Secretariat's adjustment, re-solved."""
    changed = json.loads(json.dumps(problem))
    first = result["pairs"][0]
    changed["forbids"] = [[first["mentee"], first["mentor"]]]
    outscored = next(e for e in result["excluded"] if e["reason"] == "outscored" and e["alternative"]["mentor"] != first["mentor"])
    changed["locks"] = [[outscored["id"], outscored["alternative"]["mentor"]]]
    return changed


def row(name, size, solver, objective, ms, tandem_objective, tandem_ms, target=""):
    agree = "yes" if objective == tandem_objective else f"NO ({tandem_objective})"
    ratio = f"{tandem_ms / ms:.2f}×" if tandem_ms > ms / 10 else f"{ms / tandem_ms:.0f}× faster"
    print(f"| {name} | {size} | {solver} | {objective} | {ms:.1f} | {tandem_ms:.1f} | {ratio} | {agree} | {target} |")


def main():
    directory, binary = sys.argv[1], sys.argv[2]
    path = lambda name: os.path.join(directory, name + ".json")
    load = lambda name: json.load(open(path(name)))
    print("| instance | size | reference | objective | reference ms | Tandem solve_ms | Tandem ÷ reference | objectives agree | target |")
    print("|---|---|---|---|---|---|---|---|---|")
    targets = {200: "", 1000: "≤ 2×", 3000: "≤ 2×", 5000: "≤ 3×"}
    for n in (200, 1000, 3000, 5000):
        name = f"assignment-{n}"
        objective, ms = scipy_assignment(load(name))
        result, tandem_ms = tandem(binary, path(name))
        row("dense random", f"{n}×{n}", "scipy", objective, ms, result["objective"], tandem_ms, targets[n])
    objective, ms = scipy_assignment(load("machol-wien-1000"))
    result, tandem_ms = tandem(binary, path("machol-wien-1000"))
    row("Machol-Wien i·j", "1000×1000", "scipy", objective, ms, result["objective"], tandem_ms)

    problem = load("b-matching-1000x500")
    result, tandem_ms = tandem(binary, path("b-matching-1000x500"))
    objective, ms = networkx_b_matching(problem)
    row("b-matching", "1000+500, 20000 edges", "networkx", objective, ms, result["objective"], tandem_ms, "≥ 20× faster")
    objective, ms = ortools_b_matching(problem)
    row("b-matching", "1000+500, 20000 edges", "OR-Tools", objective, ms, result["objective"], tandem_ms, "≤ 2×")

    result, tandem_ms = tandem(binary, path("policy-200x100"))
    objective, ms = cpsat_policy(load("policy-200x100"))
    row("policy, with explanations", "200+100", "CP-SAT", objective, ms, result["objective"], tandem_ms, "≤ 50 ms")
    changed_path = os.path.join(directory, "policy-200x100-what-if.json")
    json.dump(what_if(load("policy-200x100"), result), open(changed_path, "w"))
    changed, changed_ms = tandem(binary, changed_path)
    before = {(p["mentee"], p["mentor"]) for p in result["pairs"]}
    after = {(p["mentee"], p["mentor"]) for p in changed["pairs"]}
    print(f"| policy what-if (1 lock, 1 forbid) | 200+100 | none | {changed['objective']} | | {changed_ms:.1f} | | | ≤ 50 ms |")
    shares = []
    for name, size in (("policy-60x30-share-75", "60+30, budget 36"), ("policy-200x100-share-97", "200+100"),
                       ("policy-200x100-no-group-weight-share-50", "200+100")):
        shared, shared_ms = tandem(binary, path(name))
        objective, ms = cpsat_policy(load(name))
        share = load(name)["rules"]["minimum_regional_share"]
        row(f"policy, regional share ≥ {share}%, with explanations", size, "CP-SAT", objective, ms,
            shared["objective"], shared_ms)
        shares.append((name, shared))
    print()
    print(f"Policy: {len(result['pairs'])} pairs, {len(result['excluded'])} states left out, each with a reason; "
          f"the what-if added {len(after - before)} pairs, removed {len(before - after)}, "
          f"total {result['objective']} → {changed['objective']}.")


if __name__ == "__main__":
    main()
