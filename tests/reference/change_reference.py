#!/usr/bin/env python3
"""Independent reference values for tests/trend.rs: the change between two years' relative
likelihoods, written out here without any code from the calculator.

For each pair of 2x2 tables (a of n1 minority ethnic, c of n2 white had the event), in an
earlier and a later year:
  * each year's RR = (a/n1)/(c/n2) and its Katz SE of ln RR, sqrt(1/a - 1/n1 + 1/c - 1/n2),
    with 0.5 added to all four cells a, n1-a, c, n2-c only when one of them is zero;
  * the change R = RR_later / RR_earlier, SE = sqrt(SE_earlier^2 + SE_later^2) (the two
    years treated as independent, after Altman and Bland, BMJ 2003);
  * the 95% interval exp(ln R -/+ z SE), z = scipy.stats.norm.ppf(0.975);
  * the two-sided p-value 2 * scipy.stats.norm.sf(|ln R| / SE).

Run:  pip install scipy && python3 tests/reference/change_reference.py
It prints the rows pasted into CHANGES in tests/trend.rs.
"""
import math

from scipy.stats import norm

PAIRS = [
    # label, earlier (a, n1, c, n2), later (a, n1, c, n2)
    ("doubling_from_half", (50, 500, 100, 500), (100, 500, 100, 500)),
    ("halving_from_two", (80, 400, 40, 400), (40, 400, 40, 400)),
    ("issue_m3_1_35_to_2_72", (27, 1000, 20, 1000), (11, 289, 12, 858)),
    ("small_noisy_change", (3, 87, 2, 200), (2, 90, 3, 210)),
    ("large_clear_change", (300, 2000, 400, 4000), (200, 2000, 400, 4000)),
    ("zero_cell_later", (5, 60, 10, 100), (6, 60, 10, 10)),
]


def rr_se(a, n1, c, n2):
    b, d = n1 - a, n2 - c
    rr = (a / n1) / (c / n2)
    k = 0.5 if 0 in (a, b, c, d) else 0.0
    a, b, c, d = a + k, b + k, c + k, d + k
    se = math.sqrt(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d))
    return rr, se


z = norm.ppf(0.975)
for label, early, late in PAIRS:
    r0, s0 = rr_se(*early)
    r1, s1 = rr_se(*late)
    ln = math.log(r1 / r0)
    se = math.sqrt(s0 * s0 + s1 * s1)
    lo, hi = math.exp(ln - z * se), math.exp(ln + z * se)
    p = 2 * norm.sf(abs(ln) / se)
    print(f'    ("{label}", {early}, {late}, {math.exp(ln)!r}, ({lo!r}, {hi!r}), {float(p)!r}),')
