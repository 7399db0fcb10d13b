#!/usr/bin/env python3
"""Not a test: how long the command line takes to answer hostile and absurd files.

Generates each file under target/bench/hostile/ (nothing large is committed), runs
`scwres report` or `scwres aggregate` on it (target/release/scwres), and prints the time, the
exit code and the first line of what it said, against the goal: an answer within 5 s, never a
panic. `make bench` runs it.
"""
import os
import struct
import subprocess
import sys
import time
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "target", "bench", "hostile")
SCWRES = os.path.join(ROOT, "target", "release", "scwres")
GOAL_S = 5.0

NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def zip_file(parts):
    """A zip of (name, text) parts, deflated, as a workbook is."""
    out, directory = bytearray(), bytearray()
    for name, text in parts:
        name, plain = name.encode(), text.encode()
        comp = zlib.compressobj(9, zlib.DEFLATED, -15)
        body = comp.compress(plain) + comp.flush()
        crc = zlib.crc32(plain)
        offset = len(out)
        out += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(body), len(plain), len(name), 0)
        out += name + body
        directory += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(body),
                                 len(plain), len(name), 0, 0, 0, 0, 0, offset) + name
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(directory), len(out), 0)
    return bytes(out + directory + end)


def workbook(sheets, body, shared=()):
    names = "".join(f'<sheet name="Sheet {i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, sheets + 1))
    rels = "".join(f'<Relationship Id="rId{i}" Type="{REL}worksheet" Target="worksheets/sheet{i}.xml"/>'
                   for i in range(1, sheets + 1))
    rels += f'<Relationship Id="rIdS" Type="{REL}sharedStrings" Target="sharedStrings.xml"/>'
    strings = "".join(f"<si><t>{s}</t></si>" for s in shared)
    return zip_file([
        ("xl/workbook.xml", f"<workbook {NS}><sheets>{names}</sheets></workbook>"),
        ("xl/_rels/workbook.xml.rels",
         f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>'),
        ("xl/worksheets/sheet1.xml", f"<worksheet {NS}>{body}</worksheet>"),
        ("xl/sharedStrings.xml", f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{strings}</sst>'),
    ])


def cells(rows, cols, value):
    def letter(c):
        s = ""
        c += 1
        while c:
            c, r = divmod(c - 1, 26)
            s = chr(65 + r) + s
        return s
    body = "<sheetData>"
    for r in range(1, rows + 1):
        body += f'<row r="{r}">' + "".join(f'<c r="{letter(c)}{r}" {value}' for c in range(cols)) + "</row>"
    return body + "</sheetData>"


HEADER = "workforce,measure,pay_band,white,minority_ethnic,not_known\n"
MEASURES = ["shortlisted", "appointed", "disciplinary", "regulated_professionals", "ftp_referrals", "cpd",
            "leavers", "senior_managers", "survey_respondents", "harassment_public", "harassment_colleagues",
            "harassment_managers"]


def cases():
    """(name, command, file contents or a function writing them)."""
    yield "one line of 200 MB, as a submission file", "report", "one-line.csv", lambda f: f.write(b"x" * 200_000_000)
    yield "one line of 200 MB, as a staff extract", "aggregate", "one-line.csv", None
    yield "a workbook row numbered 4,000,000,000", "report", "far-down.xlsx", workbook(
        1, '<sheetData><row r="4000000000"><c r="A4000000000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')
    yield "a huge <dimension> and a cell in column XFD", "aggregate", "wide.xlsx", workbook(
        1, '<dimension ref="A1:XFD1048576"/>' + cells(3000, 1, "><v>1</v></c>")[:-12]
        + '<row r="3001"><c r="XFD3001"><v>1</v></c></row></sheetData>')
    yield "one 30 KB shared string in 40,000 cells", "aggregate", "shared.xlsx", workbook(
        1, cells(200, 200, 't="s"><v>0</v></c>'), ["y" * 30_000])
    yield "100,000 sheets", "aggregate", "sheets.xlsx", workbook(
        100_000, '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')
    band_rows = "".join(f"adults,staff,Band {i},10,5,1\n" for i in range(30_000))
    yield "30,000 pay bands", "report", "bands.csv", (HEADER + band_rows + "".join(
        f"adults,{m},,100,50,5\n" for m in MEASURES)).encode()
    near = "".join(f"adults,{m},,{w},{me},0\n" for m, w, me in zip(
        MEASURES, [1_000_000, 499_000, 500_000, 1_000_000, 999_999, 123_456, 500_000, 1, 1_000_000, 1_000_000,
                   777_777, 5],
        [1_000_000, 501_000, 499_000, 1_000_000, 1, 654_321, 500_000, 999_999, 1_000_000, 0, 333_333, 5]))
    yield "counts near the 1,000,000 limit", "report", "near-limit.csv", (
        HEADER + "adults,staff,All,1000000,1000000,0\n" + near).encode()
    settings = '{"format": "sc-wres-record-settings", "version": 1, "salary_thresholds": [%s]}' % ",".join(
        str(i) for i in range(1, 1_000_001))
    yield "a settings file with 1,000,000 salary thresholds", "settings", "settings.json", settings.encode()
    yield "20,000 columns in a staff extract", "aggregate", "columns.csv", (
        ",".join(["Ethnicity", "Service"] + [f"Column {i}" for i in range(20_000)]) + "\n"
        + ",".join(["White British", "Adults"] + ["1"] * 20_000) + "\n").encode()


def main():
    if not os.path.exists(SCWRES):
        sys.exit("bench: target/release/scwres is missing: cargo build --release --bin scwres")
    os.makedirs(OUT, exist_ok=True)
    staff = os.path.join(ROOT, "tests", "records", "staff.csv")
    print(f"{'file':<48} {'command':<10} {'seconds':>8} {'exit':>5}  answer (goal: within {GOAL_S:.0f} s, no panic)")
    worst = 0.0
    for name, command, file, contents in cases():
        path = os.path.join(OUT, file)
        if callable(contents):
            with open(path, "wb") as f:
                contents(f)
        elif contents is not None:
            with open(path, "wb") as f:
                f.write(contents)
        out = os.path.join(OUT, "out.csv")
        args = {
            "report": [SCWRES, "report", path],
            "aggregate": [SCWRES, "aggregate", "--staff", path, "-o", out],
            "settings": [SCWRES, "aggregate", "--staff", staff, "--settings", path, "-o", out],
        }[command]
        start = time.perf_counter()
        done = subprocess.run(args, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        worst = max(worst, seconds)
        said = (done.stderr.strip() or done.stdout.strip()).splitlines()
        first = said[0][:110] if said else ""
        panicked = "panicked" in done.stderr
        mark = "PANIC " if panicked else ("" if seconds <= GOAL_S else "SLOW ")
        print(f"{name:<48} {command:<10} {seconds:>8.2f} {done.returncode:>5}  {mark}{first}")
    print(f"slowest: {worst:.2f} s against the goal of {GOAL_S:.0f} s: {'met' if worst <= GOAL_S else 'NOT met'}")


if __name__ == "__main__":
    main()
