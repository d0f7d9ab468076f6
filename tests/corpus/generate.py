"""Generate the labelled dev corpus ``tests/corpus/dev.jsonl`` deterministically.

Run ``python -m tests.corpus.generate`` from the repository root. Every record is
``{"id", "source", "format", "locale", "text", "spans": [{"start", "end", "label", "kind"?}]}``
with character offsets into ``text``, known by construction (see :mod:`tests.corpus.rich`).
``format`` is ``json`` (a SaaS API response serialised as the MCP server would return it) or
``text`` (one free-text field on its own).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from faker import Faker

from tests.corpus import shapes
from tests.corpus.prose import Prose
from tests.corpus.rich import Json, render_json, render_text
from tests.corpus.values import REGIONS, Values

SEED = 20261121
DEFAULT_RECORDS = 1500
OUTPUT = Path(__file__).with_name("dev.jsonl")

#: source -> (weight, document builders).
SOURCES: dict[str, tuple[int, tuple[Callable[[Prose], Json], ...]]] = {
    "slack": (3, (shapes.slack_history,)),
    "jira": (3, (shapes.jira_issue,)),
    "zendesk": (3, (shapes.zendesk_ticket,)),
    "salesforce": (3, (shapes.salesforce_query,)),
    "github": (3, (shapes.github_issue, shapes.github_commit, shapes.github_pr_comments)),
}
#: Share of records that are one free-text field rather than a whole API response.
TEXT_SHARE = 0.25


def _stabilise(fake: Faker) -> None:
    # it_IT builds its city list from a set, whose order follows the per-process string hash
    # seed: sort every city list so the corpus is the same in every run.
    for provider in fake.get_providers():
        cities = getattr(provider, "cities", None)
        if isinstance(cities, list | tuple | set | frozenset):
            provider.cities = sorted(cities)


def generate(count: int = DEFAULT_RECORDS, seed: int = SEED) -> Iterator[dict[str, Any]]:
    """Yield ``count`` labelled records; the same seed always yields the same records."""
    rng = random.Random(seed)
    fakers: dict[str, Faker] = {}
    for index, locale in enumerate(REGIONS):
        fake = Faker(locale)
        fake.seed_instance(seed + index)
        _stabilise(fake)
        fakers[locale] = fake
    values = Values(rng, fakers)
    names = list(SOURCES)
    weights = [SOURCES[name][0] for name in names]
    # en_US dominates real SaaS traffic; the other locales still get a fair share.
    locales = list(REGIONS)
    locale_weights = [4 if locale == "en_US" else 1 for locale in locales]
    for index in range(count):
        source = rng.choices(names, weights)[0]
        locale = rng.choices(locales, locale_weights)[0]
        prose = Prose(values, locale)
        if rng.random() < TEXT_SHARE:
            text, spans = render_text(prose.paragraph(rng.randint(1, 5)))
            fmt = "text"
        else:
            builder = rng.choice(SOURCES[source][1])
            text, spans = render_json(builder(prose), indent=rng.choice([None, None, 2]))
            fmt = "json"
        yield {
            "id": f"dev-{index:05d}",
            "source": source,
            "format": fmt,
            "locale": locale,
            "text": text,
            "spans": [span.as_dict() for span in spans],
        }


def write(path: Path, records: list[dict[str, Any]]) -> None:
    """Write records as JSON lines (UTF-8, non-ASCII kept as characters)."""
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def statistics(records: list[dict[str, Any]]) -> str:
    """Records per source and format, spans per entity, as plain text."""
    per_source = Counter(f"{r['source']}/{r['format']}" for r in records)
    per_entity = Counter(span["label"] for r in records for span in r["spans"])
    per_kind = Counter(span.get("kind") for r in records for span in r["spans"] if span["label"] == "SECRET")
    lines = [f"records: {len(records)}  characters: {sum(len(r['text']) for r in records):,}"]
    lines += [f"  {name:<20} {n:>6}" for name, n in sorted(per_source.items())]
    lines.append(f"spans: {sum(per_entity.values())}")
    lines += [f"  {name:<22} {n:>6}" for name, n in per_entity.most_common()]
    lines.append("secret kinds:")
    lines += [f"  {name!s:<22} {n:>6}" for name, n in per_kind.most_common()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line: regenerate the corpus and print its statistics."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=DEFAULT_RECORDS)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    records = list(generate(args.records, args.seed))
    write(args.output, records)
    print(statistics(records))
    return 0


if __name__ == "__main__":
    sys.exit(main())
