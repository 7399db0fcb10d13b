#!/usr/bin/env python3
"""Independent reference values for tests/stats_reference.rs.

Computes, for each 2x2 table (a events of n1 in the first group, c events of n2 in the
second), without using any code from the calculator:
  * the relative likelihood RR = (a/n1) / (c/n2), uncorrected, computed as the exact
    fraction (a*n2) / (c*n1) rounded once (None when c == 0 or a population is 0);
  * the Katz log 95% interval exp(ln RR +/- 1.959964 * sqrt(1/a - 1/n1 + 1/c - 1/n2)),
    where 0.5 is added to all four cells a, b = n1 - a, c, d = n2 - c only when one of them
    is zero (n1 and n2 then grow by 1); None when RR is undefined;
  * Fisher's exact two-sided p-value from scipy.stats.fisher_exact on [[a, b], [c, d]].

Run:  pip install scipy && python3 tests/reference/stats_reference.py
It prints the rows pasted into REFERENCE in tests/stats_reference.rs.
"""
import math

from scipy.stats import fisher_exact

Z = 1.959964

# (label, a, n1, c, n2)
TABLES = [
    # ordinary tables
    ("ordinary_example_adults_m2", 52, 380, 98, 410),
    ("ordinary_half_as_likely", 20, 200, 40, 200),
    ("ordinary_adverse_1_37", 137, 1000, 100, 1000),
    ("ordinary_equal_rates", 30, 300, 50, 500),
    ("ordinary_unequal_sizes", 45, 150, 60, 600),
    # zero cells
    ("zero_a", 0, 40, 10, 100),
    ("zero_b", 20, 20, 10, 50),
    ("zero_c", 5, 50, 0, 60),
    ("zero_d", 3, 30, 12, 12),
    ("zero_a_and_c", 0, 25, 0, 30),
    # small numbers
    ("small_1_of_3_vs_2_of_9", 1, 3, 2, 9),
    ("small_3_of_7_vs_1_of_8", 3, 7, 1, 8),
    ("small_single_person_groups", 1, 1, 1, 2),
    # large tables
    ("large_5000_rows", 1200, 5000, 900, 5000),
    ("large_rare_events", 50, 5000, 45, 5000),
    ("large_unbalanced", 700, 20000, 3000, 60000),
    # The Christie NHS FT 2022-23: 14.65% of BAME, 46.99% of white shortlisted appointed
    ("christie_sc_wres", 293, 2000, 4699, 10000),
    ("christie_nhs", 4699, 10000, 293, 2000),
    # the hand-made file of tests/stats_reference.rs (adults), metric by metric
    ("e2e_m3", 20, 200, 20, 500),
    ("e2e_m4", 2, 50, 4, 100),
    ("e2e_m5", 100, 200, 300, 500),
    ("e2e_m6", 30, 100, 40, 200),
    ("e2e_m7a", 10, 100, 40, 200),
    ("e2e_m7b", 0, 100, 10, 200),
    ("e2e_m8", 30, 200, 60, 500),
    ("e2e_m9", 4, 200, 20, 500),
    ("e2e_m2_nhs", 98, 410, 52, 380),
    ("e2e_m5_nhs", 300, 500, 100, 200),
    # adults + children combined
    ("e2e_combined_m2", 72, 500, 138, 600),
    # census file: each broad group against white (100 of 400 appointed)
    ("e2e_census_me", 50, 320, 100, 400),
    ("e2e_census_asian", 20, 100, 100, 400),
    ("e2e_census_black", 15, 150, 100, 400),
    ("e2e_census_mixed", 10, 50, 100, 400),
    ("e2e_census_other", 5, 20, 100, 400),
]


def katz(a, n1, c, n2):
    b, d = n1 - a, n2 - c
    if n1 == 0 or n2 == 0 or c == 0:
        return None, None
    rr = (a * n2) / (c * n1)  # exact integers, one correctly rounded division
    k = 0.5 if 0 in (a, b, c, d) else 0.0
    a2, b2, c2, d2 = a + k, b + k, c + k, d + k
    m1, m2 = a2 + b2, c2 + d2
    ln = math.log((a2 / m1) / (c2 / m2))
    se = math.sqrt(1 / a2 - 1 / m1 + 1 / c2 - 1 / m2)
    return rr, (math.exp(ln - Z * se), math.exp(ln + Z * se))


def opt(x):
    return "None" if x is None else f"Some({x!r})"


def main():
    print("// label, a, n1, c, n2, RR, Katz CI low, high, Fisher two-sided p")
    for label, a, n1, c, n2 in TABLES:
        rr, ci = katz(a, n1, c, n2)
        _, p = fisher_exact([[a, n1 - a], [c, n2 - c]], alternative="two-sided")
        lo, hi = ci if ci else (None, None)
        print(
            f'    Ref {{ label: "{label}", a: {a}, n1: {n1}, c: {c}, n2: {n2}, '
            f"rl: {opt(rr)}, ci: {('Some(' + repr((lo, hi)) + ')') if ci else 'None'}, "
            f"p: {float(p)!r} }},"
        )


if __name__ == "__main__":
    main()
