"""Constructors that turn a documented token format into a :class:`PatternRule`.

Two shapes cover almost every provider:

* :func:`prefixed`: the token carries a vendor prefix (``ghp_``, ``xoxb-``, ``sk_live_``), so the
  format alone identifies it; the match is fenced by token boundaries on both sides.
* :func:`keyed`: the key is bare hex/base64/UUID, so it is only a secret when a provider word is
  near it (in the text window or the JSON field name); ``context_required`` enforces that.
"""

from __future__ import annotations

import re

from dlp.classifiers.patterns import PatternRule, Validator
from dlp.classifiers.secrets.validators import not_filler, plausible_secret

ENTITY = "SECRET"
#: Token boundary: a vendor token is never glued to more token characters on either side.
LEFT_CLASS = r"[A-Za-z0-9_.]"
LEFT = rf"(?<!{LEFT_CLASS})"
RIGHT = r"(?![A-Za-z0-9_])"
#: Bare keys are also fenced from base64/URL-safe neighbours so a slice of a longer blob is not
#: reported; ``=`` may precede (``KEY=value``) but not follow (base64 padding).
KEY_LEFT = r"(?<![A-Za-z0-9_+/.-])"
KEY_RIGHT = r"(?![A-Za-z0-9_+/=-])"


def _fenced(body: str) -> str:
    """``body`` between token boundaries, written so Python's literal-prefix search still applies.

    A pattern that opens with a look-behind is tried at every offset (about 50 ms per MB per
    rule); one that opens with a literal character lets ``re`` skip to candidate offsets. So when
    the body starts with a plain literal, the left boundary is checked just after it, with a
    two-character look-behind that tests the character before the token.
    """
    items = re._parser.parse(body)
    head = body[0]
    if len(items) and str(items[0][0]) == "LITERAL" and (head.isalnum() or head in "_-"):
        return f"(?P<value>{head}(?<!{LEFT_CLASS}.){body[1:]}){RIGHT}"
    return f"{LEFT}(?P<value>{body}){RIGHT}"


def prefixed(
    kind: str,
    body: str,
    score: float = 0.9,
    *,
    validator: Validator | None = not_filler,
    context: tuple[str, ...] = (),
    source: str = "",
    flags: int = 0,
) -> PatternRule:
    """A rule for a token whose prefix names the provider; ``body`` includes the prefix."""
    return PatternRule(
        name=f"secrets.{kind}",
        entity=ENTITY,
        regex=_fenced(body),
        score=score,
        validator=validator,
        context=context,
        context_score=min(1.0, score + 0.05) if context else None,
        kind=kind,
        flags=flags,
        source=source,
    )


def keyed(
    kind: str,
    body: str,
    context: tuple[str, ...],
    score: float = 0.7,
    *,
    validator: Validator | None = plausible_secret,
    source: str = "",
    window: tuple[int, int] = (48, 24),
) -> PatternRule:
    """A rule for a bare key that counts only next to one of the provider ``context`` words."""
    return PatternRule(
        name=f"secrets.{kind}",
        entity=ENTITY,
        regex=f"{KEY_LEFT}(?P<value>{body}){KEY_RIGHT}",
        score=score,
        validator=validator,
        context=context,
        context_required=True,
        context_score=score,
        kind=kind,
        context_window=window,
        source=source,
    )


def custom(
    kind: str,
    regex: str,
    score: float,
    *,
    validator: Validator | None = None,
    context: tuple[str, ...] = (),
    context_required: bool = False,
    flags: int = 0,
    source: str = "",
    prefilter: str | None = None,
) -> PatternRule:
    """A rule whose expression is written out in full (it sets its own boundaries and groups)."""
    return PatternRule(
        name=f"secrets.{kind}",
        entity=ENTITY,
        regex=regex,
        score=score,
        validator=validator,
        context=context,
        context_required=context_required,
        context_score=score if context_required else None,
        kind=kind,
        flags=flags,
        source=source,
        prefilter=prefilter,
    )


UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
HEX32 = r"[0-9a-f]{32}"
HEX40 = r"[0-9a-f]{40}"
HEX64 = r"[0-9a-f]{64}"
