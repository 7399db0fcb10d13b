#!/usr/bin/env python3
"""Writes the bad and quirky submission files that tests/corpus.rs checks.

Run from anywhere:  python3 tests/corpus/make_corpus.py
Every file is generated here (binary ones too: UTF-16, Windows-1252, xlsx/xls/pdf magic
bytes), so the corpus can be rebuilt exactly; the generated files are committed as well.
Each file is the valid base submission below with one thing changed, so each produces
exactly the messages tests/corpus.rs states for it.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))

HEADER = ["workforce", "measure", "pay_band", "white", "minority_ethnic", "not_known"]

# The base: a complete adults submission, every white and minority ethnic count 0 or >= 10,
# every event count within its population, declaration above 90%: no messages at all.
# Spreadsheet rows: header 1, then rows 2..16 in this order.
BASE = [
    ["adults", "staff", "Band 1", "300", "100", "20"],  # 2
    ["adults", "staff", "Band 2", "150", "80", "5"],  # 3
    ["adults", "staff", "Band 3", "50", "20", "5"],  # 4
    ["adults", "shortlisted", "", "410", "380", "30"],  # 5
    ["adults", "appointed", "", "98", "52", "6"],  # 6
    ["adults", "disciplinary", "", "20", "20", "1"],  # 7
    ["adults", "regulated_professionals", "", "100", "50", "5"],  # 8
    ["adults", "ftp_referrals", "", "12", "10", "0"],  # 9
    ["adults", "cpd", "", "300", "100", "10"],  # 10
    ["adults", "leavers", "", "60", "30", "2"],  # 11
    ["adults", "senior_managers", "", "20", "10", "1"],  # 12
    ["adults", "survey_respondents", "", "200", "100", "10"],  # 13
    ["adults", "harassment_public", "", "40", "30", "2"],  # 14
    ["adults", "harassment_colleagues", "", "40", "10", "1"],  # 15
    ["adults", "harassment_managers", "", "10", "10", "0"],  # 16
]


def quote(cell, delim=","):
    if any(ch in cell for ch in (delim, '"', "\n", "\r")):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def csv_text(rows, delim=",", eol="\r\n", header=None):
    header = HEADER if header is None else header
    lines = [delim.join(quote(c, delim) for c in r) for r in [header] + rows]
    return eol.join(lines) + eol


def _changed(row, col, value):
    """The base rows with one cell changed (spreadsheet row number, column letter)."""
    rows = [list(r) for r in BASE]
    rows[row - 2]["ABCDEF".index(col)] = value
    return rows


FILES = {}


def add(name, data):
    assert name not in FILES, name
    FILES[name] = data if isinstance(data, bytes) else data.encode("utf-8")


# ---------------------------------------------------------------- bad: the file itself
add("bad_empty.csv", b"")
add("bad_blank_lines_only.csv", b"\r\n\r\n   \r\n")
add("bad_bom_then_empty_cells.csv", b"\xef\xbb\xbf,,,\r\n,,\r\n")
add("bad_xlsx.xlsx", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml\x00\x00")
add("bad_xls.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 24)
add("bad_pdf.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
add("bad_binary.bin", b"\x7fELF\x02\x01\x01\x00" + bytes(range(0, 64)))

# ---------------------------------------------------------------- bad: the header
add("bad_header_only.csv", csv_text([]))
add("bad_header_and_empty_rows.csv", csv_text([]) + ",,,,,\r\n,,,,,\r\n")
add(
    "bad_missing_columns.csv",
    csv_text(
        [[r[0], r[1], r[3], r[4]] for r in BASE],
        header=["workforce", "measure", "white", "minority_ethnic"],
    ),
)
add(
    "bad_missing_minority_column.csv",
    csv_text(
        [r[:4] + r[5:] for r in BASE],
        header=["workforce", "measure", "pay_band", "white", "not_known"],
    ),
)
add("bad_unknown_column.csv", csv_text([r + ["999"] for r in BASE], header=HEADER + ["total"]))
add(
    "bad_blank_header_cell.csv",
    csv_text([r[:3] + [""] + r[3:] for r in BASE], header=HEADER[:3] + [""] + HEADER[3:]),
)
add("bad_duplicate_column.csv", csv_text([r + [r[3]] for r in BASE], header=HEADER + ["White"]))
add(
    "bad_mixed_forms.csv",
    csv_text(
        [r[:5] + ["0"] + r[5:] for r in BASE],
        header=HEADER[:5] + ["asian_indian"] + HEADER[5:],
    ),
)
CENSUS_KEYS = [
    "white_british", "white_irish", "white_gypsy_or_irish_traveller", "white_roma",
    "white_other", "mixed_white_and_black_caribbean", "mixed_white_and_black_african",
    "mixed_white_and_asian", "mixed_other", "asian_indian", "asian_pakistani",
    "asian_bangladeshi", "asian_chinese", "asian_other", "black_caribbean", "black_african",
    "black_other", "other_arab", "other_any",
]
_short = [k for k in CENSUS_KEYS if k not in ("white_roma", "other_arab")]
add(
    "bad_census_missing_categories.csv",
    csv_text(
        [r[:3] + ["1"] * len(_short) + ["0"] for r in BASE],
        header=HEADER[:3] + _short + ["not_known"],
    ),
)
add("bad_title_row.csv", "SC-WRES return 2024,,,,,\r\n" + csv_text(BASE))

# ---------------------------------------------------------------- bad: rows and cells
add("bad_unknown_workforce.csv", csv_text(_changed(7, "A", "adult services")))
add("bad_empty_workforce.csv", csv_text(_changed(3, "A", "")))
add("bad_unknown_measure.csv", csv_text(_changed(10, "B", "CPD courses")))
add("bad_duplicate_row.csv", csv_text(BASE + [["adults", "cpd", "", "5", "5", "0"]]))
add("bad_duplicate_pay_band.csv", csv_text(BASE + [["adults", "staff", "BAND 1", "10", "10", "0"]]))
add("bad_staff_without_pay_band.csv", csv_text(_changed(3, "C", "")))
_extra = [list(r) for r in BASE]
_extra[8 - 2] = _extra[8 - 2] + ["", "7"]
add("bad_extra_cell.csv", csv_text(_extra))
add(
    "bad_unquoted_thousands.csv",
    csv_text(BASE).replace("adults,staff,Band 1,300,", "adults,staff,Band 1,1,300,"),
)
_short_row = [list(r) for r in BASE]
_short_row[10 - 2] = _short_row[10 - 2][:5]
add("bad_missing_cell.csv", csv_text(_short_row))
add("bad_non_numeric.csv", csv_text(_changed(6, "E", "fifty-two")))
add("bad_negative.csv", csv_text(_changed(11, "D", "-3")))
add("bad_fractional.csv", csv_text(_changed(3, "D", "149.5")))
add("bad_huge.csv", csv_text(_changed(2, "D", "30000000")))
_supp = _changed(9, "D", "<10")
_supp[9 - 2][4] = "*"
add("bad_suppressed.csv", csv_text(_supp))
add("bad_empty_cell.csv", csv_text(_changed(12, "F", "")))
add("bad_european_thousands.csv", csv_text(_changed(2, "D", "1.000"), delim=";"))
_several = _changed(2, "D", "-1")
_several[4 - 2][0] = "x"
_several[4 - 2][4] = "abc"
add("bad_several_errors.csv", csv_text(_several))
# Row numbers must be spreadsheet rows whatever the line ends: LF, a lone CR (Excel for
# Mac "CSV (Macintosh)"), and after a header cell with a line break in it.
add("bad_lf_line_ends.csv", csv_text(_changed(6, "E", "n/a"), eol="\n"))
add("bad_cr_line_ends.csv", csv_text(_changed(6, "E", "n/a"), eol="\r"))
add(
    "bad_multiline_header_cell.csv",
    csv_text(_changed(6, "E", "n/a"), header=HEADER[:4] + ["minority\nethnic"] + HEADER[5:]),
)

# ---------------------------------------------------------------- quirky but valid
add("ok_base.csv", csv_text(BASE, eol="\n"))
add("ok_utf8_bom.csv", b"\xef\xbb\xbf" + csv_text(BASE).encode("utf-8"))
POUND_BANDS = {"Band 1": "Under £30,000", "Band 2": "£30,000 to £69,999", "Band 3": "£70,000 and over"}
_pound = [[POUND_BANDS.get(c, c) for c in r] for r in BASE]
add("ok_windows1252_pound.csv", csv_text(_pound).encode("cp1252"))
add("ok_utf16le_tab.txt", b"\xff\xfe" + csv_text(_pound, delim="\t").encode("utf-16-le"))
add("ok_utf16be_tab.txt", b"\xfe\xff" + csv_text(_pound, delim="\t").encode("utf-16-be"))
add("ok_semicolon.csv", csv_text(_pound, delim=";"))
add("ok_crlf.csv", csv_text(BASE, eol="\r\n"))
add("ok_cr_only.csv", csv_text(BASE, eol="\r"))
add("ok_quoted_thousands.csv", csv_text(_changed(2, "D", "1,300")))
add(
    "ok_spaces_around_cells.csv",
    "\r\n".join(
        ["workforce , measure , pay_band , white , minority_ethnic , not_known"]
        + [" , ".join(r) for r in BASE]
    )
    .replace("adults , staff , Band 1 , 300", "adults , staff , Band 1 , \u00a0300\u00a0")
    + "\r\n",
)
add("ok_decimal_zero.csv", csv_text(_changed(2, "D", "300.0")))
# Band names that differ only in symbols are different bands (not duplicates).
_symbols = [list(r) for r in BASE]
for i, name in enumerate(["< £30,000", ">= £30,000", "Senior"]):
    _symbols[i][2] = name
add("ok_band_names_differing_by_symbols.csv", csv_text(_symbols))
MEASURE_ALIASES = {
    "staff": "Headcount",
    "shortlisted": "Shortlisted applicants",
    "appointed": "Appointments",
    "disciplinary": "Formal disciplinary",
    "regulated_professionals": "Regulated staff",
    "ftp_referrals": "Fitness to practise referrals",
    "cpd": "Funded CPD",
    "leavers": "Left",
    "senior_managers": "Senior management",
    "survey_respondents": "Survey responses",
    "harassment_public": "Harassment from the public",
    "harassment_colleagues": "Harassment from colleagues",
    "harassment_managers": "Harassment from managers",
}
_aliases = [["Adult social care", MEASURE_ALIASES[r[1]]] + r[2:] for r in BASE]
_children_names = ["CSC", "Children's social care", "CHILDREN"]
_aliases += [
    [_children_names[i % 3], r[1].upper()] + r[2:] for i, r in enumerate(BASE)
]
add(
    "ok_aliases_mixed_case.csv",
    csv_text(_aliases, header=["Workforce", "Measure", "Pay Band", "White", "BAME", "Not Known"]),
)
CENSUS_LABELS = [
    "White: English, Welsh, Scottish, Northern Irish or British",
    "White: Irish",
    "White: Gypsy or Irish Traveller",
    "White: Roma",
    "White: Any other White background",
    "Mixed or Multiple ethnic groups: White and Black Caribbean",
    "Mixed or Multiple ethnic groups: White and Black African",
    "Mixed or Multiple ethnic groups: White and Asian",
    "Mixed or Multiple ethnic groups: Any other Mixed or Multiple background",
    "Asian or Asian British - Indian",
    "Asian or Asian British - Pakistani",
    "Asian or Asian British - Bangladeshi",
    "Asian or Asian British - Chinese",
    "Asian or Asian British - Any other Asian background",
    "Black, Black British, Caribbean or African: Caribbean",
    "Black, Black British, Caribbean or African: African",
    "Black, Black British, Caribbean or African: Any other Black, Caribbean or African background",
    "Other ethnic group: Arab",
    "Other ethnic group: Any other ethnic group",
]


def census_cells(white, me):
    """Rows other than Band 1 put white staff in white_british and minority ethnic staff in
    asian_indian (so no broad group has a count from 1 to 9)."""
    cells = ["0"] * 19
    cells[0] = str(white)
    cells[9] = str(me)
    return cells


_census = []
for r in BASE:
    if r[2] == "Band 1":
        # white 200+20+0+0+80 = 300; Mixed 5*4 = 20; Asian 20+10+5+3+2 = 40;
        # Black 10+15+5 = 30; Other 5+5 = 10; minority ethnic 100.
        cells = "200 20 0 0 80 5 5 5 5 20 10 5 3 2 10 15 5 5 5".split()
    else:
        cells = census_cells(int(r[3]), int(r[4]))
    _census.append(r[:3] + cells + [r[5]])
add("ok_census_labels.csv", csv_text(_census, header=HEADER[:3] + CENSUS_LABELS + ["Prefer not to say"]))
add(
    "ok_trailing_empty_columns.csv",
    csv_text([r + ["", "", ""] for r in BASE], header=HEADER + ["", "", ""]),
)
_blank = csv_text(_changed(12, "E", "3")).split("\r\n")
# Two blank lines after the header and an empty-cells row after row 6 of the base: the
# senior_managers row (base row 12) becomes spreadsheet row 15.
_blank = _blank[:1] + ["", ""] + _blank[1:6] + [",,,,,"] + _blank[6:]
add("ok_blank_rows.csv", "\r\n".join(_blank))
_multi = [list(r) for r in _changed(12, "E", "3")]
_multi[0][2] = "Band 1\n(under £30,000)"
add("ok_multiline_pay_band.csv", csv_text(_multi))

# ---------------------------------------------------------------- valid, with warnings
add("warn_appointed_gt_shortlisted.csv", csv_text(_changed(6, "E", "400")))
add("warn_ftp_gt_regulated.csv", csv_text(_changed(9, "D", "120")))
add("warn_harassment_gt_respondents.csv", csv_text(_changed(15, "E", "120")))
add("warn_disciplinary_gt_headcount.csv", csv_text(_changed(7, "D", "600")))
add("warn_not_known_events_exceed.csv", csv_text(_changed(6, "F", "40")))
add("warn_low_declaration.csv", csv_text(_changed(2, "F", "100")))
add("warn_small_numbers.csv", csv_text(_changed(12, "E", "3")))
add("warn_missing_rows.csv", csv_text([r for r in BASE if r[1] not in ("cpd", "leavers")]))
add("warn_no_staff_rows.csv", csv_text([r for r in BASE if r[1] != "staff"]))
add("warn_pay_band_on_other_row.csv", csv_text(_changed(5, "C", "All bands")))


def main():
    for name in sorted(os.listdir(HERE)):
        if name.startswith(("bad_", "ok_", "warn_")) and name not in FILES:
            os.remove(os.path.join(HERE, name))
    for name, data in FILES.items():
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)
    print(f"wrote {len(FILES)} files to {HERE}")


if __name__ == "__main__":
    main()
