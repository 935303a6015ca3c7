"""Numbers across languages: French `1 000,5` is English `1,000.5`; used to localise and to check targets."""

from __future__ import annotations

import re
from collections import Counter

GROUP = "[ \u00a0\u202f.]"
FRENCH_NUMBER = re.compile(
    rf"(?<![\w,.])\d{{1,3}}(?:{GROUP}\d{{3}})+(?:,\d+)?(?![\w])|(?<![\w,.])\d+(?:,\d+)?(?![\w])"
    r"|(?<![\w,.])\d+(?=h\d{0,2}\b)"
)
ENGLISH_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,])\d+(?:\.\d+)?")


def _value(text: str, decimal: str) -> str:
    digits = re.sub(r"[ \u00a0\u202f]", "", text)
    if decimal == ",":
        digits = digits.replace(".", "").replace(",", ".")
    else:
        digits = digits.replace(",", "")
    return digits.lstrip("0") or "0"


def french_numbers(text: str) -> Counter[str]:
    """Values of the numbers written in French text (`1,5` → `1.5`, `10 000` → `10000`)."""
    return Counter(_value(m.group(0), ",") for m in FRENCH_NUMBER.finditer(text))


def english_numbers(text: str) -> Counter[str]:
    return Counter(_value(m.group(0), ".") for m in ENGLISH_NUMBER.finditer(text))


def localise_numbers(source: str, target: str) -> str:
    """Rewrite numbers the engine left in French form (`1,5`, `10 000`) the English way, when the source has them."""
    for m in FRENCH_NUMBER.finditer(source):
        french = m.group(0)
        if not re.search(r"[,\u00a0\u202f ]|\.\d{3}", french):
            continue
        integer, _, decimals = re.sub(r"[ \u00a0\u202f.]", "", french).partition(",")
        english = (
            f"{int(integer):,}" if len(integer) > 4 or re.search(r"[ \u00a0\u202f.]", french) else integer
        )
        if decimals:
            english += "." + decimals
        target = re.sub(rf"(?<![\w,.]){re.escape(french)}(?![\w])", english, target)
    return target


def missing_numbers(source: str, target: str) -> list[str]:
    """Numbers of the source that the target does not carry (years, quantities, decimals)."""
    have = english_numbers(target)
    missing = []
    for value, count in french_numbers(source).items():
        if have[value] < count:
            missing.append(value)
    return missing
