"""Format registry: readers and writers chosen by extension and checked by sniffing the content.

Each format lives in its own module and is imported only when used (lazy registry), so that
reading a text file never loads pandoc or lxml.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Protocol

from toolkit.errors import InputError
from toolkit.model import Document

MAX_INPUT_BYTES = 64 * 1024 * 1024


class Reader(Protocol):
    def __call__(self, path: Path, data: bytes) -> Document: ...


# extension -> (module, function, format name)
READERS: dict[str, tuple[str, str, str]] = {
    ".txt": ("toolkit.formats.txt", "read", "text"),
    ".text": ("toolkit.formats.txt", "read", "text"),
    ".md": ("toolkit.formats.pandoc", "read_markdown", "markdown"),
    ".markdown": ("toolkit.formats.pandoc", "read_markdown", "markdown"),
    ".docx": ("toolkit.formats.pandoc", "read_docx", "docx"),
    ".odt": ("toolkit.formats.pandoc", "read_odt", "odt"),
    ".html": ("toolkit.formats.pandoc", "read_html", "html"),
    ".htm": ("toolkit.formats.pandoc", "read_html", "html"),
}


def sniff(path: Path, data: bytes) -> str:
    """The reader extension that fits the content; raises InputError when extension and content disagree."""
    ext = path.suffix.lower()
    if ext not in READERS:
        known = ", ".join(sorted(READERS))
        raise InputError(f"unsupported input format '{ext or path.name}' (known: {known})", str(path))
    if not data.strip():
        raise InputError("the file is empty", str(path))
    from toolkit.support.containers import is_zip

    zipped = is_zip(data)
    if ext in (".docx", ".odt"):
        if not zipped:
            raise InputError(f"not a {ext[1:].upper()} file (no zip container)", str(path))
        return ext
    from toolkit.support.encoding import has_utf16_signature

    utf16 = has_utf16_signature(data)  # Notepad's "Unicode": NULs in every other byte
    if zipped or (b"\x00" in data[:8192] and not utf16):
        raise InputError("binary content in a text file", str(path))
    return ext


def read_document(path: str | Path) -> Document:
    """Read any supported input into an unsegmented Document (one segment per block)."""
    from toolkit.support.fileio import read_input
    from toolkit.support.signature import short_hash

    path = Path(path)
    data = read_input(path, "file", limit=MAX_INPUT_BYTES)
    ext = sniff(path, data)
    module, func, fmt = READERS[ext]
    reader: Reader = getattr(importlib.import_module(module), func)
    try:
        doc = reader(path, data)
    except RecursionError:
        raise InputError("the document nests too deeply to be read", str(path)) from None
    doc.source_path = str(path)
    doc.source_format = fmt
    doc.source_hash = short_hash(data)
    if not doc.blocks:
        raise InputError("no text to translate", str(path))
    return doc


# Bilingual files a reviewer or a CAT tool works in: name -> (module, writer, store parser, what it is).
# Writers take (document, path, signature, suggestions); parsers take (bytes, where) and return an XliffStore.
# The review DOCX has its own writer and reader (a table, not a store): `toolkit.review.exchange` drives it.
REVIEW_FORMATS: dict[str, tuple[str, str, str, str]] = {
    "docx": ("toolkit.formats.review_docx", "", "", "review table for Word or LibreOffice"),
    "xliff-1.2": ("toolkit.formats.xliff12", "write_xliff12", "parse_xliff12_store",
                  "XLIFF 1.2 for CAT tools (OmegaT, Trados, Virtaal, Lokalize, Weblate)"),
    "xliff-2": ("toolkit.formats.xliff", "write_xliff", "parse_xliff_store", "XLIFF 2.0, as `toolkit run` writes"),
    # a folder: OmegaT writes its translation to PROJECT/target/<stem>.xlf (an XLIFF 1.2, imported as such)
    "omegat": ("toolkit.formats.omegat", "write_omegat_project", "",
               "an OmegaT project folder (XLIFF 1.2, translations as memory, glossary)"),
}
_XLIFF_NS = re.compile(rb"urn:oasis:names:tc:xliff:document:(1\.2|2\.0)")
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def sniff_review(path: Path, data: bytes) -> str:
    """Which review format `data` is, judged by content (never by extension); InputError if none."""
    where = str(path)
    if not data.strip():
        raise InputError("the file is empty", where)
    from toolkit.support.containers import is_zip

    if is_zip(data):
        if ODT_MIMETYPE in data[:200]:  # ODF puts its uncompressed mimetype first in the zip
            raise InputError("an ODT file is not a review file: save it as Word (.docx) and import that", where)
        return "docx"
    if path.suffix.lower() in (".docx", ".odt"):
        raise InputError(f"not a {path.suffix[1:].upper()} file (no zip container)", where)
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    match = _XLIFF_NS.search(data[:4096]) if head.startswith(b"<") else None
    if match is None:
        raise InputError("not a review file: a review DOCX, an XLIFF 1.2 or an XLIFF 2 file expected", where)
    return "xliff-1.2" if match.group(1) == b"1.2" else "xliff-2"
