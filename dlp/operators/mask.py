"""Mask: hide all but the last few alphanumeric characters, ``****-****-****-1111``.

Decisions: separators (anything not a letter or digit: ``-``, space, ``.``, ``@``, brackets)
stay visible, because they carry the value's shape, not its content, and keep a masked card or
phone number readable. Only letters and digits count toward ``keep_last`` and get hidden. A mask
never reveals more than half of the value's letters and digits, so ``keep_last: 4`` on a
three-digit CVV shows one digit, not all three.
"""

from __future__ import annotations

from dlp.decision import Action, FindingAction, OperatorContext


def mask_value(value: str, keep_last: int, mask_char: str) -> str:
    """``value`` with its letters and digits hidden except the last ``keep_last`` (capped at half)."""
    total = sum(1 for char in value if char.isalnum())
    visible = min(max(keep_last, 0), total // 2)
    hidden = total - visible
    out: list[str] = []
    seen = 0
    for char in value:
        if char.isalnum():
            out.append(char if seen >= hidden else mask_char)
            seen += 1
        else:
            out.append(char)
    return "".join(out)


class MaskOperator:
    """Masks a value with the rule's ``keep_last`` and ``mask_char``."""

    __slots__ = ()
    action: Action = Action.MASK

    def apply(self, value: str, item: FindingAction, context: OperatorContext) -> str:
        """The masked value; its length is unchanged."""
        return mask_value(value, item.keep_last, item.mask_char)
