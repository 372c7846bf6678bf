"""Safe YAML loading that remembers the line of every value.

PyYAML's safe loader drops positions once the document is built, but error
messages must say ``FILE:LINE``. We compose the node graph ourselves (still with
the safe loader's resolver, so no arbitrary objects) and record, for every path
into the data, the line where it starts.

Building the data ourselves means guarding what PyYAML's constructor would: an
alias to a value that contains it (``id: &a [*a]``) would recurse forever,
aliases of aliases ("billion laughs") would expand a 1 KB file to gigabytes, and
nesting thousands deep would exhaust Python's stack. Each is a problem on a line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple[str | int, ...]
MAX_DEPTH = 40
"""Deeper than any questionnaire nests (the bundled one reaches 9)."""
MAX_VALUES = 50_000
"""More values than any questionnaire holds (the bundled one has about 1,000), aliases
expanded: past it the aliases are a bomb, not a questionnaire."""
_OPENING = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken)
_OPENING_FLOW = (yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)
_CLOSING = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


@dataclass
class LineMap:
    """Maps a path into the loaded data (keys and list indices) to a 1-based line."""

    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int:
        """The line of the longest prefix of ``path`` that the document has."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return 1

    def resolve(self, loc: Path) -> Path:
        """Follow a validator's location, skipping steps the document lacks.

        Pydantic adds steps of its own (the tag of a discriminated union, the
        branch of a plain union); those are not in the document and are skipped.
        """
        path: Path = ()
        for step in loc:
            if path + (step,) in self.lines:
                path = path + (step,)
        return path


@dataclass
class YamlProblem:
    line: int
    message: str


class _Composer:
    def __init__(self) -> None:
        self.lines = LineMap()
        self.problems: list[YamlProblem] = []
        self._scalars = yaml.SafeLoader("")
        self._open: set[int] = set()
        """The collections being built: an alias back to one of them is a cycle."""
        self._built = 0

    def build(self, node: yaml.Node, path: Path) -> Any:
        if self._built > MAX_VALUES:
            return None
        self.lines.lines.setdefault(path, node.start_mark.line + 1)
        refusal = self._refusal(node, path)
        if refusal is not None:
            self.problems.append(YamlProblem(node.start_mark.line + 1, refusal))
            return None
        if not isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            return self._scalar(node)
        self._open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path)
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        finally:
            self._open.discard(id(node))

    def _refusal(self, node: yaml.Node, path: Path) -> str | None:
        self._built += 1
        if self._built > MAX_VALUES:
            return f"aliases expand to more than {MAX_VALUES:,} values: refused as an alias bomb"
        if id(node) in self._open:
            return "an alias refers to a value that contains it, so it would never end"
        if len(path) > MAX_DEPTH:
            return f"values nest deeper than {MAX_DEPTH} levels"
        return None

    def _scalar(self, node: yaml.Node) -> Any:
        """Construct a plain value; a tag the safe loader refuses is a problem, not a crash."""
        try:
            return self._scalars.construct_object(node, deep=True)
        except yaml.YAMLError:
            self.problems.append(
                YamlProblem(node.start_mark.line + 1, f"unsupported YAML tag '{node.tag}'")
            )
            return None

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    YamlProblem(key_node.start_mark.line + 1, "a key must be a plain value")
                )
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(
                    YamlProblem(key_node.start_mark.line + 1, "merge keys ('<<') are not supported")
                )
                continue
            key = self._scalar(key_node)
            if key == "<<":
                self.problems.append(
                    YamlProblem(key_node.start_mark.line + 1, "merge keys ('<<') are not supported")
                )
                continue
            if key in result:
                self.problems.append(
                    YamlProblem(key_node.start_mark.line + 1, f"duplicate key '{key}'")
                )
                continue
            self.lines.lines[path + (key,)] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, path + (key,))
        return result


def load_yaml_with_lines(text: str) -> tuple[Any, LineMap, list[YamlProblem]]:
    """Parse ``text`` safely; return the data, its line map and any problems.

    A syntax error is returned as a problem with the parser's line, and the
    data is then ``None``.
    """
    composer = _Composer()
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = " ".join(part for part in (error.context, error.problem) if part)
        return None, composer.lines, [YamlProblem(line, f"YAML syntax error: {problem}")]
    except yaml.YAMLError as error:
        return None, composer.lines, [YamlProblem(1, f"YAML error: {error}")]
    except RecursionError:
        message = f"values nest deeper than {MAX_DEPTH} levels"
        return None, composer.lines, [YamlProblem(_too_deep_line(text), message)]
    if node is None:
        return None, composer.lines, [YamlProblem(1, "the file is empty")]
    data = composer.build(node, ())
    return data, composer.lines, composer.problems


def _too_deep_line(text: str) -> int:
    """The line where the nesting first passes :data:`MAX_DEPTH`, read from the tokens
    (the scanner does not recurse, where PyYAML's composer does)."""
    depth = 0
    for token in yaml.scan(text, Loader=yaml.SafeLoader):
        if isinstance(token, _OPENING + _OPENING_FLOW):
            depth += 1
            if depth > MAX_DEPTH:
                return int(token.start_mark.line) + 1
        elif isinstance(token, _CLOSING):
            depth -= 1
    return 1
