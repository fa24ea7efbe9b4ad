#!/usr/bin/env python3
"""Writes the benchmark data sets to bench/data/ (fixed seeds, standard library only)."""
import json
import math
import os
import random

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "data")
os.makedirs(out, exist_ok=True)


def write(name, data):
    with open(os.path.join(out, name + ".json"), "w") as f:
        json.dump(data, f)


def logistic_regression(seed=20261124, n=5000, d=20):
    rng = random.Random(seed)
    beta = [rng.gauss(0, 1) for _ in range(d)]
    alpha = 0.5
    X = [[rng.gauss(0, 1) for _ in range(d)] for _ in range(n)]
    y = []
    for row in X:
        eta = alpha + sum(b * x for b, x in zip(beta, row))
        y.append(1 if rng.random() < 1 / (1 + math.exp(-eta)) else 0)
    write("logistic_regression", {"N": n, "D": d, "X": X, "y": y})


def state_space(seed=7, t=100, phi=0.7, q=0.5, r=0.3):
    rng = random.Random(seed)
    x = rng.gauss(0, q)
    y = []
    for _ in range(t):
        x = phi * x + rng.gauss(0, q)
        y.append(x + rng.gauss(0, r))
    write("state_space", {"T": t, "y": y})


def hierarchical_poisson(seed=11, groups=100, rows=1000):
    rng = random.Random(seed)
    mu, b, sigma = 1.0, 0.3, 0.6
    a = [rng.gauss(0, sigma) for _ in range(groups)]
    g = [i % groups for i in range(rows)]
    x = [rng.gauss(0, 1) for _ in range(rows)]
    y = []
    for gi, xi in zip(g, x):
        rate = math.exp(mu + a[gi] + b * xi)
        # Poisson by inversion: rates here are small (under ~20).
        k, p, u = 0, math.exp(-rate), rng.random()
        s = p
        while u > s:
            k += 1
            p *= rate / k
            s += p
        y.append(k)
    write("hierarchical_poisson", {"N": rows, "G": groups, "group": g, "x": x, "y": y})


def normal_iid(seed=5, n=200000, mu=1.5, sigma=2.0):
    rng = random.Random(seed)
    write("normal_iid", {"N": n, "y": [round(rng.gauss(mu, sigma), 6) for _ in range(n)]})


logistic_regression()
state_space()
hierarchical_poisson()
normal_iid()
with open(os.path.join(here, "..", "models", "eight_schools.data.json")) as f:
    write("eight_schools", json.load(f))
