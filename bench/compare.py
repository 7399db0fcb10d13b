#!/usr/bin/env python3
"""Times `scwres aggregate` against pandas (read_csv + groupby) on the same staff extracts,
checks both give the same counts, and prints MB/s (median of 3 runs) for each size.

    cargo build --release --bin scwres
    pip install pandas
    python3 bench/compare.py [--rows 100000 1000000] [--runs 3]
                             [--binary release=target/release/scwres ...]

The extracts are made by bench/gen_staff.py (under target/bench/, not committed) when they
are missing. Run it when the machine is otherwise idle.

What is timed:
- scwres, whole command: the process from start to exit (read the file, decode, detect
  columns, recognise values, add up, write the submission file and print the report).
- scwres, in-process: the `--bench` figure: decode + read rows + add up, from the bytes in
  memory (no disk, no process start, no output).
- pandas: read_csv (C engine, every column as text) + mapping values + groupby, from the
  file. pandas is given the value tables for this extract (it does not recognise census
  labels, letter codes or dates in general), so it does less work than scwres.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

CATEGORIES = [
    "white_british", "white_irish", "white_gypsy_or_irish_traveller", "white_roma",
    "white_other", "mixed_white_and_black_caribbean", "mixed_white_and_black_african",
    "mixed_white_and_asian", "mixed_other", "asian_indian", "asian_pakistani",
    "asian_bangladeshi", "asian_chinese", "asian_other", "black_caribbean", "black_african",
    "black_other", "other_arab", "other_any", "not_known",
]

# The values gen_staff.py writes, and what they are (pandas is told; scwres works it out).
ETHNICITY = {
    "White - British": "white_british",
    "A": "white_british",
    "White - Irish": "white_irish",
    "White - Any other White background": "white_other",
    "Asian or Asian British - Indian": "asian_indian",
    "Asian or Asian British - Pakistani": "asian_pakistani",
    "H": "asian_indian",
    "Bangladeshi": "asian_bangladeshi",
    "Black or Black British - African": "black_african",
    "Black or Black British - Caribbean": "black_caribbean",
    "N": "black_african",
    "Mixed - White and Black Caribbean": "mixed_white_and_black_caribbean",
    "Mixed or Multiple: White & Asian": "mixed_white_and_asian",
    "Chinese": "asian_chinese",
    "Other ethnic group: Arab": "other_arab",
    "Any other ethnic group": "other_any",
    "Prefer not to say": "not_known",
    "Not stated": "not_known",
    "": "not_known",
}
WORKFORCE = {"Adult Social Care": "adults", "Children's Services": "children", "ASC": "adults"}
BANDS = ["Under £30,000", "£30,000 to £69,999", "£70,000 and over"]
FLAGS = {
    "senior_managers": "Senior Manager",
    "regulated_professionals": "Regulated Professional",
    "disciplinary": "Formal Disciplinary",
    "ftp_referrals": "FtP Referral",
    "cpd": "Funded CPD",
    "leavers": "Leaving Date",
}


def pandas_counts(path):
    """The submission counts computed with pandas: {(workforce, measure, band): [20 counts]}."""
    import pandas as pd

    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    w = df["Service Area"].map(WORKFORCE)
    e = pd.Categorical(df["Ethnic Origin"].map(ETHNICITY), categories=CATEGORIES)
    salary = pd.to_numeric(df["Annual Salary (FTE)"].str.replace(r"[£,]", "", regex=True))
    band = pd.cut(salary, [-float("inf"), 30000, 70000, float("inf")], right=False, labels=BANDS)
    frame = pd.DataFrame({"w": w, "e": e, "band": band})
    for measure, column in FLAGS.items():
        # Y or a date is yes; N or blank is no.
        frame[measure] = ~df[column].isin(["", "N"])
    out = {}
    staff = frame.groupby(["w", "band", "e"], observed=False).size()
    for (wf, b, cat), n in staff.items():
        out.setdefault((wf, "staff", b), [0] * 20)[CATEGORIES.index(cat)] = int(n)
    events = frame.groupby(["w", "e"], observed=False)[list(FLAGS)].sum()
    for (wf, cat), row in events.iterrows():
        for measure in FLAGS:
            out.setdefault((wf, measure, ""), [0] * 20)[CATEGORIES.index(cat)] = int(row[measure])
    return out


def scwres_counts(csv_path):
    """The counts in a submission file written by scwres aggregate."""
    import csv

    out = {}
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        r = csv.reader(f)
        header = next(r)
        assert header[3:] == CATEGORIES, header
        for row in r:
            out[(row[0], row[1], row[2])] = [int(x) for x in row[3:]]
    return out


def time_scwres(binary, path, out_csv):
    start = time.perf_counter()
    p = subprocess.run(
        [binary, "aggregate", "--staff", path, "--bench", "-o", out_csv],
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    if p.returncode != 0:
        sys.exit(f"scwres failed: {p.stderr}")
    m = re.search(r"aggregated in ([0-9.]+) s", p.stderr)
    return wall, float(m.group(1))


def time_pandas(path):
    start = time.perf_counter()
    counts = pandas_counts(path)
    return time.perf_counter() - start, counts


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument(
        "--binary",
        action="append",
        help="LABEL=PATH of an scwres binary (default release=target/release/scwres)",
    )
    ap.add_argument("--data", default=os.path.join(ROOT, "target", "bench"))
    a = ap.parse_args()
    binaries = [b.split("=", 1) for b in (a.binary or [f"release={ROOT}/target/release/scwres"])]
    try:
        import pandas  # noqa: F401
    except ImportError:
        sys.exit("pandas is needed: pip install pandas")

    rows_out = []
    for n in a.rows:
        path = os.path.join(a.data, f"staff_{n}.csv")
        if not os.path.exists(path):
            subprocess.run(
                [sys.executable, os.path.join(HERE, "gen_staff.py"), "--rows", str(n), "--out", a.data],
                check=True,
            )
        mb = os.path.getsize(path) / 1e6
        with tempfile.TemporaryDirectory() as tmp:
            out_csv = os.path.join(tmp, "submission.csv")
            for label, binary in binaries:
                walls, inner = [], []
                for _ in range(a.runs):
                    w, i = time_scwres(binary, path, out_csv)
                    walls.append(w)
                    inner.append(i)
                ours = scwres_counts(out_csv)
                rows_out.append((n, mb, f"scwres ({label}), whole command", statistics.median(walls)))
                rows_out.append((n, mb, f"scwres ({label}), in-process", statistics.median(inner)))
            times = []
            theirs = None
            for _ in range(a.runs):
                t, theirs = time_pandas(path)
                times.append(t)
            rows_out.append((n, mb, "pandas read_csv + groupby", statistics.median(times)))
            if theirs != ours:
                diff = sorted(set(theirs.items()) ^ set((k, tuple(v)) for k, v in ours.items()))[:5]
                sys.exit(f"the counts differ for {n} rows: {diff}")
        print(f"{n:,} rows: scwres and pandas give the same counts", file=sys.stderr)

    print(f"\n{'rows':>10} {'MB':>6}  {'method':<36} {'median s':>9} {'MB/s':>8}")
    for n, mb, method, t in rows_out:
        print(f"{n:>10,} {mb:>6.1f}  {method:<36} {t:>9.3f} {mb / t:>8.1f}")
    print(f"\n(median of {a.runs} runs; pandas {pandas.__version__}, Python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()
