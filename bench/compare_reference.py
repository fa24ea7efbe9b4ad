#!/usr/bin/env python3
"""Posterior means of a ppl fit against a posteriordb reference posterior.

    python3 bench/compare_reference.py NAME FIT.json REFERENCE.json [--markdown]

REFERENCE.json is posteriordb's reference draws (a list of chains, each an
object of "name[i,j]" -> draws, 1-based indices). Every element of a site in
FIT.json's summary whose name the reference has is compared: the difference
of the means in units of the reference's standard deviation must stay within
0.2. Prints one line: NAME, elements compared, the largest |z| and where,
the largest R-hat and the smallest bulk ESS of the fit, divergences, PASS or
FAIL (exit status 1 on FAIL).
"""
import json
import math
import sys


def reference_moments(path):
    chains = json.load(open(path))
    moments = {}
    for name in chains[0]:
        draws = [x for chain in chains for x in chain[name] if x is not None]
        n = len(draws)
        if n < 2:
            continue
        mean = sum(draws) / n
        var = sum((x - mean) ** 2 for x in draws) / (n - 1)
        moments[name] = (mean, math.sqrt(var))
    return moments


def element_name(site, index):
    return site if not index else "%s[%s]" % (site, ",".join(str(i + 1) for i in index))


def main(argv):
    markdown = "--markdown" in argv
    name, fit_path, ref_path = [a for a in argv[1:] if a != "--markdown"][:3]
    fit = json.load(open(fit_path))
    reference = reference_moments(ref_path)
    worst_z, worst_at, compared = 0.0, "-", 0
    max_rhat, min_ess = 0.0, math.inf
    for site, summary in fit["summary"].items():
        for element in summary["elements"]:
            if element.get("r_hat") is not None:
                max_rhat = max(max_rhat, element["r_hat"])
            if element.get("ess_bulk") is not None:
                min_ess = min(min_ess, element["ess_bulk"])
            key = element_name(site, element["index"])
            if key not in reference or element.get("mean") is None:
                continue
            mean, sd = reference[key]
            z = abs(element["mean"] - mean) / sd if sd > 0 else (0.0 if element["mean"] == mean else math.inf)
            compared += 1
            if z > worst_z or worst_at == "-":
                worst_z, worst_at = z, key
    divergences = sum(c["divergences"] for c in fit["sampler"])
    ok = compared > 0 and worst_z <= 0.2
    verdict = "PASS" if ok else "FAIL"
    if markdown:
        print("| %s | %d | %.3f (%s) | %.3f | %.0f | %d | %s |"
              % (name, compared, worst_z, worst_at, max_rhat, min_ess, divergences, verdict))
    else:
        print("%-46s %4d %8.3f %-14s %7.3f %7.0f %5d  %s"
              % (name, compared, worst_z, worst_at, max_rhat, min_ess, divergences, verdict))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
