"""YAML to plain data, remembering the line of every key so errors can point at it.

``yaml.safe_load`` forgets where things were and silently keeps the last of two duplicate keys;
a policy reviewer needs both facts. We compose the node tree and build the data ourselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NoReturn

import yaml

from dlp.errors import PolicyError

#: A location inside the document: mapping keys and list indexes, as pydantic reports them.
Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class SourceMap:
    """The parsed document plus the 1-based line of every key and list item."""

    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def locate(self, loc: Loc) -> tuple[int | None, Loc]:
        """Line and path of the deepest prefix of ``loc`` that exists in the document."""
        for cut in range(len(loc), -1, -1):
            prefix = loc[:cut]
            if prefix in self.lines:
                return self.lines[prefix], prefix
        return None, ()


_KEY_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,47}\Z")


def shown_key(key: str) -> str:
    """``key`` when it looks like a key name; ``<key>`` otherwise.

    Keys are echoed in errors so typos can be fixed, but data pasted where a key belongs (a card
    number, a token) must not reach a CI log through that echo.
    """
    return key if _KEY_NAME.match(key) else "<key>"


def format_loc(loc: Loc) -> str:
    """``('rules', 2, 'action')`` -> ``rules[2].action``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{shown_key(part)}" if text else shown_key(part)
    return text


class _AliasFound(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class _Loader(yaml.SafeLoader):
    """Refuses aliases while composing, where their own position is still known."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        # Aliases would make one rule silently depend on text elsewhere (and allow exponential
        # expansion); a reviewer should see every rule in full where it stands.
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise _AliasFound(event.start_mark.line + 1)
        return super().compose_node(parent, index)


def parse_yaml(text: str, source: str) -> SourceMap:
    """Parse one YAML document into plain data with a line for every key; raise PolicyError."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except _AliasFound as found:
        raise PolicyError(
            "YAML aliases (*name) are not supported in policies", file=source, line=found.line
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # Only the parser's problem statement: str(exc) would quote the source line.
        problem = exc.problem or exc.context or "syntax error"
        if "another document" in problem:
            problem = "a policy file holds one YAML document (remove the second '---')"
        raise PolicyError(
            f"invalid YAML: {problem}",
            file=source,
            line=mark.line + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise PolicyError(f"invalid YAML: {type(exc).__name__}", file=source) from None
    except RecursionError:
        raise PolicyError("invalid YAML: nested too deeply", file=source) from None
    finally:
        loader.dispose()
    if root is None:
        raise PolicyError("the policy file is empty", file=source, line=1)
    builder = _Builder(loader, source)
    try:
        data = builder.build(root, ())
    except RecursionError:
        raise PolicyError("invalid YAML: nested too deeply", file=source) from None
    return SourceMap(data=data, lines=builder.lines)


class _Builder:
    def __init__(self, loader: yaml.SafeLoader, source: str) -> None:
        self._loader = loader
        self._source = source
        self.lines: dict[Loc, int] = {(): 1}

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        """Plain data for ``node`` at ``loc``, recording the line of every key and item."""
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                self.lines[(*loc, index)] = item.start_mark.line + 1
                items.append(self.build(item, (*loc, index)))
            return items
        try:
            return self._loader.construct_object(node, deep=True)
        except yaml.YAMLError:
            self._fail("value cannot be read (bad scalar or tag)", node, loc)

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self._fail("YAML merge keys (<<) are not supported in policies", key_node, loc)
                if isinstance(key_node, yaml.ScalarNode):
                    kind = key_node.tag.rsplit(":", 1)[-1]
                    self._fail(
                        f"key '{shown_key(str(key_node.value))}' is read as {kind} by YAML; quote it",
                        key_node,
                        loc,
                    )
                self._fail("keys must be plain names", key_node, loc)
            key = str(key_node.value)
            if key in result:
                raise PolicyError(
                    f"duplicate key '{shown_key(key)}' (first at line {first_line[key]})",
                    file=self._source,
                    line=line,
                    key=format_loc((*loc, key)),
                )
            first_line[key] = line
            self.lines[(*loc, key)] = line
            result[key] = self.build(value_node, (*loc, key))
        return result

    def _fail(self, message: str, node: yaml.Node, loc: Loc) -> NoReturn:
        line = node.start_mark.line + 1
        raise PolicyError(message, file=self._source, line=line, key=format_loc(loc) or None)
