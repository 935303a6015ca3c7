"""A brief made on Word's standard template (python-docx ships Word's own `default.docx`): headings, bold and
italic, a bullet and a numbered list, a 4×3 table and real footnotes, with `numRestart=eachSect` as some Word
documents have. Pandoc-made samples define pandoc's styles and hide what such a file lacks."""

from __future__ import annotations

import copy
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"

NOTES = {
    1: "Rapport de l’AIEA, septembre 2023.",
    2: "Déclaration du ministère ukrainien de l’Énergie.",
    3: "Entretien avec un ingénieur de la centrale.",
}
TABLE = [
    ["Réacteur", "État", "Puissance"],
    ["Unité 1", "arrêt à froid", "950 MW"],
    ["Unité 2", "arrêt à froid", "950 MW"],
    ["Unité 5", "arrêt à chaud", "1 000 MW"],
]


def _footnotes_xml() -> bytes:
    notes = "".join(
        f'<w:footnote w:id="{n}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
        f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
        for n, text in NOTES.items()
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W_NS}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
        f"</w:p></w:footnote>{notes}</w:footnotes>"
    ).encode()


def make_word_brief(path: Path) -> Path:
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE  # noqa: F401  (python-docx's names, for reference)
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    document = docx.Document()  # Word's standard template
    document.add_heading("La centrale de Zaporijjia", level=1)
    para = document.add_paragraph("La centrale reste sous le contrôle de ")
    para.add_run("Rosatom").bold = True
    para.add_run(" depuis mars 2022, selon les ")
    para.add_run("inspecteurs").italic = True
    para.add_run(" de l’agence.")
    _note(para, 1)
    document.add_paragraph("Les six réacteurs sont à l’arrêt.", style="List Bullet")
    bullet = document.add_paragraph("Le refroidissement dépend d’une seule ligne.", style="List Bullet")
    _note(bullet, 2)
    document.add_paragraph("Rétablir la ligne principale.", style="List Number")
    document.add_paragraph("Inspecter les diesels de secours.", style="List Number")
    document.add_paragraph("Tableau 1. Les trois états des réacteurs, selon l’exploitant.", style="Caption")
    table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    table.style = "Table Grid"
    for r, row in enumerate(TABLE):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    last = document.add_paragraph("Un ingénieur décrit une situation « précaire ».")
    _note(last, 3)

    footnotes = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, _footnotes_xml(), document.part.package)
    document.part.relate_to(footnotes, FOOTNOTES_TYPE)
    sect = document.sections[0]._sectPr
    footnote_pr = parse_xml(f'<w:footnotePr xmlns:w="{W_NS}"><w:numRestart w:val="eachSect"/></w:footnotePr>')
    sect.insert(0, footnote_pr)
    settings = document.settings.element
    settings_pr = parse_xml(
        f'<w:footnotePr xmlns:w="{W_NS}"><w:numRestart w:val="eachSect"/>'
        '<w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
    )
    anchor = settings.find(qn("w:characterSpacingControl"))
    if anchor is not None:
        anchor.addnext(settings_pr)
    document.save(str(path))
    return path


def _note(paragraph: object, number: int) -> None:
    from docx.oxml import parse_xml

    run = parse_xml(
        f'<w:r xmlns:w="{W_NS}"><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
        f'<w:footnoteReference w:id="{number}"/></w:r>'
    )
    paragraph._p.append(copy.deepcopy(run))  # type: ignore[attr-defined]


if __name__ == "__main__":
    print(make_word_brief(Path("word-brief.fr.docx")))
