"""An independent reader for the calculator's .docx report (python-docx, pinned in
scripts/bootstrap.sh): prints its headings, its tables and its pictures' alternative text as
JSON, for tests/report.rs to check."""
import json
import sys

import docx
from docx.oxml.ns import qn

document = docx.Document(sys.argv[1])
headings = [
    {"style": p.style.name, "text": p.text}
    for p in document.paragraphs
    if p.style is not None and p.style.name.startswith("Heading")
]
tables = [
    [[cell.text for cell in row.cells] for row in table.rows] for table in document.tables
]
# How each table sits on the page: whether every row but the last keeps with the next (so a
# short table is not split), how many rows it has, and whether what comes just before it
# (a paragraph) keeps with it.
def keeps_with_next(paragraph):
    ppr = paragraph.find(qn("w:pPr"))
    return ppr is not None and ppr.find(qn("w:keepNext")) is not None


layout = []
for tbl in document.element.body.iter(qn("w:tbl")):
    rows = tbl.findall(qn("w:tr"))
    kept = all(
        all(keeps_with_next(p) for p in row.iter(qn("w:p"))) for row in rows[:-1]
    )
    before = tbl.getprevious()
    layout.append({
        "rows": len(rows),
        "rows_kept_together": kept,
        # Right after another table, it has its own header row: nothing to keep.
        "kept_with_what_comes_before": before is not None
        and (before.tag == qn("w:tbl") or (before.tag == qn("w:p") and keeps_with_next(before))),
    })
pictures = []
for shape in document.inline_shapes:
    doc_pr = shape._inline.find(qn("wp:docPr"))
    pictures.append({"id": doc_pr.get("id"), "descr": doc_pr.get("descr") or ""})
print(json.dumps({
    "title": document.core_properties.title,
    "language": document.core_properties.language,
    "headings": headings,
    "tables": tables,
    "table_layout": layout,
    "pictures": pictures,
}))
