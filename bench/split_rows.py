#!/usr/bin/env python3
"""One chain's log density split over the rows of logistic regression
(D = 20): microseconds per gradient (NUTS, FIT.json's timing) unsplit, with
--threads-per-chain 1 and 2, and with --data-parallel on 2 and 4 MPI ranks
(when mpirun is found), at N = 2048, 10^5 (and 10^6 with --large). At
N = 2048 (two shards) the arithmetic is small, so the ranks' rows show what
one allgather of the shards' results costs per gradient. One chain, 100
warmup and 100 draws, seed 3; data from fixed seeds (standard library only).
Prints a Markdown table.
  python3 bench/split_rows.py [--large] [--ppl build/ppl]
"""
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
ppl = os.path.join(os.path.dirname(here), "build", "ppl")
if "--ppl" in sys.argv:
    ppl = sys.argv[sys.argv.index("--ppl") + 1]
sizes = [2048, 10**5] + ([10**6] if "--large" in sys.argv else [])
mpirun = shutil.which("mpirun")
model = os.path.join(here, "models", "logistic_regression.ppl")
env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")


def write_data(n, d, path):
    rng = random.Random(n)
    beta = [rng.gauss(0, 1) / math.sqrt(d) for _ in range(d)]
    with open(path, "w") as f:
        f.write('{"N": %d, "D": %d, "X": [' % (n, d))
        y = []
        for i in range(n):
            row = [rng.gauss(0, 1) for _ in range(d)]
            y.append(1 if rng.random() < 1 / (1 + math.exp(-(0.5 + sum(b * x for b, x in zip(beta, row))))) else 0)
            f.write(("," if i else "") + "[" + ",".join("%.6f" % x for x in row) + "]")
        f.write('], "y": [' + ",".join(map(str, y)) + "]}")


def per_gradient(data, work, extra, ranks=0):
    fit_path = os.path.join(work, "fit.json")
    command = [ppl, "fit", model, "--data", data, "--chains", "1", "--threads", "1", "--warmup",
               "100", "--samples", "100", "--seed", "3", "--quiet", "--out", fit_path] + extra
    if ranks:
        command = [mpirun, "--oversubscribe", "-np", str(ranks)] + command + ["--data-parallel"]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return json.load(open(fit_path))["timing"]["seconds_per_gradient"] * 1e6


ways = [("unsplit", [], 0), ("1 thread", ["--threads-per-chain", "1"], 0),
        ("2 threads", ["--threads-per-chain", "2"], 0)]
if mpirun:
    ways += [("2 ranks", [], 2), ("4 ranks", [], 4)]
print("| N | " + " | ".join(name for name, _, _ in ways) + " | 2 threads' speed-up |")
print("| ---: | " + " | ".join("---:" for _ in ways) + " | ---: |")
with tempfile.TemporaryDirectory() as work:
    for n in sizes:
        data = os.path.join(work, "data.json")
        write_data(n, 20, data)
        times = [per_gradient(data, work, extra, ranks) for _, extra, ranks in ways]
        cells = " | ".join("%.1f" % t for t in times)
        print(f"| {n} | {cells} | {times[1] / times[2]:.2f}x |", flush=True)
