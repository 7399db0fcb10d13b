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
pictures = []
for shape in document.inline_shapes:
    doc_pr = shape._inline.find(qn("wp:docPr"))
    pictures.append({"id": doc_pr.get("id"), "descr": doc_pr.get("descr") or ""})
print(json.dumps({
    "title": document.core_properties.title,
    "language": document.core_properties.language,
    "headings": headings,
    "tables": tables,
    "pictures": pictures,
}))
