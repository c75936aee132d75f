"""CJK-friendly emphasis for markdown-it-py, as comrak's `cjk_friendly_emphasis` does.

CommonMark does not close `**注：**文字`: the run is preceded by punctuation and followed by a
letter, so it is not right-flanking. The CJK-friendly amendment
(github.com/tats-u/markdown-cjk-friendly, `specification.md` §6.2) lets a CJK character stand
where whitespace or punctuation would, and treats CJK punctuation as a letter, so Chinese
and Japanese bold works as GitHub's site showed it. Only the flanking test changes.

A CJK character here is one of East Asian Width W, F or H that is not a pictographic emoji;
variation selectors are looked through. That is the amendment's definition less its
fine print on emoji sequences, which do not occur beside emphasis in documentation.
"""

from __future__ import annotations

import unicodedata
from types import MethodType
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_inline.state_inline import Scanned, StateInline

EMOJI = ((0x1F000, 0x1FAFF), (0x2600, 0x27BF))
IDEOGRAPHIC_SELECTORS = range(0xE0100, 0xE01F0)
SELECTORS = range(0xFE00, 0xFE10)


def is_cjk(char: str) -> bool:
    """Whether a character is wide East Asian text (ideographs, kana, Hangul, full-width forms)."""
    point = ord(char)
    if point < 0x1100:
        return False
    if point in IDEOGRAPHIC_SELECTORS:
        return True
    if any(low <= point <= high for low, high in EMOJI):
        return False
    return unicodedata.east_asian_width(char) in ("W", "F", "H")


def is_punctuation(char: str) -> bool:
    """CommonMark's Unicode punctuation character."""
    return isMdAsciiPunct(ord(char)) or isPunctChar(char)


def scan_delims(self: StateInline, start: int, can_split_word: bool) -> Scanned:
    """`StateInline.scanDelims` with the CJK-friendly flanking rules."""
    src, end, marker = self.src, self.posMax, self.src[start]
    pos = start
    while pos < end and src[pos] == marker:
        pos += 1
    before = start - 1
    while before > 0 and ord(src[before]) in SELECTORS:
        before -= 1  # a variation selector is looked through to the character it varies
    last = src[before] if before >= 0 else " "
    following = src[pos] if pos < end else " "
    last_space, next_space = isWhiteSpace(ord(last)), isWhiteSpace(ord(following))
    last_punct, next_punct = is_punctuation(last), is_punctuation(following)
    last_cjk, next_cjk = is_cjk(last), is_cjk(following)
    last_plain_punct = last_punct and not last_cjk  # non-CJK punctuation
    next_plain_punct = next_punct and not next_cjk
    left = not next_space and (not next_plain_punct or last_space or last_plain_punct or last_cjk)
    right = not last_space and (not last_plain_punct or next_space or next_plain_punct or next_cjk)
    can_open = left and (can_split_word or not right or last_punct)
    can_close = right and (can_split_word or not left or next_punct)
    return Scanned(can_open, can_close, pos - start)


def cjk_friendly(md: MarkdownIt) -> None:
    """A markdown-it-py plugin: every inline parse scans emphasis runs the CJK-friendly way."""
    tokenize = md.inline.tokenize

    def friendly(state: Any) -> None:
        state.scanDelims = MethodType(scan_delims, state)
        tokenize(state)

    md.inline.tokenize = friendly  # type: ignore[method-assign]
