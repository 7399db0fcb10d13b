#!/usr/bin/env python3
"""Independent reference values for tests/councils_reference.rs (several councils compared).

Written for the tests from the published formulas, without any code of the calculator's:

  * Mantel-Haenszel risk ratio over strata (a of n1 minority ethnic, c of n2 white):
        RR_MH = sum(a*n2/N) / sum(c*n1/N),  N = n1 + n2
    with the Greenland-Robins (1985) variance of ln RR_MH:
        var = sum((n1*n2*(a+c) - a*c*N) / N^2) / (sum(a*n2/N) * sum(c*n1/N))
    and 95% interval exp(ln RR_MH +/- z975 * sqrt(var)). Strata with an empty group add 0.
  * Each council's ln RR and Katz standard error sqrt(1/a - 1/n1 + 1/c - 1/n2), with 0.5
    added to all four cells (a, n1-a, c, n2-c) when one is zero; a council is left out (its
    figure cannot be calculated) when n1 = 0, n2 = 0 or c = 0.
  * Cochran's Q = sum(w_i * (y_i - ln RR_MH)^2), w_i = 1/se_i^2 (RevMan's heterogeneity for a
    Mantel-Haenszel analysis), df = k - 1, I^2 = max(0, (Q - df) / Q).
  * Funnel classes: z_i = (y_i - ln target) / se_i' against z975 and z999 from
    scipy.stats.norm.ppf (two-sided 95% and 99.8%), above/below/within (a value on a limit
    is within).
  * Over-dispersion (Spiegelhalter 2005, as FunnelPlotR): phi = mean of the squared z-scores
    against the target after winsorising the lowest and highest floor(0.1*k) of them to the
    nearest kept value; multiplicative: se' = se * sqrt(max(phi, 1)); additive (DerSimonian-
    Laird): tau2 = max(0, (k*phi - (k-1)) / (sum(w) - sum(w^2)/sum(w))), se' = sqrt(se^2+tau2).
  * Whether the adjustment is offered: P(X >= outside) < 0.05 for X ~ Binomial(k, 0.002)
    (scipy.stats.binom.sf), outside = councils beyond the unadjusted 99.8% limits.

Run:  pip install scipy && python3 tests/reference/councils_reference.py > tests/reference/councils_reference.json
The Rust tests read the JSON; they need no Python.
"""
import json
import math
import random

from scipy.stats import binom, norm

Z95 = float(norm.ppf(0.975))
Z998 = float(norm.ppf(0.999))


def mantel_haenszel(tables):
    r = s = p = 0.0
    councils = 0
    for a, n1, c, n2 in tables:
        if n1 == 0 or n2 == 0 or a > n1 or c > n2:
            continue
        councils += 1
        n = n1 + n2
        r += a * n2 / n
        s += c * n1 / n
        p += (n1 * n2 * (a + c) - a * c * n) / (n * n)
    if s == 0:
        return None, None, None, councils
    rr = r / s
    if r == 0:
        return rr, None, None, councils
    se = math.sqrt(p / (r * s))
    return rr, (math.exp(math.log(rr) - Z95 * se), math.exp(math.log(rr) + Z95 * se)), se, councils


def katz_log(a, n1, c, n2):
    if n1 == 0 or n2 == 0 or c == 0 or a > n1 or c > n2:
        return None
    b, d = n1 - a, n2 - c
    k = 0.5 if 0 in (a, b, c, d) else 0.0
    a2, b2, c2, d2 = a + k, b + k, c + k, d + k
    m1, m2 = a2 + b2, c2 + d2
    return math.log((a2 / m1) / (c2 / m2)), math.sqrt(1 / a2 - 1 / m1 + 1 / c2 - 1 / m2)


def classify(y, se, centre):
    z = (y - centre) / se
    if z > Z998:
        return "above_998"
    if z > Z95:
        return "above_95"
    if z < -Z998:
        return "below_998"
    if z < -Z95:
        return "below_95"
    return "within"


def winsorised_phi(z):
    z = sorted(z)
    k = len(z)
    g = math.floor(0.1 * k)
    if g > 0 and 2 * g < k:
        lo, hi = z[g], z[k - 1 - g]
        z = [min(max(x, lo), hi) for x in z]
    return sum(x * x for x in z) / k


def funnel(logs, target):
    """logs: list of (council index, y, se) -> classes by adjustment, phi, tau2, offered."""
    centre = math.log(target)
    z = [(y - centre) / se for _, y, se in logs]
    k = len(logs)
    phi = winsorised_phi(z)
    w = [1 / se ** 2 for _, _, se in logs]
    denominator = sum(w) - sum(x * x for x in w) / sum(w)
    tau2 = max(0.0, (k * phi - (k - 1)) / denominator) if denominator > 0 else 0.0
    out = {"phi": phi, "tau2": tau2, "classes": {}}
    for name, adj in (
        ("none", lambda se: se),
        ("multiplicative", lambda se: se * math.sqrt(max(phi, 1.0))),
        ("additive", lambda se: math.sqrt(se * se + tau2)),
    ):
        out["classes"][name] = {str(i): classify(y, adj(se), centre) for i, y, se in logs}
    outside = sum(1 for c in out["classes"]["none"].values() if c in ("above_998", "below_998"))
    out["outside_998"] = outside
    out["offered"] = bool(binom.sf(outside - 1, k, 0.002) < 0.05) if outside > 0 else False
    return out


def reference(label, tables):
    rr, ci, se, councils = mantel_haenszel(tables)
    logs = []
    for i, t in enumerate(tables):
        kl = katz_log(*t)
        if kl is not None:
            logs.append((i, kl[0], kl[1]))
    q = i2 = None
    if rr and len(logs) >= 2:
        q = sum((y - math.log(rr)) ** 2 / se_i ** 2 for _, y, se_i in logs)
        df = len(logs) - 1
        i2 = max(0.0, (q - df) / q) if q > 0 else 0.0
    entry = {
        "label": label,
        "tables": [list(t) for t in tables],
        "pooled": {"relative_likelihood": rr, "ci95": list(ci) if ci else None, "se_log": se,
                   "q": q, "df": max(len(logs) - 1, 0), "i2": i2, "councils": councils},
        "councils": {str(i): {"log_rl": y, "se_log": s} for i, y, s in logs},
        "funnels": {},
    }
    for target_name, target in (("pooled", rr), ("one", 1.0)):
        if target and target > 0 and logs:
            entry["funnels"][target_name] = funnel(logs, target)
    return entry


def generated(seed, k, spread):
    """k councils of varied size; each council's true ratio spread around 0.6 on the log scale."""
    rng = random.Random(seed)
    tables = []
    for _ in range(k):
        n2 = rng.randint(20, 600)
        n1 = rng.randint(5, 400)
        p_white = rng.uniform(0.1, 0.4)
        p_me = min(0.95, p_white * 0.6 * math.exp(rng.gauss(0, spread)))
        a = sum(1 for _ in range(n1) if rng.random() < p_me)
        c = sum(1 for _ in range(n2) if rng.random() < p_white)
        tables.append((a, n1, c, n2))
    return tables


CASES = [
    ("three_by_hand", [(52, 380, 98, 410), (30, 170, 61, 220), (9, 60, 20, 80)]),
    # zero cells: a = 0; a = n1 (b = 0); c = 0 (cannot be calculated); n1 = 0 (no minority
    # ethnic people); d = 0 (every white person appointed); a = 0 and c = 0
    ("zero_cells", [(52, 380, 98, 410), (0, 12, 30, 200), (8, 8, 40, 300), (4, 25, 0, 90),
                    (0, 0, 25, 150), (3, 30, 12, 12), (0, 15, 0, 40), (20, 150, 45, 310)]),
    ("twenty_councils", generated(21, 20, 0.15)
        + [(0, 9, 14, 120), (6, 6, 20, 70), (5, 40, 0, 55)]),
    ("overdispersed_thirty", generated(7, 30, 0.9)),
    ("hundred_fifty", generated(150, 150, 0.3)),
]


def main():
    print(json.dumps({"z95": Z95, "z998": Z998,
                      "cases": [reference(label, tables) for label, tables in CASES]}, indent=1))


if __name__ == "__main__":
    main()
