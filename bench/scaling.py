#!/usr/bin/env python3
"""How ppl's cost grows with the data: seconds per gradient (NUTS, from
FIT.json's timing) and peak memory (the process's maximum resident set) of
logistic regression at N = 10^3 ... 10^5 rows (10^6 with --large) for D = 20
and 100 predictors, and of the hierarchical Poisson model with 10 ... 10^4
groups (10^5 with --large) of 10 rows each. One chain, 100 warmup and 100
draws (10 and 10, trees of depth at most 4, from 3 10^6 numbers of data on:
the cost of a gradient does not depend on the tree); data from fixed seeds
(standard library only). Prints a Markdown table.
  python3 bench/scaling.py [--large] [--ppl build/ppl] [--only logistic|hierarchical]
                           [--size N]   (only that N, or that number of groups)
"""
import json
import math
import os
import random
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
ppl = os.path.join(os.path.dirname(here), "build", "ppl")
if "--ppl" in sys.argv:
    ppl = sys.argv[sys.argv.index("--ppl") + 1]
large = "--large" in sys.argv
only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
size = int(float(sys.argv[sys.argv.index("--size") + 1])) if "--size" in sys.argv else None


def logistic(n, d, rng):
    beta = [rng.gauss(0, 1) / math.sqrt(d) for _ in range(d)]
    X = [[rng.gauss(0, 1) for _ in range(d)] for _ in range(n)]
    y = [1 if rng.random() < 1 / (1 + math.exp(-(0.5 + sum(b * x for b, x in zip(beta, row))))) else 0
         for row in X]
    return {"N": n, "D": d, "X": X, "y": y}


def poisson(groups, rng, per_group=10):
    a = [rng.gauss(0, 0.6) for _ in range(groups)]
    g = [i % groups for i in range(groups * per_group)]
    x = [rng.gauss(0, 1) for _ in g]
    y = []
    for gi, xi in zip(g, x):
        rate, k = math.exp(1.0 + a[gi] + 0.3 * xi), 0
        p = math.exp(-rate)
        s, u = p, rng.random()
        while u > s:
            k += 1
            p *= rate / k
            s += p
        y.append(k)
    return {"N": len(g), "G": groups, "group": g, "x": x, "y": y}


def run(model, data, work, numbers):
    data_path, fit_path = os.path.join(work, "data.json"), os.path.join(work, "fit.json")
    with open(data_path, "w") as f:
        json.dump(data, f)
    # A fresh Python process runs ppl, so its children's peak is ppl's alone.
    measured = subprocess.run(
        [sys.executable, "-c",
         "import resource, subprocess, sys\n"
         "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
         "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)",
         ppl, "fit", model, "--data", data_path, "--chains", "1", "--seed", "3", "--quiet",
         "--out", fit_path] + (["--warmup", "100", "--samples", "100"] if numbers < 3 * 10**6 else
                               ["--warmup", "10", "--samples", "10", "--max-tree-depth", "4"]),
        check=True, capture_output=True, text=True)
    peak_kib = int(measured.stdout.strip())
    fit = json.load(open(fit_path))
    return fit["timing"]["seconds_per_gradient"], peak_kib / 1024


rows = []
with tempfile.TemporaryDirectory() as work:
    for d in (20, 100) if only in (None, "logistic") else ():
        for n in [10**3, 10**4, 10**5] + ([10**6] if large else []):
            if size and n != size:
                continue
            spg, mib = run(os.path.join(here, "models", "logistic_regression.ppl"),
                           logistic(n, d, random.Random(n + d)), work, n * d)
            rows.append((f"logistic regression, D = {d}", f"N = {n}", spg, mib))
    for groups in ([10, 10**2, 10**3, 10**4] + ([10**5] if large else [])
                   if only in (None, "hierarchical") else []):
        if size and groups != size:
            continue
        spg, mib = run(os.path.join(here, "models", "hierarchical_poisson.ppl"),
                       poisson(groups, random.Random(groups)), work, groups * 10 * 3)
        rows.append(("hierarchical Poisson, 10 rows a group", f"G = {groups}", spg, mib))

print("| model | size | us per gradient | peak memory (MiB) |")
print("| --- | --- | ---: | ---: |")
for model, size, spg, mib in rows:
    print(f"| {model} | {size} | {spg * 1e6:.1f} | {mib:.0f} |")
