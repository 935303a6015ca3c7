"""SRX 2.0 rule files (OmegaT, Okapi, LanguageTool): the document read safely into rule lists and the language
map that picks them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import regex

from toolkit.errors import InputError
from toolkit.segment.javaregex import SrxRegexError, compile_java
from toolkit.support.xmlsafe import parse_xml

SRX_NS = "http://www.lisa.org/srx20"
MAX_SRX_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class SrxRule:
    """One SRX rule: break (or not) where `before` ends and `after` starts. Patterns in Java syntax."""

    breaks: bool
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class SrxDocument:
    """An SRX 2.0 file: named rule lists, the language map that picks them, and the cascade flag."""

    languagerules: dict[str, tuple[SrxRule, ...]]
    maprules: tuple[tuple[str, str], ...]  # (languagepattern, languagerulename), in file order
    cascade: bool = True
    where: str = "SRX"

    def rule_names_for(self, lang: str) -> list[str]:
        """Names of the languagerules that apply to `lang`, in order (all matches if cascading)."""
        names: list[str] = []
        for pattern, name in self.maprules:
            if _language_matches(pattern, lang, self.where):
                names.append(name)
                if not self.cascade:
                    break
        return names

    def rules_for(self, lang: str) -> list[SrxRule]:
        return [rule for name in self.rule_names_for(lang) for rule in self.languagerules[name]]


def _language_matches(pattern: str, lang: str, where: str) -> bool:
    try:
        compiled = compile_java(pattern, regex.IGNORECASE)
    except SrxRegexError as exc:
        raise InputError(f"bad languagepattern {pattern!r}: {exc}", where) from None
    # Language codes are matched case-insensitively: OmegaT writes "FR.*", others "fr.*" or "[Ff][Rr].*".
    return any(compiled.fullmatch(code) for code in {lang, lang.replace("_", "-")})


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text_of(element: Any) -> str:
    """The element's text without comments: its own text plus the tails of any children."""
    return (element.text or "") + "".join(child.tail or "" for child in element)


def _yes_no(value: str | None, default: bool, what: str, where: str) -> bool:
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in ("yes", "no"):
        return lowered == "yes"
    raise InputError(f"SRX {what} must be yes or no, not {value!r}", where)


def parse_srx(data: bytes, where: str) -> SrxDocument:
    """Read an SRX 2.0 document (OmegaT, Okapi, LanguageTool...) or raise a one-line InputError."""
    if len(data) > MAX_SRX_BYTES:
        raise InputError("SRX file larger than 16 MB", where)
    root = parse_xml(data, where)
    namespace = root.tag[1:].split("}", 1)[0] if isinstance(root.tag, str) and "}" in root.tag else ""
    if _local(root.tag) != "srx" or namespace not in (SRX_NS, ""):
        raise InputError(f"not an SRX 2.0 file (root element {root.tag!r})", where)
    version = root.get("version")
    if version is not None and not version.startswith("2"):
        raise InputError(f"SRX version {version} is not supported (only 2.0)", where)
    ns = f"{{{namespace}}}" if namespace else ""
    header = root.find(f"{ns}header")
    # OmegaT writes `<header/>` without attributes and cascades; the spec's examples cascade too.
    cascade = _yes_no(header.get("cascade") if header is not None else None, True, "cascade", where)
    body = root.find(f"{ns}body")
    if body is None:
        raise InputError("SRX file has no <body>", where)
    languagerules: dict[str, tuple[SrxRule, ...]] = {}
    for element in body.iterfind(f"{ns}languagerules/{ns}languagerule"):
        name = element.get("languagerulename")
        if not name:
            raise InputError("SRX <languagerule> without a languagerulename", where)
        if name in languagerules:
            raise InputError(f"SRX languagerule {name!r} is defined twice", where)
        rules = []
        for rule in element.iterfind(f"{ns}rule"):
            before = rule.find(f"{ns}beforebreak")
            after = rule.find(f"{ns}afterbreak")
            rules.append(
                SrxRule(
                    breaks=_yes_no(rule.get("break"), True, "rule break", where),
                    before=_text_of(before) if before is not None else "",
                    after=_text_of(after) if after is not None else "",
                )
            )
        languagerules[name] = tuple(rules)
    if not languagerules:
        raise InputError("SRX file has no <languagerule>", where)
    maprules: list[tuple[str, str]] = []
    for element in body.iterfind(f"{ns}maprules/{ns}languagemap"):
        pattern, name = element.get("languagepattern"), element.get("languagerulename")
        if pattern is None or name is None:
            raise InputError("SRX <languagemap> needs languagepattern and languagerulename", where)
        if name not in languagerules:
            raise InputError(f"SRX languagemap refers to unknown languagerule {name!r}", where)
        maprules.append((pattern, name))
    if not maprules:
        raise InputError("SRX file has no <languagemap>", where)
    return SrxDocument(languagerules, tuple(maprules), cascade, where)
