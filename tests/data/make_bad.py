"""Hostile inputs too large (or too host-specific) to commit: zip bombs, huge lines, XXE aimed at a given file.

Small hostile files live beside this script in `bad/`; everything here is written at test time into a tmp
folder. Run it by hand to look at the files: `python tests/data/make_bad.py DIR`.
"""

from __future__ import annotations

import os
import struct
import sys
import zipfile
from pathlib import Path

SAMPLES = Path(__file__).parents[2] / "samples"
SAMPLE_DOCX = SAMPLES / "zaporijjia.fr.docx"
SEED = SAMPLES / "belarus-brief.fr.txt"

# A sentence of ordinary French, so that a huge file is huge *text*, not an easy run of one character.
FRENCH = "Le président biélorusse a rencontré hier à Minsk le ministre russe de la Défense. "


def _sample_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(SAMPLE_DOCX) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _write_zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def docx_with_document_xml(path: Path, document_xml: bytes) -> Path:
    """The sample DOCX with its main part replaced."""
    parts = _sample_parts()
    parts["word/document.xml"] = document_xml
    return _write_zip(path, parts)


def _with_doctype(xml: bytes, root: str, subset: str, entity_use: str) -> bytes:
    """Put `<!DOCTYPE root [subset]>` after the declaration and `entity_use` inside the first text node."""
    head, rest = xml.split(b"?>", 1)
    doctype = f"<!DOCTYPE {root} [{subset}]>".encode()
    first_text = rest.index(b"<w:t")
    open_end = rest.index(b">", first_text) + 1
    rest = rest[:open_end] + entity_use.encode() + rest[open_end:]
    return head + b"?>" + doctype + rest


def xxe_subset(target: Path) -> str:
    """An external entity reading `target` and a parameter entity fetching it too."""
    uri = target.resolve().as_uri()
    return f'<!ENTITY xxe SYSTEM "{uri}"><!ENTITY % pe SYSTEM "{uri}">'


LAUGHS_SUBSET = '<!ENTITY lol "lol">' + "".join(
    f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
)


def xxe_docx(path: Path, target: Path) -> Path:
    """A DOCX whose document.xml declares an external entity on `target` and uses it in the first run."""
    xml = _sample_parts()["word/document.xml"]
    return docx_with_document_xml(path, _with_doctype(xml, "w:document", xxe_subset(target), "&xxe;"))


def xxe_odt(path: Path, target: Path) -> Path:
    """An ODT whose content.xml declares an external entity on `target` and uses it in the first paragraph."""
    with zipfile.ZipFile(SAMPLES / "zaporijjia-odt.fr.odt") as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    xml = parts["content.xml"]
    head, rest = xml.split(b"?>", 1)
    first = rest.index(b"<text:p")
    open_end = rest.index(b">", first) + 1
    doctype = f"<!DOCTYPE office:document-content [{xxe_subset(target)}]>".encode()
    parts["content.xml"] = head + b"?>" + doctype + rest[:open_end] + b"&xxe;" + rest[open_end:]
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", parts.pop("mimetype"), zipfile.ZIP_STORED)  # first and stored, as ODF says
        for name, data in parts.items():
            archive.writestr(name, data, zipfile.ZIP_DEFLATED)
    return path


def laughs_docx(path: Path) -> Path:
    """A DOCX whose document.xml is a billion-laughs entity expansion."""
    xml = _sample_parts()["word/document.xml"]
    return docx_with_document_xml(path, _with_doctype(xml, "w:document", LAUGHS_SUBSET, "&lol9;"))


def truncated_docx(path: Path) -> Path:
    """The sample DOCX cut in the middle (a download that stopped)."""
    data = SAMPLE_DOCX.read_bytes()
    path.write_bytes(data[: len(data) * 3 // 5])
    return path


def zip_without_document(path: Path) -> Path:
    """A valid zip that is not a Word document."""
    return _write_zip(path, {"hello.txt": b"bonjour\n"})


def zip_bomb_docx(path: Path, expanded_mb: int = 400) -> Path:
    """A DOCX whose document.xml expands to `expanded_mb` MB of well-formed XML from a file of a few hundred KB.

    Written member by member in 1 MB chunks, so making it costs no memory.
    """
    parts = _sample_parts()
    chunk = b" " * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            if name != "word/document.xml":
                archive.writestr(name, data)
                continue
            head, tail = data.split(b"<w:body>", 1)
            with archive.open(name, "w", force_zip64=True) as member:
                member.write(head + b"<w:body>")
                for _ in range(expanded_mb):
                    member.write(chunk)  # whitespace between elements: valid XML, compresses ~1000:1
                member.write(tail)
    return path


def many_members_docx(path: Path, count: int = 12_000) -> Path:
    """A DOCX with thousands of tiny parts (a zip directory bomb)."""
    parts = _sample_parts()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        for i in range(count):
            archive.writestr(f"customXml/item{i}.xml", b"<a/>")
    return path


def lying_size_docx(path: Path) -> Path:
    """A DOCX whose document.xml headers claim 1 KB but whose data inflates to 50 MB: headers can lie."""
    parts = _sample_parts()
    head, tail = parts["word/document.xml"].split(b"<w:body>", 1)
    parts["word/document.xml"] = head + b"<w:body>" + b" " * (50 << 20) + tail
    data = bytearray(_write_zip(path, parts).read_bytes())
    name = b"word/document.xml"
    # local header: size at offset 22; central directory entry: size at offset 24 (both 4 bytes)
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        while at >= 0:
            name_at = at + (30 if size_at == 22 else 46)
            if data[name_at : name_at + len(name)] == name:
                data[at + size_at : at + size_at + 4] = struct.pack("<I", 1024)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    return path


def argos_bomb(path: Path, expanded_mb: int = 400) -> Path:
    """An .argosmodel shaped like a real package whose model.bin inflates to `expanded_mb` MB."""
    metadata = b'{"package_version": "1.0", "from_code": "fr", "to_code": "en", "type": "translate"}'
    chunk = bytes(1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("translate-fr_en/metadata.json", metadata)
        archive.writestr("translate-fr_en/sentencepiece.model", b"x" * 100)
        with archive.open("translate-fr_en/model/model.bin", "w", force_zip64=True) as member:
            for _ in range(expanded_mb):
                member.write(chunk)
    return path


def argos_escape(path: Path) -> Path:
    """An .argosmodel whose members climb out of the packages folder."""
    metadata = b'{"package_version": "1.0", "from_code": "fr", "to_code": "en"}'
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("translate-fr_en/metadata.json", metadata)
        archive.writestr("translate-fr_en/model/model.bin", b"0")
        archive.writestr("translate-fr_en/sentencepiece.model", b"0")
        archive.writestr("translate-fr_en/../../escaped.txt", b"out of the box")
    return path


def long_line_txt(path: Path, megabytes: int = 4) -> Path:
    """One paragraph of `megabytes` MB on a single line, sentences and all."""
    repeat = megabytes * (1 << 20) // len(FRENCH.encode())
    path.write_text(FRENCH * repeat + "\n", encoding="utf-8")
    return path


def long_word_txt(path: Path, megabytes: int = 2) -> Path:
    """One line of `megabytes` MB without a single space or punctuation mark."""
    path.write_text("a" * (megabytes << 20) + "\n", encoding="utf-8")
    return path


def many_references_txt(path: Path, count: int = 900) -> Path:
    """One long line with `count` glued footnote references and a Sources list of `count` items."""
    body = "".join(f"Le ministre a parlé{n}. " for n in range(1, count + 1))
    sources = "\n".join(f"{n}. Source numéro {n}, 2022." for n in range(1, count + 1))
    path.write_text(f"{body}\n\nSources\n{sources}\n", encoding="utf-8")
    return path


def long_brief_txt(path: Path, times: int = 300) -> Path:
    """The seed brief's body repeated `times` times, with its Sources list once (for interrupted runs)."""
    text = SEED.read_text(encoding="utf-8")
    body, sources = text.split("\nSources\n", 1)
    # only the first copy keeps its footnote numbers: later ones would be out of sequence
    plain = "".join(ch for ch in body if not ch.isdigit())
    path.write_text(body + ("\n\n" + plain) * (times - 1) + "\n\nSources\n" + sources, encoding="utf-8")
    return path


def fifo(path: Path) -> Path:
    """A named pipe with a brief's name: opening it for reading would wait for a writer forever."""
    if path.exists():
        path.unlink()
    os.mkfifo(path)
    return path


def deep_quotes_md(path: Path, depth: int = 500) -> Path:
    path.write_text(">" * depth + " Une citation au fond de tout.\n", encoding="utf-8")
    return path


def deep_tables_html(path: Path, depth: int = 200) -> Path:
    path.write_text("<html><body>" + "<table><tr><td>" * depth + "Au fond." + "</td></tr></table>" * depth
                    + "</body></html>\n", encoding="utf-8")
    return path


def mixed_encoding_md(path: Path) -> Path:
    """UTF-8 but for line 2, pasted from a Windows-1252 document."""
    lines = ["Le président a parlé à Minsk.", "Une ligne collée d’un vieux fichier : élève, café.",
             "La réunion s’est terminée très tard."]
    path.write_bytes(b"\n".join(line.encode("cp1252" if n == 1 else "utf-8") for n, line in enumerate(lines)))
    return path


def utf16_without_bom_md(path: Path) -> Path:
    path.write_bytes("# Titre\n\nLe président a parlé à Minsk, déjà.\n".encode("utf-16-le"))
    return path


def control_characters_txt(path: Path) -> Path:
    """Terminal escape sequences and a bell inside French sentences."""
    path.write_text("Une phrase \x1b]0;titre volé\x07avec \x1b[31mrouge\x1b[0m et \x1b[2J un effacement.\n\n"
                    "Une cloche \x07 et un retour arrière \x08 ici.\n", encoding="utf-8")
    return path


def unsafe_links_md(path: Path) -> Path:
    links = ["file:///etc/passwd", "javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
             "../../etc/shadow", "https://example.org/ok"]
    path.write_text("\n\n".join(f"Voir [la source {n}]({href}) du rapport." for n, href in enumerate(links))
                    + "\n", encoding="utf-8")
    return path


def xxe_xml(path: Path, kind: str, target: Path) -> Path:
    """An XLIFF, TMX, TBX or SRX file declaring an external entity on `target` and using it in text."""
    body = XML_BODIES[kind].replace("TEXT", "&xxe;")
    root = body.split("<", 2)[1].split()[0].rstrip(">")
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE {root} [{xxe_subset(target)}]>\n{body}',
        encoding="utf-8",
    )
    return path


# Minimal valid documents of each XML format, with TEXT where an entity goes.
XML_BODIES = {
    "xliff": (
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="fr" trgLang="en">'
        '<file id="f1"><unit id="b1"><segment id="b1.s1"><source>Bonjour TEXT.</source>'
        "<target>Hello TEXT.</target></segment></unit></file></xliff>\n"
    ),
    "tmx": (
        '<tmx version="1.4"><header srclang="fr" datatype="plaintext" segtype="sentence" adminlang="en"'
        ' creationtool="x" creationtoolversion="1" o-tmf="x"/><body><tu><tuv xml:lang="fr"><seg>Bonjour'
        ' TEXT.</seg></tuv><tuv xml:lang="en"><seg>Hello TEXT.</seg></tuv></tu></body></tmx>\n'
    ),
    "tbx": (
        '<martif type="TBX-Basic" xml:lang="en"><text><body><termEntry id="t1">'
        '<langSet xml:lang="fr"><tig><term>Minsk TEXT</term></tig></langSet>'
        '<langSet xml:lang="en"><tig><term>Minsk TEXT</term></tig></langSet>'
        "</termEntry></body></text></martif>\n"
    ),
    "srx": (
        '<srx xmlns="http://www.lisa.org/srx20" version="2.0"><header segmentsubflows="yes" cascade="no"/>'
        '<body><languagerules><languagerule languagerulename="fr"><rule break="yes">'
        "<beforebreak>[.]TEXT</beforebreak><afterbreak>\\s</afterbreak></rule></languagerule></languagerules>"
        '<maprules><languagemap languagepattern="fr.*" languagerulename="fr"/></maprules></body></srx>\n'
    ),
}


def main(folder: str) -> None:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    secret = out / "secret.txt"
    secret.write_text("HOST-SECRET\n", encoding="utf-8")
    zip_bomb_docx(out / "bomb.docx")
    many_members_docx(out / "many-parts.docx")
    lying_size_docx(out / "lying-size.docx")
    xxe_docx(out / "xxe.docx", secret)
    xxe_odt(out / "xxe.odt", secret)
    laughs_docx(out / "laughs.docx")
    truncated_docx(out / "truncated.docx")
    zip_without_document(out / "not-word.docx")
    argos_bomb(out / "bomb.argosmodel")
    argos_escape(out / "escape.argosmodel")
    long_line_txt(out / "long-line.txt")
    long_word_txt(out / "long-word.txt")
    many_references_txt(out / "many-references.txt")
    long_brief_txt(out / "long-brief.txt")
    for kind in XML_BODIES:
        xxe_xml(out / f"xxe-secret.{kind}", kind, secret)
    fifo(out / "fifo.txt")
    deep_quotes_md(out / "deep-quotes.md")
    deep_tables_html(out / "deep-tables.html")
    mixed_encoding_md(out / "mixed-encoding.md")
    utf16_without_bom_md(out / "utf16-nobom.md")
    control_characters_txt(out / "control-chars.txt")
    unsafe_links_md(out / "unsafe-links.md")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bad-generated")
