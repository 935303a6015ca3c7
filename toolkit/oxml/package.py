"""A DOCX package held in memory: its parts as bytes, XML parts parsed on demand, saved back reproducibly."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from toolkit.errors import ToolkitError
from toolkit.oxml.ns import Element

# A fixed timestamp in the zip directory: the same document gives the same bytes (dates live in core.xml).
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class Package:
    """The parts of one .docx in their original order; `xml(name)` parses a part once and keeps edits."""

    def __init__(self, parts: dict[str, bytes], where: str) -> None:
        self._parts = parts
        self._xml: dict[str, Element] = {}
        self.where = where

    @classmethod
    def read(cls, path: Path, checked: bool = True) -> Package:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ToolkitError(f"cannot read the DOCX package: {exc.strerror}", str(path)) from None
        return cls.from_bytes(data, str(path), checked)

    @classmethod
    def from_bytes(cls, data: bytes, where: str, checked: bool = True) -> Package:
        """`checked`: a stranger's package (a reviewer's DOCX) may be a zip bomb, so sizes and ratios are
        checked first; only a package the toolkit just made (pandoc's output) skips the check."""
        if checked:
            from toolkit.support.containers import check_container

            check_container(data, "DOCX", "word/document.xml", where)
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                parts = {info.filename: archive.read(info) for info in archive.infolist()}
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise ToolkitError(f"cannot open the DOCX package: {exc}", where) from None
        return cls(parts, where)

    def names(self) -> list[str]:
        return list(self._parts)

    def has(self, name: str) -> bool:
        return name in self._parts

    def xml(self, name: str) -> Element:
        """The parsed root of XML part `name` (parsed safely, once; later edits are saved)."""
        if name not in self._xml:
            from toolkit.support.xmlsafe import parse_xml

            if name not in self._parts:
                raise ToolkitError(f"the DOCX has no {name} part", self.where)
            self._xml[name] = parse_xml(self._parts[name], f"{self.where}: {name}")
        return self._xml[name]

    def to_bytes(self) -> bytes:
        from lxml import etree

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in self._parts.items():
                if name in self._xml:
                    data = etree.tostring(self._xml[name], xml_declaration=True, encoding="UTF-8",
                                          standalone=True)
                info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, data)
        return buffer.getvalue()
