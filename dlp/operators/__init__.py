"""Remediation operators: redact, mask, hash, tokenize, tombstone, and the slot rewriter."""

from dlp.operators.hashing import HashOperator, pseudonym
from dlp.operators.hashkey import load_or_create_hash_key
from dlp.operators.mask import MaskOperator, mask_value
from dlp.operators.redact import RedactOperator, label
from dlp.operators.rewrite import OperatorSet, operator_context, rewrite_text
from dlp.operators.tokenize import TokenizeOperator
from dlp.operators.tombstone import TombstoneOperator, notice

__all__ = [
    "HashOperator",
    "MaskOperator",
    "OperatorSet",
    "RedactOperator",
    "TokenizeOperator",
    "TombstoneOperator",
    "label",
    "load_or_create_hash_key",
    "mask_value",
    "notice",
    "operator_context",
    "pseudonym",
    "rewrite_text",
]
