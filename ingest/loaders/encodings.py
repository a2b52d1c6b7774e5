"""Text in the legacy encodings that investor-relations files still come in.

A file that is not UTF-8 (nor UTF-16 with its mark) is read as Windows-1252 or as
Shift_JIS only when its decoded text looks like that language's writing; otherwise it
is refused, because a wrongly decoded file would be quoted wrongly in every citation.
Statistical detectors guess one of dozens of code pages and, on the short files users
drop in, often pick a wrong one (`€` read as `Ç`), so the test here is narrow on purpose:
- Windows-1252: every non-ASCII character is a Western letter or typographic mark, and
  none stands in a run longer than `MAX_WESTERN_RUN` (Western words mix accents with
  ASCII letters; Japanese bytes misread as 1252 give long runs of marks).
- Shift_JIS (Microsoft's cp932): at least `MIN_JAPANESE_SHARE` of the non-ASCII
  characters are kana, kanji or full-width forms, and some are kana (Chinese text
  misread as cp932 gives half-width katakana and no kana).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Longest run of non-ASCII characters in Western text: `Größe`, `«…»` stay well inside it.
MAX_WESTERN_RUN = 3
# Share of Japanese characters among the non-ASCII ones of a real Japanese text (the
# rest are symbols such as `※` or `①`).
MIN_JAPANESE_SHARE = 0.9
_WESTERN = re.compile(r"[\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac\u2122]")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_JAPANESE = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff01-\uff5e]")
_KANA = re.compile(r"[\u3040-\u30ff]")


@dataclass(frozen=True)
class Decoded:
    """A file's text and the name of the encoding it was read in."""

    text: str
    encoding: str


def decode_legacy(data: bytes) -> Decoded | None:
    """`data` read as Windows-1252 or Shift_JIS when it is plainly that, else None."""
    for codec, name, plausible in (
        ("cp1252", "Windows-1252", _looks_western),
        ("cp932", "Shift_JIS", _looks_japanese),
    ):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if plausible(text):
            return Decoded(text, name)
    return None


def _looks_western(text: str) -> bool:
    runs = _NON_ASCII_RUN.findall(text)
    return bool(runs) and all(len(r) <= MAX_WESTERN_RUN and all(_WESTERN.match(c) for c in r) for r in runs)


def _looks_japanese(text: str) -> bool:
    foreign = "".join(_NON_ASCII_RUN.findall(text))
    if not foreign:
        return False
    japanese = len(_JAPANESE.findall(foreign))
    return japanese / len(foreign) >= MIN_JAPANESE_SHARE and bool(_KANA.search(foreign))
