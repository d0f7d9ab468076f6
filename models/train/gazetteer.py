"""Generate the committed names gazetteer from Faker's per-locale first and last name lists.

Output: ``models/gazetteer/first_names.txt``, ``last_names.txt``, ``ambiguous.txt`` (names
that are also common English words) and ``common_words.txt`` (lower-case English words, which tell
a login such as ``jsmith`` from a word such as ``memory``), one entry per line, sorted,
so the runtime needs no Faker (a dev dependency) and a diff shows exactly what changed.
"""

from __future__ import annotations

import importlib
import itertools
import json
import pkgutil
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "gazetteer"
#: Training-side text only (never the dev or test splits): the gold train splits and the first
#: 8,000 silver sentences. The silver file is sorted by md5 of the text and only ever grows at
#: the end, so this prefix (and with it the ambiguous-word list) stays the same when more silver
#: is trained on.
_SILVER_LINES = 8000
_WORD = re.compile(r"[^\W\d_]+")


def _names(attr_prefix: str) -> set[str]:
    from faker.providers import person  # noqa: PLC0415 - dev-only dependency, build time only

    found: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        provider = getattr(importlib.import_module(f"{person.__name__}.{module.name}"), "Provider", None)
        if provider is None:
            continue
        for attr in dir(provider):
            value = getattr(provider, attr)
            # Faker keeps names as tuples or weight dicts, split by gender (first_names_female...).
            if attr_prefix in attr and isinstance(value, dict | tuple | list):
                found.update(str(v).strip() for v in value)
    # One-letter entries and entries with digits are noise for matching.
    return {n for n in found if len(n) > 1 and not any(ch.isdigit() for ch in n)}


def build(out: Path = OUT) -> dict[str, int]:
    """Write the lists; return their sizes."""
    out.mkdir(parents=True, exist_ok=True)
    sizes: dict[str, int] = {}
    for kind in ("first_names", "last_names"):
        names = sorted(_names(kind))
        (out / f"{kind}.txt").write_text("\n".join(names) + "\n", encoding="utf-8")
        sizes[kind] = len(names)
    # Multi-word entries ("Da Costa") are matched word by word at run time, so test the words.
    words = {part.casefold() for k in ("first_names", "last_names") for n in _names(k) for part in n.split()}
    ambiguous = sorted((_common_words() | _lowercase_words()) & words)
    (out / "ambiguous.txt").write_text("\n".join(w.capitalize() for w in ambiguous) + "\n", encoding="utf-8")
    sizes["ambiguous"] = len(ambiguous)
    common = sorted(w for w in _common_words() | _lowercase_words() if w.isalpha() and w.islower())
    (out / "common_words.txt").write_text("\n".join(common) + "\n", encoding="utf-8")
    sizes["common_words"] = len(common)
    return sizes


def _lowercase_words(min_count: int = 3, min_ratio: float = 0.3) -> set[str]:
    """Words the training text writes in lower case often enough to be ordinary words.

    "governor", "council", "happy" and "will" are names in some Faker locale but appear in lower
    case all over English text; real given and family names almost never do.
    """
    lower: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for line in _training_lines():
        for word in _WORD.findall(json.loads(line)["text"]):
            key = word.casefold()
            total[key] += 1
            if word == key:
                lower[key] += 1
    return {w for w, n in lower.items() if n >= min_count and n / total[w] >= min_ratio}


def _training_lines() -> Iterator[str]:
    # The recipe's own file names, so the two never disagree about which silver file exists.
    from dlp.models.train.prepare import GOLD_TRAIN_DATE, SILVER_TEACHER  # noqa: PLC0415 - imports spaCy

    with GOLD_TRAIN_DATE.open(encoding="utf-8") as fh:
        yield from fh
    with SILVER_TEACHER.open(encoding="utf-8") as fh:
        yield from itertools.islice(fh, _SILVER_LINES)


def _common_words() -> set[str]:
    """Common English words: Faker's English lorem list and spaCy's stop words."""
    from faker.providers.lorem.en_US import Provider as Lorem  # noqa: PLC0415 - build time only
    from spacy.lang.en.stop_words import STOP_WORDS  # noqa: PLC0415

    return {w.casefold() for w in Lorem.word_list} | {w.casefold() for w in STOP_WORDS}


if __name__ == "__main__":
    print(build())
