#!/usr/bin/env python3
"""Times counting staff extracts in the browser (the calculator's page), with `scwres aggregate`
and with pandas (read_csv + groupby), checks scwres and pandas give the same counts, and prints
tables of MB/s and ratios for each size: from the median of 3 runs, and from the best run of
each (on a shared machine the best runs are the steadier figure).

    cargo build --release --bin scwres
    trunk build --release                      # or make build: dist/sc-wres-calculator.html
    pip install pandas
    python3 bench/compare.py [--rows 100000 1000000] [--runs 3] [--runs-large 3]
                             [--binary release=target/release/scwres ...]
                             [--dist dist | --no-browser]

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
- browser: bench/browser.mjs (node, playwright-core, Debian's headless Chromium): the page
  from choosing the file in "Count from your HR extracts" until the staff report shows every
  row (reading the file, copying it into the WebAssembly memory, decoding, counting in slices
  that yield to the browser, and showing the report). It also measures the page's memory
  against the file's size. DIST_DIR or --dist chooses the build.

Goals: the browser at least 2x as fast as pandas, within 2x of native scwres (in-process),
and the page's peak memory within about 3x the file's size.
"""

import argparse
import json
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


def time_browser(rows, runs, runs_large, dist):
    """bench/browser.mjs's results, {rows: entry}; its progress goes to stderr."""
    cmd = ["node", os.path.join(HERE, "browser.mjs"), "--json", "--rows", *map(str, rows),
           "--runs", str(runs), "--runs-large", str(runs_large), "--dir", dist]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    if p.returncode != 0:
        sys.exit("bench/browser.mjs failed (build the page first, or pass --no-browser)")
    out = json.loads(p.stdout.strip().splitlines()[-1])
    return out, {e["rows"]: e for e in out["sizes"]}


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
    ap.add_argument("--runs-large", type=int, default=None,
                    help="runs in the browser for files of 500,000 rows or more (default --runs)")
    ap.add_argument("--dist", default=os.environ.get("DIST_DIR", os.path.join(ROOT, "dist")),
                    help="the build with sc-wres-calculator.html (default DIST_DIR or dist/)")
    ap.add_argument("--no-browser", action="store_true", help="time scwres and pandas only")
    a = ap.parse_args()
    binaries = [b.split("=", 1) for b in (a.binary or [f"release={ROOT}/target/release/scwres"])]
    try:
        import pandas  # noqa: F401
    except ImportError:
        sys.exit("pandas is needed: pip install pandas")
    page = os.path.join(a.dist, "sc-wres-calculator.html")
    if not a.no_browser and not os.path.exists(page):
        sys.exit(f"{page} is missing: build it first (make build), or pass --no-browser")

    rows_out = []
    summary = {}
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
                if label == binaries[0][0]:
                    summary[n] = {"mb": mb, "whole": statistics.median(walls),
                                  "native": statistics.median(inner),
                                  "best": {"whole": min(walls), "native": min(inner)}}
            times = []
            theirs = None
            for _ in range(a.runs):
                t, theirs = time_pandas(path)
                times.append(t)
            rows_out.append((n, mb, "pandas read_csv + groupby", statistics.median(times)))
            summary[n]["pandas"] = statistics.median(times)
            summary[n]["best"]["pandas"] = min(times)
            if theirs != ours:
                diff = sorted(set(theirs.items()) ^ set((k, tuple(v)) for k, v in ours.items()))[:5]
                sys.exit(f"the counts differ for {n} rows: {diff}")
        print(f"{n:,} rows: scwres and pandas give the same counts", file=sys.stderr)

    browser = None
    if not a.no_browser:
        browser_out, browser = time_browser(a.rows, a.runs, a.runs_large or a.runs, a.dist)
        for n in a.rows:
            b = browser[n]
            summary[n]["browser"] = b["ms"] / 1000
            summary[n]["best"]["browser"] = min(b["msAll"]) / 1000
            rows_out.append((n, summary[n]["mb"], "browser (page, file chosen -> report)", b["ms"] / 1000))

    print(f"\n{'rows':>10} {'MB':>6}  {'method':<38} {'median s':>9} {'MB/s':>8}")
    for n, mb, method, t in sorted(rows_out, key=lambda r: r[0]):
        print(f"{n:>10,} {mb:>6.1f}  {method:<38} {t:>9.3f} {mb / t:>8.1f}")

    if browser:
        # Medians, and the best run of each (the one least disturbed by whatever else the
        # machine was doing: on a shared machine the medians of runs minutes apart can differ
        # by half, while the best runs move less).
        for title, pick in (("median of runs", lambda x: x), ("best of runs", lambda x: x["best"])):
            print(f"\nMB/s ({title}) and ratios; goals: browser/pandas >= 2, native/browser <= 2")
            print(f"{'rows':>10} {'MB':>6} {'browser':>8} {'native':>8} {'native':>8} {'pandas':>8}"
                  f" {'browser/':>9} {'native/':>8} {'native/':>8}")
            print(f"{'':>10} {'':>6} {'(page)':>8} {'in-proc':>8} {'command':>8} {'':>8}"
                  f" {'pandas':>9} {'browser':>8} {'browser':>8}")
            print(f"{'':>10} {'':>6} {'':>8} {'':>8} {'':>8} {'':>8} {'':>9} {'in-proc':>8} {'command':>8}")
            for n in a.rows:
                x = pick(summary[n])
                mb = summary[n]["mb"]
                speed = {k: mb / x[k] for k in ("browser", "native", "whole", "pandas")}
                print(f"{n:>10,} {mb:>6.1f} {speed['browser']:>8.1f} {speed['native']:>8.1f}"
                      f" {speed['whole']:>8.1f} {speed['pandas']:>8.1f}"
                      f" {speed['browser'] / speed['pandas']:>8.2f}x {speed['native'] / speed['browser']:>7.2f}x"
                      f" {speed['whole'] / speed['browser']:>7.2f}x")
        print("\nPage memory (largest of the runs; MB = 10^6 bytes); goal: peak - before <= 3x the file")
        print(f"{'rows':>10} {'file MB':>8} {'renderer':>9} {'peak':>6} {'peak -':>7} {'x file':>7}"
              f" {'wasm':>7} {'JS heap':>8} {'Array':>8}")
        print(f"{'':>10} {'':>8} {'before':>9} {'':>6} {'before':>7} {'':>7} {'memory':>7} {'peak':>8} {'Buffers':>8}")
        for n in a.rows:
            b, m = browser[n], browser[n]["memory"]
            print(f"{n:>10,} {b['bytes'] / 1e6:>8.1f} {m['rssBefore'] / 1e6:>9.0f} {m['rssPeak'] / 1e6:>6.0f}"
                  f" {m['rssIncrease'] / 1e6:>7.0f} {m['rssIncrease'] / b['bytes']:>6.1f}x"
                  f" {m['wasmMemory'] / 1e6:>7.0f} {m['jsHeapPeak'] / 1e6:>8.0f} {m['backingStoragePeak'] / 1e6:>8.0f}")
        print("  renderer: the page's renderer process RSS before choosing the file, and its peak (VmHWM)"
              "\n  while counting; wasm memory: the WebAssembly memory at the end (it never shrinks);"
              "\n  JS heap and ArrayBuffers: the peaks sampled every 50 ms through the DevTools protocol")
        print(f"\n(median of {a.runs} runs, {a.runs_large or a.runs} in the browser for 500,000 rows or more;"
              f" Chromium {browser_out['chromium']}, pandas {pandas.__version__}, Python {sys.version.split()[0]},"
              f" {browser_out['cores']} cores {browser_out['cpu']})")
    else:
        print(f"\n(median of {a.runs} runs; pandas {pandas.__version__}, Python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()
