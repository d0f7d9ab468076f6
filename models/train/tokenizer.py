"""Tokenisation for tool output: split the separators that CSV rows, key=value logs and quoted fields
glue to names, so a name is a token of its own.

spaCy's English rules split "a,b" only between letters and never at ";", "|" or an inner quote, so
``DATA-7575,Hugues``, ``"Baker","Myeni"``, ``user="Jane`` and ``OPS-12;Smith;John`` reach the model
as single tokens: no entity boundary can fall inside them, and the name is missed or the whole token
(ID included) is taken. The extra infixes leave numbers ("1,000,000") and URLs whole.

The training DocBins are tokenised with :func:`customize` and the packaged pipeline carries the same
rules: spaCy serialises the infix pattern with the tokenizer, and the config's
``[initialize.before_init]`` callback applies it when ``spacy train`` initialises the pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, registry

#: Separators glued to words in tool output (each a regex spaCy splits a token at).
TOOL_OUTPUT_INFIXES: tuple[str, ...] = (
    r"(?<=[0-9]),(?=[^\W\d_])",  # DATA-7575,Hugues (a digit before the comma: "1,000" stays)
    r"(?<=[^\W\d_]),(?=[0-9])",  # Smith,2024
    r";",  # OPS-12;Smith;John
    r"\"",  # "Baker","Myeni"  /  user="Jane Doe"
    r"(?<=[^\W\d_])=(?=\S)",  # ip=10.0.0.1, user="..." (spaCy splits "=" only before a letter)
    r"(?<=\S)\|(?=\S)",  # a|b|c (markdown or pipe-separated rows without spaces)
)

CALLBACK = "mcp_dlp.tool_output_tokenizer.v1"


def customize(nlp: Language) -> Language:
    """Add :data:`TOOL_OUTPUT_INFIXES` to ``nlp``'s tokenizer (in place) and return ``nlp``."""
    defaults: list[str | re.Pattern[str]] = list(nlp.Defaults.infixes or ())
    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):
        raise TypeError("expected spaCy's rule-based Tokenizer")
    tokenizer.infix_finditer = compile_infix_regex([*defaults, *TOOL_OUTPUT_INFIXES]).finditer
    return nlp


@registry.callbacks(CALLBACK)  # type: ignore[untyped-decorator]
def tool_output_tokenizer() -> Callable[[Language], Language]:
    """The ``[initialize.before_init]`` callback of models/train/config.cfg."""
    return customize
