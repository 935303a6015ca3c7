"""The review page: its HTML read back with lxml, then the real page driven in headless Chromium."""

from __future__ import annotations

import base64
import fcntl
import hashlib
import json
import os
import re
import select
import shutil
import struct
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from toolkit.formats.review_html import review_html, safe_href, write_review_html
from toolkit.model import Block, Content, Document, End, Footnote, Note, Ph, Segment, Start
from toolkit.pipeline.prepare import prepare

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "belarus-brief.fr.txt"
HOSTILE = 'Attention <script>alert("x")</script> & « l’<b>OTAN</b> » it\'s'
SIGNATURE = "toolkit:0.1.0|engine:argos|version:1.9|model:fr-en|glossary:ab12cd34"
META = {"title": "Belarus <brief> & “review”", "signature": SIGNATURE}


def _upper(content: list[Any]) -> list[Any]:
    return [part.upper() if isinstance(part, str) else part for part in content]


def build_document() -> Document:
    """The Belarus sample with a heading on top, hostile text in one list item, targets in capitals."""
    doc = prepare(SAMPLE)
    doc.blocks.insert(0, Block("b0", "heading", [Segment("b0.s1", ["Le Bélarus et la guerre"])], level=2))
    doc.blocks[3].segments[0].source = [
        Start("em", "1"), HOSTILE, End("1"), Ph("fn", "2"), " voir ",
        Start("link", "2", href="javascript:alert(1)"), "ceci", End("2"), " et ",
        Start("link", "3", href='https://example.org/a?b=1&c="2"'), "cela", End("3"), ".",
    ]
    for seg in doc.segments():
        seg.target = _upper(seg.source)
        seg.state = "translated"
        seg.origin = "argos"
    return doc


def segment(doc: Document, seg_id: str) -> Segment:
    return next(s for s in doc.segments() if s.id == seg_id)


def fixture() -> tuple[Document, list[dict[str, str]], dict[str, list[tuple[str, str]]]]:
    doc = build_document()
    segment(doc, "b1.s1").state = "reviewed"
    segment(doc, "b4.s1").state = "final"
    untranslated = segment(doc, "b5.s1")
    untranslated.target, untranslated.state = None, "initial"
    issues = [
        {"segment": "b1.s1", "kind": "transliterated", "detail": "“Loukachenko” → “Lukashenko” by rules"},
        {"segment": "b1.s1", "kind": "number-mismatch", "detail": "not in the English: 10 < 12 & \"quoted\""},
        {"segment": "b5.s1", "kind": "untranslated", "detail": "no English text"},
        {"segment": "fn3.p1.s1", "kind": "code-restored", "detail": "footnote mark re-anchored"},
        {"segment": "", "kind": "glossary", "detail": "2 entries <ignored>"},
    ]
    terms = {
        "b1.s1": [("loukachenko", "Loukachenko"), ("Russe", "Russian"), ("forces russes", "Russian forces")],
        "b2.s1": [("Kyiv", "Kyiv")],
        "b3.s1": [("OTAN", "NATO & <allies>")],
    }
    return doc, issues, terms


def parse(page: str) -> Any:
    return lxml_html.document_fromstring(page)


@pytest.fixture(scope="module")
def page() -> str:
    doc, issues, terms = fixture()
    return review_html(doc, issues, terms, META)


@pytest.fixture(scope="module")
def tree(page: str) -> Any:
    return parse(page)


def row(tree: Any, seg_id: str) -> Any:
    found = tree.xpath("//*[@data-segment=$id]", id=seg_id)
    assert len(found) == 1, seg_id
    return found[0]


# ------------------------------------------------------------------------------------------------ the HTML


def test_every_segment_once_in_document_order(tree: Any) -> None:
    doc = fixture()[0]
    ids = [el.get("data-segment") for el in tree.xpath("//*[@data-segment]")]
    assert ids == [s.id for s in doc.segments()]
    assert len(ids) == len(set(ids)) == 18
    assert ids[-6:] == [f"fn{n}.p1.s1" for n in range(1, 7)]  # footnotes last, in their own section
    assert len(tree.xpath("//section[@id='fn-6']//*[@data-segment='fn6.p1.s1']")) == 1


def test_rows_carry_state_and_issue_count(tree: Any) -> None:
    assert row(tree, "b1.s1").get("data-state") == "reviewed"
    assert row(tree, "b4.s1").get("data-state") == "final"
    assert row(tree, "b5.s1").get("data-state") == "initial"
    assert row(tree, "b2.s1").get("data-state") == "translated"
    counts = {el.get("data-segment"): el.get("data-issues") for el in tree.xpath("//*[@data-segment]")}
    assert counts["b1.s1"] == "2" and counts["b5.s1"] == "1" and counts["fn3.p1.s1"] == "1"
    assert sum(int(c) for c in counts.values()) == 4
    french = row(tree, "b2.s1").find_class("c-fr")[0].text_content()
    english = row(tree, "b2.s1").find_class("c-en")[0].text_content()
    assert "prise de Kyiv" in french and "PRISE DE KYIV" in english
    assert [e.text for e in row(tree, "b5.s1").find_class("c-en")[0].find_class("empty")] == ["no English yet"]


def test_untrusted_text_stays_text(page: str, tree: Any) -> None:
    assert len(tree.xpath("//script")) == 1  # ours, at the end of the body
    assert "alert" not in tree.xpath("//script")[0].text
    cell = row(tree, "b3.s1").find_class("c-fr")[0]
    assert not cell.xpath(".//b")  # `<b>OTAN</b>` in the source is text, not bold
    assert HOSTILE in cell.text_content()
    assert cell.xpath(".//em") and HOSTILE in cell.xpath(".//em")[0].text_content()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert tree.findtext(".//title") == "Review · Belarus <brief> & “review”"
    assert tree.xpath("//h1")[0].text_content() == META["title"]
    detail = row(tree, "b1.s1").xpath(".//ul[@class='details']/li")[1].text_content()
    assert detail == 'number-mismatch not in the English: 10 < 12 & "quoted"'
    badge = row(tree, "b1.s1").find_class("i-number-mismatch")[0]
    assert badge.get("title") == 'not in the English: 10 < 12 & "quoted"'


def test_only_web_and_mail_links_become_links(tree: Any) -> None:
    cell = row(tree, "b3.s1").find_class("c-fr")[0]
    links = cell.xpath(".//a[not(ancestor::sup)]")
    assert [a.get("href") for a in links] == ['https://example.org/a?b=1&c="2"']
    assert "noopener" in links[0].get("rel").split()
    shown = cell.find_class("link-text")[0]
    assert shown.text_content() == "ceci" and "javascript:alert(1)" in shown.get("title")


@pytest.mark.parametrize(("href", "safe"), [
    ("https://example.org/x", True), ("HTTP://example.org", True), ("mailto:a@b.org", True),
    ("javascript:alert(1)", False), (" java\tscript:alert(1)", False), ("JaVaScRiPt:x", False),
    ("data:text/html,<script>", False), ("/relative/path", False), ("file:///etc/passwd", False), ("", False),
    ("vbscript:msgbox", False), ("#fn-1", False),
])
def test_safe_href(href: str, safe: bool) -> None:
    assert (safe_href(href) is not None) is safe


def test_terms_highlighted_on_both_sides_as_whole_words(tree: Any) -> None:
    first = row(tree, "b1.s1")
    fr_marks = first.find_class("c-fr")[0].xpath(".//mark[@class='term']")
    assert [(m.text_content(), m.get("title")) for m in fr_marks] == [
        ("Loukachenko", "loukachenko → Loukachenko"),  # case-insensitive
        ("forces russes", "forces russes → Russian forces"),
    ]  # "Russe" is not highlighted inside "biélorusse" or "russes": whole words only
    en_marks = first.find_class("c-en")[0].xpath(".//mark[@class='term']")
    assert [m.text_content() for m in en_marks] == ["LOUKACHENKO"]
    kyiv = row(tree, "b2.s1").xpath(".//mark[@class='term']")
    assert [m.text_content() for m in kyiv] == ["Kyiv", "KYIV"]
    otan = row(tree, "b3.s1").find_class("c-fr")[0].xpath(".//mark")
    assert [(m.text_content(), m.get("title")) for m in otan] == [("OTAN", "OTAN → NATO & <allies>")]
    assert not row(tree, "b4.s1").xpath(".//mark")


def test_overlapping_terms_take_the_longest() -> None:
    doc = Document(blocks=[Block("b1", "paragraph", [Segment("b1.s1", ["Les forces russes et les forces."],
                                                             ["The Russian forces and the forces."])])])
    terms = {"b1.s1": [("forces", "forces"), ("forces russes", "Russian forces"), ("Russian forces", "x")]}
    cell = row(parse(review_html(doc, [], terms, {})), "b1.s1").find_class("c-fr")[0]
    assert [m.text_content() for m in cell.xpath(".//mark")] == ["forces russes", "forces"]


def test_issue_badges_and_details(tree: Any) -> None:
    first = row(tree, "b1.s1")
    assert [b.text_content() for b in first.find_class("badge")] == ["transliterated", "number-mismatch"]
    assert "sev-info" in first.find_class("i-transliterated")[0].get("class")
    assert "sev-error" in first.find_class("i-number-mismatch")[0].get("class")
    assert "has-issues" in first.get("class")
    assert not row(tree, "b2.s1").find_class("badge") and "has-issues" not in row(tree, "b2.s1").get("class")
    restored = row(tree, "fn3.p1.s1")
    assert restored.find_class("badge")[0].text_content() == "code-restored"
    assert restored.xpath(".//ul[@class='details']/li")[0].text_content() == "code-restored footnote mark re-anchored"
    # an issue about no known segment is still shown, in the summary
    other = tree.xpath("//header//ul[contains(@class, 'other')]/li")
    assert [li.text_content() for li in other] == ["glossary 2 entries <ignored>"]


def test_summary_counts_and_signature(tree: Any) -> None:
    states = [li.text_content() for li in tree.xpath("//ul[contains(@class, 'states')]/li")]
    assert states == ["1 initial", "15 translated", "1 reviewed", "1 final"]
    kinds = [li.text_content() for li in tree.xpath("//ul[contains(@class, 'kinds')]/li")]
    assert kinds == ["1 code-restored", "1 glossary", "1 number-mismatch", "1 transliterated", "1 untranslated"]
    assert tree.xpath("//div[@class='summary']//h2")[1].text_content() == "5 issues in 3 segments"
    assert tree.xpath("//p[@class='signature']/code")[0].text == SIGNATURE
    assert tree.xpath("//meta[@name='toolkit-signature']")[0].get("content") == SIGNATURE


def test_block_structure_visible(tree: Any) -> None:
    heading = row(tree, "b0.s1")
    assert "k-heading" in heading.get("class") and "lv-2" in heading.get("class")
    assert heading.find_class("blk")[0].text == "heading 2"
    item = row(tree, "b2.s1")
    assert "k-list-item" in item.get("class")
    assert [m.text for m in item.find_class("marker")] == ["•", "•"]  # one per column
    para = row(tree, "b1.s1")
    assert "k-paragraph" in para.get("class") and not para.find_class("marker")
    second = row(tree, "b7.s2")  # second sentence of a list item: same block, no new marker or label
    assert "first" not in second.get("class").split() and not second.find_class("marker")


def test_ordered_and_nested_lists_numbered() -> None:
    def item(n: int, level: int, ordered: bool) -> Block:
        return Block(f"b{n}", "list-item", [Segment(f"b{n}.s1", [f"point {n}"])], level=level, ordered=ordered)

    doc = Document(blocks=[item(1, 1, True), item(2, 2, False), item(3, 1, True),
                           Block("b4", "quote", [Segment("b4.s1", ["« cité »"])]), item(5, 1, True)])
    tree = parse(review_html(doc, [], {}, {}))
    markers = [row(tree, f"b{n}.s1").find_class("marker")[0].text for n in (1, 2, 3, 5)]
    assert markers == ["1.", "◦", "2.", "1."]
    assert "k-quote" in row(tree, "b4.s1").get("class")


def test_footnote_marks_link_both_ways(tree: Any) -> None:
    first = row(tree, "b1.s1")
    fr_mark = first.find_class("c-fr")[0].xpath(".//sup[@class='fnref']/a")[0]
    en_mark = first.find_class("c-en")[0].xpath(".//sup[@class='fnref']/a")[0]
    assert (fr_mark.text, fr_mark.get("href"), fr_mark.get("id")) == ("1", "#fn-1", "fnref-1-1")
    assert (en_mark.text, en_mark.get("href")) == ("1", "#fn-1")
    note = tree.xpath("//section[@id='fn-1']")[0]
    back = note.xpath(".//h3//a")
    assert [(a.get("href"), a.text_content()) for a in back] == [("#fnref-1-1", "↩ b1.s1")]
    assert tree.xpath("//h2[@id='footnotes']")[0].text == "Footnotes"
    # every in-page link lands somewhere
    ids = set(tree.xpath("//@id"))
    fragments = [h[1:] for h in tree.xpath("//a/@href") if h.startswith("#")]
    assert fragments and all(f in ids for f in fragments)
    for n in range(1, 7):
        assert tree.xpath(f"//section[@id='fn-{n}']"), n


def test_missing_footnote_and_misnested_codes() -> None:
    content: Content = [Start("em", "e"), "a", Start("strong", "s"), "b", End("e"), "c", End("s"), End("zz"),
               Ph("fn", "9"), Ph("br"), Ph("code", text="<x>")]
    doc = Document(blocks=[Block("b1", "paragraph", [Segment("b1.s1", content, content)])])
    cell = review_html(doc, [], {}, {}).split('lang="fr" role="cell">')[1].split("</div>")[0]
    assert cell == ('<em>a<strong>b</strong></em><strong>c</strong>'
                    '<sup class="fnref missing" title="no such footnote">9</sup><br><code>&lt;x&gt;</code>')


def test_notes_listed_and_odd_ids_kept_safe() -> None:
    seg = Segment('b1.s1', ["Voir", Ph("fn", '1"><i>x'), "."], ["See", Ph("fn", '1"><i>x'), "."],
                  notes=[Note("check the date", "comment", "Anna <A>"), Note("dup", "qa"), Note("kept", "qa")])
    note = Footnote('1"><i>x', [Block("fnx.p1", "paragraph", [Segment("fnx.p1.s1", ["Source."], ["Source."])])])
    doc = Document(blocks=[Block("b1", "paragraph", [seg])], footnotes=[note])
    tree = parse(review_html(doc, [{"segment": "b1.s1", "kind": "new-kind", "detail": "dup"}], {}, {}))
    details = [li.text_content() for li in row(tree, "b1.s1").xpath(".//ul[@class='details']/li")]
    assert details == ["new-kind dup", "comment · Anna <A> check the date", "qa kept"]
    assert "sev-warn" in row(tree, "b1.s1").find_class("badge")[0].get("class")  # unknown kinds: a warning
    assert not tree.xpath("//i")
    section = tree.xpath("//section[@class='footnote']")[0]
    assert section.get("data-footnote") == '1"><i>x' and re.fullmatch(r"[\w.-]+", section.get("id"))
    marks = tree.xpath("//sup[@class='fnref']/a")
    assert [m.text for m in marks] == ['1"><i>x'] * 2
    assert {m.get("href") for m in marks} == {"#" + section.get("id")}


def test_self_contained_and_script_allowed_by_its_policy(page: str, tree: Any) -> None:
    assert not tree.xpath("//*[@src] | //link | //iframe | //object | //img")
    assert not re.search(r"url\(|@import|https?://", tree.xpath("//style")[0].text)
    assert not re.search(r"https?://|fetch\(|XMLHttpRequest", tree.xpath("//script")[0].text)
    policy = tree.xpath("//meta[@http-equiv='Content-Security-Policy']")[0].get("content")
    assert "default-src 'none'" in policy

    def digest(code: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"

    # the policy must allow exactly our inline style and script, or the browser would block them
    assert f"script-src {digest(tree.xpath('//script')[0].text)};" in policy
    assert f"style-src {digest(tree.xpath('//style')[0].text)};" in policy


def test_write_is_atomic_and_same_as_string(tmp_path: Path) -> None:
    doc, issues, terms = fixture()
    out = tmp_path / "brief.review.html"
    write_review_html(doc, issues, terms, META, out)
    assert out.read_text(encoding="utf-8") == review_html(doc, issues, terms, META)
    assert [p.name for p in tmp_path.iterdir()] == ["brief.review.html"]


def test_deterministic(page: str) -> None:
    doc, issues, terms = fixture()
    assert review_html(doc, issues, terms, META) == page


# ------------------------------------------------------------------------------------------------ the browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
         "--disable-extensions", "--mute-audio"]
TIMEOUT = 20


@pytest.fixture()
def page_file(tmp_path: Path) -> Path:
    doc, issues, terms = fixture()
    path = tmp_path / "brief.review.html"
    write_review_html(doc, issues, terms, META, path)
    return path


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    result = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True,
                            text=True, timeout=TIMEOUT, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def dump_dom(tmp_path: Path, url: str) -> Any:
    return parse(chromium(tmp_path, "--dump-dom", url).stdout)


def test_browser_shows_every_segment(page_file: Path, tmp_path: Path) -> None:
    dom = dump_dom(tmp_path, page_file.as_uri())
    assert dom.get("data-ready") == "1"  # the script ran to the end
    rows = dom.xpath("//*[@data-segment]")
    assert [r.get("data-segment") for r in rows] == [s.id for s in fixture()[0].segments()]
    assert not [r for r in rows if r.get("hidden") is not None]
    assert dom.xpath("//*[@id='shown']")[0].text == "18 of 18 segments shown"
    assert dom.xpath("//input[@id='issues-only']")[0].get("checked") is None


def test_browser_filter_shows_only_rows_with_issues(page_file: Path, tmp_path: Path) -> None:
    dom = dump_dom(tmp_path, page_file.as_uri() + "?filter=issues")
    assert dom.get("data-ready") == "1"
    rows = dom.xpath("//*[@data-segment]")
    assert len(rows) == 18
    visible = [r.get("data-segment") for r in rows if r.get("hidden") is None]
    assert visible == ["b1.s1", "b5.s1", "fn3.p1.s1"]
    assert all(r.get("data-issues") == "0" for r in rows if r.get("hidden") is not None)
    assert dom.xpath("//*[@id='shown']")[0].text == "3 of 18 segments shown"
    notes = {s.get("id"): s.get("hidden") is None for s in dom.xpath("//section[@class='footnote']")}
    assert notes == {f"fn-{n}": n == 3 for n in range(1, 7)}


def test_browser_screenshot(page_file: Path, tmp_path: Path) -> None:
    shot = tmp_path / "review.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,900", page_file.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1280, 900)
    assert len(data) > 40_000  # a blank or error page compresses to a few kB


def _above_stdio(fd: int) -> int:
    """`fd` moved to 10 or above, so that placing the pipe ends on 3 and 4 cannot overwrite one another."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved


class DevTools:
    """Chromium driven over `--remote-debugging-pipe`: JSON messages ending in NUL on fds 3 (in) and 4 (out)."""

    def __init__(self, tmp_path: Path, url: str) -> None:
        to_chrome_r, self._out = (_above_stdio(fd) for fd in os.pipe())
        self._in, from_chrome_w = (_above_stdio(fd) for fd in os.pipe())
        # a tiny Python trampoline puts our pipe ends on the descriptors Chromium expects
        place = ("import os, sys; r, w = int(sys.argv[1]), int(sys.argv[2]); os.dup2(r, 3); os.dup2(w, 4); "
                 "os.close(r); os.close(w); os.execv(sys.argv[3], sys.argv[3:])")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", place, str(to_chrome_r), str(from_chrome_w), CHROMIUM, *FLAGS,
             f"--user-data-dir={tmp_path / 'profile'}", "--remote-debugging-pipe", "--window-size=1280,900", url],
            pass_fds=(to_chrome_r, from_chrome_w), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._next = 0
        self.deadline = time.monotonic() + TIMEOUT
        self.session = ""

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if self.session:
            message["sessionId"] = self.session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                reply = json.loads(raw)
                if reply.get("id") == self._next:
                    assert "error" not in reply, reply
                    result: dict[str, Any] = reply["result"]
                    return result
            ready, _, _ = select.select([self._in], [], [], max(0.0, self.deadline - time.monotonic()))
            assert ready, f"no answer from Chromium to {method}"
            chunk = os.read(self._in, 1 << 16)
            assert chunk, f"Chromium closed the pipe during {method}"
            self._buffer += chunk

    def attach(self) -> None:
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", targetId=page["targetId"], flatten=True)["sessionId"]

    def evaluate(self, expression: str) -> Any:
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def wait_ready(self) -> None:
        while self.evaluate("document.documentElement.getAttribute('data-ready')") != "1":
            assert time.monotonic() < self.deadline, "the page never became ready"
            time.sleep(0.05)

    def press(self, key: str) -> None:
        codes = {"ArrowDown": 40, "ArrowUp": 38}
        code = codes[key] if key in codes else ord(key.upper())
        text = {"text": key} if len(key) == 1 else {}
        self.call("Input.dispatchKeyEvent", type="keyDown", key=key, windowsVirtualKeyCode=code, **text)
        self.call("Input.dispatchKeyEvent", type="keyUp", key=key, windowsVirtualKeyCode=code)

    def close(self) -> None:
        try:
            self.session = ""
            self.call("Browser.close")
        finally:
            os.close(self._out)
            os.close(self._in)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def test_browser_keyboard_navigation(page_file: Path, tmp_path: Path) -> None:
    tools = DevTools(tmp_path, page_file.as_uri())
    try:
        tools.attach()
        tools.wait_ready()
        current = "(document.querySelector('.row.current') || {dataset: {}}).dataset.segment || null"
        focused = "document.activeElement.dataset.segment || null"
        hidden = "document.querySelectorAll('.row[data-segment][hidden]').length"
        assert tools.evaluate(current) is None
        tools.press("j")
        assert tools.evaluate(current) == tools.evaluate(focused) == "b0.s1"
        tools.press("j")
        tools.press("ArrowDown")
        assert tools.evaluate(current) == "b2.s1"
        tools.press("k")
        assert tools.evaluate(current) == "b1.s1"
        tools.press("n")
        assert tools.evaluate(current) == "b5.s1"
        tools.press("n")
        assert tools.evaluate(current) == "fn3.p1.s1"
        tools.press("n")  # wraps around to the first issue
        assert tools.evaluate(current) == "b1.s1"
        tools.press("p")
        assert tools.evaluate(current) == "fn3.p1.s1"
        tools.press("i")
        assert tools.evaluate(hidden) == 15
        assert tools.evaluate("document.getElementById('issues-only').checked") is True
        tools.press("k")  # moves among visible rows only
        assert tools.evaluate(current) == "b5.s1"
        tools.press("k")
        assert tools.evaluate(current) == "b1.s1"
        tools.press("i")
        assert tools.evaluate(hidden) == 0
        assert tools.evaluate("document.getElementById('shown').textContent") == "18 of 18 segments shown"
        # the focused row is outlined, so the reader sees where they are
        outline = tools.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline == "solid"
    finally:
        tools.close()
