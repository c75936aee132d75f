"""python-liquid's template lexer with a faster rule for the text between tags.

Liquid's content rule, `.+?(?=({%|{{)...|$)`, extends a lazy match one character at a time and
tries the look-ahead at each one; on documentation pages, mostly prose, that is most of the
parse time. The rule below matches the same spans in runs, and python-liquid's own tokenizer
does everything else, so the tokens are the same (a test compares them on the whole corpus).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial

from liquid.lex import _tokenize_template, compile_liquid_rules, get_lexer
from liquid.token import Token

SLOW = r"(?P<content>.+?(?=((\{%|\{\{)(?P<rstrip>-?))|$))"
# The first character is anything (a stray `{%` must still be reported by the tokenizer); then
# runs of characters that cannot start `{%`/`{{`, stopping before a final newline as `$` does.
FAST = r"(?P<content>.(?:[^{\n]++|\{(?![%{])|\n(?!\Z))*+(?=(?:\{[%{](?P<rstrip>-?))?))"


def make_lexer() -> Callable[[str], Iterator[Token]]:
    """The fast tokenizer, or python-liquid's own if its rules are not the ones this expects."""
    pattern = compile_liquid_rules().pattern
    if not pattern.endswith(SLOW):
        return get_lexer()
    return partial(_tokenize_template, rules=re.compile(pattern.replace(SLOW, FAST), re.DOTALL))


TOKENIZE = make_lexer()
