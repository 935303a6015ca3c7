"""The official schemas in ../shared/schemas/, loaded once: validators that tests call on what the toolkit writes.

XSD and DTD through lxml; RELAX NG through lxml; Schematron (the XLIFF 2 rules need XPath 2) compiled with the ISO
skeleton lxml ships and run by Saxon (`saxonche`). Each validator returns one line per error, [] when valid.
"""

from __future__ import annotations

import functools
from pathlib import Path

from lxml import etree


def _find_schemas() -> Path:
    # the shared folder sits beside the checkout (../shared/schemas); a worktree may be one level deeper
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "schemas"
        if (candidate / "README.md").is_file():
            return candidate
    raise RuntimeError("../shared/schemas/ not found beside the checkout")


SCHEMAS = _find_schemas()
SVRL = "http://purl.oclc.org/dsdl/svrl"


def _trusted() -> etree.XMLParser:
    # the official schema files: they may import each other by relative path and use their own internal DTD
    return etree.XMLParser(no_network=True, load_dtd=True, resolve_entities=True)


def _untrusted() -> etree.XMLParser:
    return etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)


def _lines(log: etree._ListErrorLog) -> list[str]:
    return [f"{e.line}: {e.message}" for e in log]


def _validate(schema: etree.XMLSchema | etree.DTD | etree.RelaxNG, data: bytes) -> list[str]:
    doc = etree.fromstring(data, _untrusted())
    return [] if schema.validate(doc) else _lines(schema.error_log)


errors = _validate


@functools.cache
def xliff12_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff-1.2" / "xliff-core-1.2-strict.xsd"), _trusted()))


@functools.cache
def _xliff2_schema(version: str) -> etree.XMLSchema:
    folder = SCHEMAS / f"xliff-{version}"
    modules = folder if version == "2.1" else folder / "modules"
    # the core and the modules we write, from one wrapper: their elements are then checked, not skipped
    imports = [("urn:oasis:names:tc:xliff:document:2.0", folder / "xliff_core_2.0.xsd"),
               ("urn:oasis:names:tc:xliff:metadata:2.0", modules / "metadata.xsd"),
               ("urn:oasis:names:tc:xliff:matches:2.0", modules / "matches.xsd")]
    wrapper = ('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
               + "".join(f'<xs:import namespace="{ns}" schemaLocation="{p.as_uri()}"/>' for ns, p in imports)
               + "</xs:schema>")
    return etree.XMLSchema(etree.fromstring(wrapper.encode(), _trusted(), base_url=folder.as_uri() + "/"))


def xliff2_errors(data: bytes) -> list[str]:
    """XSD errors of an XLIFF 2 file against the schemas of the version it declares."""
    version = etree.fromstring(data, _untrusted()).get("version", "")
    return _validate(_xliff2_schema("2.1" if version == "2.1" else "2.0"), data)


@functools.cache
def _schematron_stylesheet(sch: Path) -> str:
    resources = Path(etree.__file__).parent / "isoschematron" / "resources" / "xsl" / "iso-schematron-xslt1"
    tree = etree.parse(str(sch), _trusted())
    for step in ("iso_dsdl_include.xsl", "iso_abstract_expand.xsl"):
        tree = etree.XSLT(etree.parse(str(resources / step)))(tree)
    # the skeleton writes an XSLT 1.0 stylesheet; run by Saxon as 2.0, the rules' XPath 2 is evaluated as such
    tree.getroot().set("queryBinding", "xslt")
    compiled = etree.XSLT(etree.parse(str(resources / "iso_svrl_for_xslt1.xsl")))(tree).getroot()
    compiled.set("version", "2.0")
    return etree.tostring(compiled, encoding="unicode")


XLIFF2_SCHEMATRON = ("xliff_core_2.1.sch", "metadata.sch", "matches.sch")


def schematron_errors(data: bytes, rules: tuple[str, ...] = XLIFF2_SCHEMATRON) -> list[str]:
    """Failed asserts and reports of the official XLIFF 2.1 Schematron rules (core and the modules we write)."""
    from saxonche import PySaxonProcessor

    out: list[str] = []
    with PySaxonProcessor(license=False) as proc:
        # Saxon's optimiser trips over the metadata module's generated stylesheet; the rules need none
        proc.set_configuration_property("http://saxon.sf.net/feature/optimizationLevel", "0")
        document = proc.parse_xml(xml_text=data.decode("utf-8"))
        for name in rules:
            xslt = proc.new_xslt30_processor()
            executable = xslt.compile_stylesheet(stylesheet_text=_schematron_stylesheet(SCHEMAS / "xliff-2.1" / name))
            svrl = etree.fromstring(executable.transform_to_string(xdm_node=document).encode("utf-8"))
            if name == rules[0] and not list(svrl.iter(f"{{{SVRL}}}fired-rule")):
                out.append(f"{name}: no rule fired (the rules did not run)")
            for failed in svrl.iter(f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report"):
                text = " ".join("".join(failed.itertext()).split())
                out.append(f"{name}: {text}")
    return out


@functools.cache
def tmx_dtd() -> etree.DTD:
    return etree.DTD(str(SCHEMAS / "tmx" / "tmx14.dtd"))


@functools.cache
def tbx_rng() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "tbx" / "TBXBasicRNGV02.rng"), _trusted()))
