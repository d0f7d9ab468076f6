"""Whether one rule's ``match`` fits one finding in one message context.

Lists are OR, keys are AND, an absent key matches everything. Globs are compiled once when the
policy loads, so deciding a finding is a handful of set lookups and regex matches.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import translate

from dlp.context import Direction, InspectContext
from dlp.entities import HEALTH_ELEVATED, DataClass
from dlp.findings import Finding
from dlp.policy.model import Match, MatchDirection, Rule

#: Connector tag that puts a connector's personal data in health context.
PHI_TAG = "PHI"


def compile_path_glob(glob: str) -> re.Pattern[str]:
    """Regex for a JSON path glob: ``*`` is one key (with its ``[n]``), ``**`` any depth, ``[*]`` any index.

    ``fnmatch`` would read ``[0]`` as a character class and let ``*`` cross dots, so paths get
    their own small syntax.
    """
    out: list[str] = []
    index = 0
    while index < len(glob):
        if glob.startswith("**", index):
            out.append(".*")
            index += 2
        elif glob.startswith("[*]", index):
            out.append(r"\[[0-9]+\]")
            index += 3
        elif glob[index] == "*":
            out.append(r"[^.]*")
            index += 1
        else:
            out.append(re.escape(glob[index]))
            index += 1
    return re.compile("".join(out) + r"\Z")


def _glob_matcher(globs: tuple[str, ...] | None, fold_case: bool = False) -> Callable[[str | None], bool]:
    if globs is None:
        return lambda _value: True
    flags = re.IGNORECASE if fold_case else 0
    pattern = re.compile("|".join(f"(?:{translate(glob)})" for glob in globs), flags)
    return lambda value: value is not None and pattern.match(value) is not None


def effective_data_class(finding: Finding, context: InspectContext) -> DataClass:
    """The finding's data class, raised to PHI for personal data on a connector tagged PHI.

    The engine raises data classes from nearby health context already; doing it here too for
    connector tags means a policy never under-protects a hospital's Jira if the engine did not.
    """
    if (
        finding.data_class is DataClass.PII
        and finding.entity in HEALTH_ELEVATED
        and any(tag.upper() == PHI_TAG for tag in context.connector_tags)
    ):
        return DataClass.PHI
    return finding.data_class


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A rule with its globs compiled and its score threshold resolved."""

    rule: Rule
    min_score: float
    _connector: Callable[[str | None], bool]
    _server: Callable[[str | None], bool]
    _tool: Callable[[str | None], bool]
    _role: Callable[[str | None], bool]
    _kind: Callable[[str | None], bool]
    _paths: tuple[re.Pattern[str], ...] | None

    @classmethod
    def build(cls, rule: Rule, policy_min_score: float) -> CompiledRule:
        """Compile ``rule``; its own ``min_score`` wins over the policy's."""
        match: Match = rule.match
        return cls(
            rule=rule,
            min_score=policy_min_score if match.min_score is None else match.min_score,
            _connector=_glob_matcher(match.connectors),
            _server=_glob_matcher(match.servers),
            _tool=_glob_matcher(match.tools),
            _role=_glob_matcher(match.roles),
            # Providers and languages are spelled inconsistently (Python/python): fold case.
            _kind=_glob_matcher(match.kinds, fold_case=True),
            _paths=None if match.paths is None else tuple(compile_path_glob(p) for p in match.paths),
        )

    def matches(self, finding: Finding, data_class: DataClass, context: InspectContext) -> bool:
        """True when every condition of the rule holds for ``finding`` in ``context``."""
        match = self.rule.match
        if finding.score < self.min_score:
            return False
        if match.entities is not None and finding.entity not in match.entities:
            return False
        if match.data_classes is not None and data_class not in match.data_classes:
            return False
        if match.direction is not MatchDirection.ANY and (
            (match.direction is MatchDirection.REQUEST) != (context.direction is Direction.REQUEST)
        ):
            return False
        if match.roles is not None and not any(self._role(role) for role in context.roles):
            return False
        if self._paths is not None and not any(p.match(finding.path) for p in self._paths):
            return False
        return (
            self._connector(context.connector)
            and self._server(context.server)
            and self._tool(context.tool)
            and self._kind(finding.kind)
        )
