"""Only http, https, mailto and #anchors leave the toolkit as links; the rest is text, reported in QA."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import html as lxml_html

from toolkit.cli import main
from toolkit.support.links import publishable, safe_url

HREFS = [
    ("https://example.org/a?b=c", True), ("http://example.org", True), ("HTTPS://EXAMPLE.ORG", True),
    ("mailto:press@example.org", True), ("#section-2", True), ("#fn1", True),
    ("file:///etc/passwd", False), ("FILE:///etc/passwd", False), ("javascript:alert(1)", False),
    ("java\tscript:alert(1)", False), (" javascript:alert(1)", False), ("data:text/html,<b>x</b>", False),
    ("vbscript:msgbox", False), ("../secret.txt", False), ("secret.txt", False), ("/etc/passwd", False),
    ("//evil.example/x", False), ("smb://host/share", False), ("#", False), ("# x", False), ("", False),
]


@pytest.mark.parametrize(("href", "ok"), HREFS)
def test_publishable(href: str, ok: bool) -> None:
    assert publishable(href) is ok


def test_safe_url_is_the_review_page_rule_too() -> None:
    from toolkit.formats.review_html import safe_href

    assert safe_href is safe_url
    assert safe_url("#fn1") is None  # the review page has no such anchor


UNSAFE = {"file:///etc/passwd": "passwd", "javascript:alert(1)": "alert(1)",
          "data:text/html,<b>PWNED</b>": "PWNED", "../secret-notes.txt": "secret-notes"}
SAFE = {"https://example.org/source": "example.org/source", "mailto:press@example.org": "press@example.org"}


def every_output_text(folder: Path, skip: tuple[str, ...] = (".xlf",)) -> dict[str, bytes]:
    """Each output's bytes, DOCX packages unpacked part by part."""
    found: dict[str, bytes] = {}
    for path in folder.iterdir():
        if path.name.endswith(skip):
            continue
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    found[f"{path.name}:{name}"] = archive.read(name)
        else:
            found[path.name] = path.read_bytes()
    return found


def test_unsafe_links_of_a_brief_are_published_as_text_and_reported(tmp_path: Path) -> None:
    brief = tmp_path / "links.fr.md"
    lines = [f"Voici [la source numéro {i}]({href}) du rapport." for i, href in enumerate([*UNSAFE, *SAFE])]
    brief.write_text("\n\n".join(lines) + "\n", "utf-8")
    out = tmp_path / "out"
    assert main(["run", str(brief), "-o", str(out), "--engine", "apertium"]) == 0
    # the QA report and the review page's issue list name the link as text; no other output holds it at all
    outputs = every_output_text(out, skip=(".xlf", ".qa.json", ".html"))
    for name, data in outputs.items():
        for marker in UNSAFE.values():
            assert marker.encode() not in data, (name, marker)
    outputs.update(every_output_text(out, skip=(".xlf", ".json", ".docx", ".pdf", ".tmx")))
    page = lxml_html.fromstring(outputs["links.review.html"])
    hrefs = [a.get("href") for a in page.iter("a")] + [el.get("src") for el in page.iter() if el.get("src")]
    assert not [h for h in hrefs if h and not publishable(h)]
    rels = outputs["links.en.docx:word/_rels/document.xml.rels"]
    assert b"https://example.org/source" in rels and b"mailto:press@example.org" in rels
    html = outputs["links.review.html"].decode()
    assert 'href="https://example.org/source"' in html
    qa = json.loads((out / "links.qa.json").read_text("utf-8"))
    reported = [i for i in qa["issues"] if i["kind"] == "unsafe-link"]
    assert len(reported) == len(UNSAFE)
    # the words of every link are still there
    english_docx = outputs["links.en.docx:word/document.xml"].decode()
    assert english_docx.count("<w:hyperlink") == len(SAFE)


def test_publish_warns_about_an_xliff_target_with_an_unsafe_link(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    from toolkit.formats.xliff import read_xliff, write_xliff
    from toolkit.model import End, Start

    brief = tmp_path / "b.fr.txt"
    brief.write_text("Une phrase simple.\n", "utf-8")
    assert main(["run", str(brief), "-o", str(tmp_path / "o"), "--engine", "apertium", "--formats", "none"]) == 0
    xlf = tmp_path / "o" / "b.xlf"
    doc, sig = read_xliff(xlf)
    seg = next(doc.segments())
    link = Start("link", "x1", "javascript:alert(document.cookie)")
    seg.source = [link, "Une phrase simple.", End("x1")]
    seg.target = [link, "A simple sentence.", End("x1")]
    write_xliff(doc, xlf, signature=sig)
    capsys.readouterr()
    assert main(["publish", str(xlf), "-o", str(tmp_path / "e")]) == 0
    err = capsys.readouterr().err
    assert "toolkit: warning: b1.s1: link to 'javascript:alert(document.cookie)' published as text" in err
    for name, data in every_output_text(tmp_path / "e", skip=(".html",)).items():
        assert b"document.cookie" not in data, name


def _external_hyperlink(paragraph: docx.text.paragraph.Paragraph, url: str, text: str) -> None:
    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def test_external_relationships_of_an_input_docx_are_never_copied(tmp_path: Path) -> None:
    source = docx.Document()
    header = source.sections[0].header.paragraphs[0]
    header.text = "En-tête "
    _external_hyperlink(header, "file:///etc/passwd", "mot de passe")
    _external_hyperlink(header, "https://intranet.example/private", "intranet")
    _external_hyperlink(source.add_paragraph("Un paragraphe avec "), "file:///home/secret.txt", "un lien local")
    path = tmp_path / "ref.fr.docx"
    source.save(str(path))
    out = tmp_path / "out"
    assert main(["run", str(path), "-o", str(out), "--engine", "apertium", "--formats", "docx"]) == 0
    outputs = every_output_text(out, skip=(".xlf", ".json"))
    # pandoc takes the header from the style reference (the input): its words stay, its links do not
    assert any(name.startswith("ref.en.docx:word/header") and "En-tête".encode() in data
               for name, data in outputs.items())
    for name, data in outputs.items():
        for marker in (b"passwd", b"intranet.example", b"secret.txt"):
            assert marker not in data, (name, marker)
