"""Read a policy file: YAML with line numbers, pydantic validation, cross-field checks, errors located.

Every problem becomes a :class:`dlp.errors.PolicyError` naming file, line and key; when there
are several, the first (by line) is the message and the rest are attached as exception notes
(``exc.__notes__``) so the CLI can list them all.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path
from typing import NoReturn

from pydantic import ValidationError

from dlp.errors import PolicyError
from dlp.policy.checks import Problem, semantic_problems, validation_problems
from dlp.policy.model import PolicyDocument
from dlp.policy.policy import Policy
from dlp.policy.source import SourceMap, format_loc, parse_yaml

#: Package holding the shipped policies (``policies/`` at the repository root).
POLICY_PACKAGE = "dlp.policies"
DEFAULT_POLICY_FILE = "default.yaml"
#: The package also holds other YAML (access rules), so the shipped policies are listed here.
SHIPPED_POLICIES = (DEFAULT_POLICY_FILE, "hipaa.yaml", "pci.yaml")


def load_policy(path: Path) -> Policy:
    """Load and validate the policy file at ``path``."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PolicyError(
            f"cannot read policy file: {exc.strerror or type(exc).__name__}", file=str(path)
        ) from None
    return _load_bytes(raw, str(path))


def load_policy_text(text: str, source: str = "<policy>") -> Policy:
    """Load and validate policy YAML given as text; ``source`` names it in errors."""
    return _load_bytes(text.encode("utf-8"), source, text)


def default_policy() -> Policy:
    """The packaged ``policies/default.yaml``."""
    return packaged_policy(DEFAULT_POLICY_FILE)


def default_policy_text() -> str:
    """The YAML text of ``policies/default.yaml`` (to combine with a connector's overlay rules)."""
    return resources.files(POLICY_PACKAGE).joinpath(DEFAULT_POLICY_FILE).read_text(encoding="utf-8")


def packaged_policy(filename: str) -> Policy:
    """A policy shipped in the ``dlp.policies`` package (``default.yaml``, ``hipaa.yaml``, ``pci.yaml``)."""
    resource = resources.files(POLICY_PACKAGE).joinpath(filename)
    try:
        raw = resource.read_bytes()
    except OSError as exc:
        raise PolicyError(f"no packaged policy: {type(exc).__name__}", file=filename) from None
    return _load_bytes(raw, f"{POLICY_PACKAGE}:{filename}")


def packaged_policy_names() -> tuple[str, ...]:
    """File names of the shipped policies."""
    return SHIPPED_POLICIES


def _load_bytes(raw: bytes, source: str, text: str | None = None) -> Policy:
    if text is None:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise PolicyError(f"not UTF-8 text (byte offset {exc.start})", file=source) from None
    parsed = parse_yaml(text, source)
    if not isinstance(parsed.data, dict):
        raise PolicyError("a policy must be a mapping of keys (name, rules, ...)", file=source, line=1)
    try:
        document = PolicyDocument.model_validate(parsed.data)
    except ValidationError as exc:
        problems = validation_problems(exc)
    else:
        problems = semantic_problems(document)
        if not problems:
            return Policy(document=document, sha256=hashlib.sha256(raw).hexdigest(), source=source)
    # Raised outside the except block: pydantic's own error would otherwise ride along as
    # __context__, and its repr quotes the offending values.
    _raise_problems(problems, parsed, source)


def _raise_problems(problems: list[Problem], parsed: SourceMap, source: str) -> NoReturn:
    located = []
    for problem in problems:
        line, _ = parsed.locate(problem.loc)
        located.append((line or 0, problem))
    located.sort(key=lambda pair: pair[0])
    errors = [
        PolicyError(problem.message, file=source, line=line or None, key=format_loc(problem.loc) or None)
        for line, problem in located
    ]
    first = errors[0]
    for other in errors[1:]:
        first.add_note(str(other))
    raise first
