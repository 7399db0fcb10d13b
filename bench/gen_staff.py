#!/usr/bin/env python3
"""Generates synthetic staff extracts (one row per member of staff) for benchmarking
`scwres aggregate`, deterministically: the same seed gives the same bytes.

    python3 bench/gen_staff.py [--rows 100000 1000000] [--out target/bench]

Writes staff_<rows>.csv (about 80 bytes a row, so 1,000,000 rows is about 80 MB). The
files are synthetic (no real people) and are not committed: they go under target/ by
default, which git ignores.

The values are the kind an HR system exports: workforce names, ethnicity as census labels
with group prefixes, 2001 letter codes and "prefer not to say" or blank, FTE salaries
with and without pound signs and commas, Y/N flags, and dates meaning yes.
"""

import argparse
import os
import random

HEADER = (
    "Staff ID,Service Area,Job Title,Ethnic Origin,Annual Salary (FTE),Senior Manager,"
    "Regulated Professional,Formal Disciplinary,FtP Referral,Funded CPD,Leaving Date"
)

WORKFORCES = [("Adult Social Care", 62), ("Children's Services", 35), ("ASC", 3)]

JOBS = [
    ("Social Worker", 25),
    ("Senior Social Worker", 8),
    ("Care Assistant", 30),
    ("Occupational Therapist", 5),
    ("Team Manager", 6),
    ("Business Support Officer", 18),
    ("Head of Service", 2),
    ("Family Support Worker", 6),
]

ETHNICITIES = [
    ("White - British", 520),
    ("A", 80),
    ("White - Irish", 15),
    ("White - Any other White background", 60),
    ("Asian or Asian British - Indian", 45),
    ("Asian or Asian British - Pakistani", 35),
    ("H", 10),
    ("Bangladeshi", 12),
    ("Black or Black British - African", 60),
    ("Black or Black British - Caribbean", 35),
    ("N", 8),
    ("Mixed - White and Black Caribbean", 15),
    ("Mixed or Multiple: White & Asian", 8),
    ("Chinese", 5),
    ("Other ethnic group: Arab", 4),
    ("Any other ethnic group", 6),
    ("Prefer not to say", 30),
    ("Not stated", 12),
    ("", 30),
]


def weighted(rng, items):
    values = [v for v, _ in items]
    weights = [w for _, w in items]
    cum = []
    total = 0
    for w in weights:
        total += w
        cum.append(total)
    return lambda: values[_bisect(cum, rng.random() * total)]


def _bisect(cum, x):
    lo, hi = 0, len(cum)
    while lo < hi:
        mid = (lo + hi) // 2
        if cum[mid] <= x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def date(rng):
    d, m = rng.randint(1, 28), rng.randint(1, 12)
    y = rng.choice([2023, 2024])
    if rng.random() < 0.5:
        return f"{y}-{m:02d}-{d:02d}"
    return f"{d:02d}/{m:02d}/{y}"


def salary(rng, job):
    base = {
        "Care Assistant": 23000,
        "Business Support Officer": 26000,
        "Family Support Worker": 29000,
        "Social Worker": 38000,
        "Occupational Therapist": 39000,
        "Senior Social Worker": 45000,
        "Team Manager": 55000,
        "Head of Service": 82000,
    }[job]
    s = base + rng.randint(-3000, 9000)
    style = rng.random()
    if style < 0.6:
        return str(s)
    if style < 0.9:
        return f"{s}.00"
    return f'"£{s:,}.00"'


def generate(rows, path, seed=2024):
    rng = random.Random(seed + rows)
    workforce = weighted(rng, WORKFORCES)
    job_of = weighted(rng, JOBS)
    ethnicity = weighted(rng, ETHNICITIES)
    yn = lambda p: "Y" if rng.random() < p else "N"
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(HEADER + "\r\n")
        out = []
        for i in range(rows):
            job = job_of()
            senior = "Y" if job in ("Head of Service",) or (job == "Team Manager" and rng.random() < 0.3) else "N"
            regulated = "Y" if job in ("Social Worker", "Senior Social Worker", "Occupational Therapist", "Team Manager") else "N"
            disciplinary = date(rng) if rng.random() < 0.02 else ""
            ftp = ("Y" if rng.random() < 0.01 else "N") if regulated == "Y" else ""
            cpd = yn(0.35)
            leaving = date(rng) if rng.random() < 0.12 else ""
            out.append(
                f"E{i:07d},{workforce()},{job},{ethnicity()},{salary(rng, job)},{senior},"
                f"{regulated},{disciplinary},{ftp},{cpd},{leaving}\r\n"
            )
            if len(out) >= 10000:
                f.write("".join(out))
                out.clear()
        f.write("".join(out))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    p.add_argument("--out", default=os.path.join("target", "bench"))
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for n in a.rows:
        path = os.path.join(a.out, f"staff_{n}.csv")
        generate(n, path)
        print(f"{path}: {n:,} rows, {os.path.getsize(path) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
