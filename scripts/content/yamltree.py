"""Safe YAML that remembers where each value stood.

PyYAML's `safe_load` forgets line numbers, keeps the last of two equal keys
without a word, expands aliases (the "billion laughs") and raises ValueError
on an impossible date. Contributors need `file:line: message`, so we compose
the document into PyYAML's node graph (the C composer when available) and
turn it into `Node`s ourselves, refusing what front-matter never needs.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Scalar constructors are stateless: one instance serves every file.
_CONSTRUCTOR = yaml.constructor.SafeConstructor()

# YAML 1.1 tags, named the way a writer would say them in an error message.
_KIND = {
    "tag:yaml.org,2002:str": "text",
    "tag:yaml.org,2002:bool": "true/false value",
    "tag:yaml.org,2002:int": "number",
    "tag:yaml.org,2002:float": "number",
    "tag:yaml.org,2002:null": "empty value",
    "tag:yaml.org,2002:timestamp": "date",
    "tag:yaml.org,2002:seq": "list",
    "tag:yaml.org,2002:map": "mapping",
}

# Front-matter is at most a list of mappings deep; a value nested far deeper is a mistake, or an attack on
# the parser's stack.
MAX_DEPTH = 20
TOO_DEEP = f"a value here is nested more than {MAX_DEPTH} levels deep; front-matter needs at most three"
CURLY_QUOTES = "“”‘’„‟"

Value = str | int | float | bool | None | list["Node"] | dict[str, "Node"]


@dataclass(frozen=True)
class Node:
    """A YAML value with its 1-based line and what YAML read it as."""

    value: Value
    line: int
    kind: str  # one of _KIND's values, or "placeholder": a `{word}` left from the template
    raw: str = ""  # the scalar as written, before YAML converted it
    comment_dropped: bool = False  # an unquoted scalar followed by ' #...' on its line


class YamlError(Exception):
    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message
        super().__init__(f"{line}: {message}")


def _construct_scalar(node: yaml.ScalarNode) -> Value:
    # Dates stay as written: our own parser gives a better message than
    # PyYAML's ValueError for 2022-02-30, and YYYY-MM must be accepted too.
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value
    construct = yaml.constructor.SafeConstructor.yaml_constructors.get(node.tag)
    if construct is None:
        raise ValueError(f"unsupported YAML tag {node.tag}")
    return construct(_CONSTRUCTOR, node)  # type: ignore[no-any-return]


def parse(text: str, first_line: int = 1) -> Node:
    """Parse one YAML document; lines are counted from `first_line`.

    Raises YamlError for syntax errors, duplicate keys, aliases and keys that are not text.
    """
    try:
        # Aliases are refused before composing: front-matter never needs them,
        # and refusing them is what stops an alias bomb from expanding. An alias is written with '*':
        # without one, the extra pass over the events (a fifth of the parse) is skipped.
        for event in yaml.parse(text, Loader=_Loader) if "*" in text else ():
            if isinstance(event, yaml.AliasEvent):
                raise YamlError(
                    first_line + event.start_mark.line,
                    "YAML anchors and aliases (&name, *name) are not allowed here; write the value out",
                )
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line if mark else 0
        raise YamlError(first_line + line, _syntax_message(err, text.split("\n"), line)) from None
    except yaml.YAMLError as err:
        raise YamlError(first_line, f"YAML error: {err}") from None
    except RecursionError:
        raise YamlError(first_line, TOO_DEEP) from None
    if root is None:
        return Node(None, first_line, _KIND["tag:yaml.org,2002:null"])
    lines = text.split("\n")

    def convert(node: yaml.Node, depth: int = 0) -> Node:
        line = first_line + node.start_mark.line
        if depth > MAX_DEPTH:
            raise YamlError(line, TOO_DEEP)
        kind = _KIND.get(node.tag, node.tag)
        if isinstance(node, yaml.MappingNode) and _is_placeholder(node):
            # `themes: [{themes}]` left from the template reads as a mapping {themes: null}.
            return Node(None, line, "placeholder", "{" + node.value[0][0].value + "}")
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Node] = {}
            for key_node, value_node in node.value:
                key_line = first_line + key_node.start_mark.line
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                    raise YamlError(key_line, f"a key must be a plain word, not {key_node.value!r}")
                key = key_node.value
                if key in out:
                    raise YamlError(
                        key_line,
                        f"key '{key}' is given twice (first on line {out[key].line}); YAML would keep only the last, "
                        "so remove one of them",
                    )
                value = convert(value_node, depth + 1)
                # A key's line is where the key stands, which is where a writer looks for it.
                out[key] = Node(value.value, key_line, value.kind, value.raw, value.comment_dropped)
            return Node(out, line, kind)
        if isinstance(node, yaml.SequenceNode):
            return Node([convert(item, depth + 1) for item in node.value], line, kind)
        assert isinstance(node, yaml.ScalarNode)
        dropped = False
        if not node.style:  # plain: the C composer says '', the Python one None
            rest = lines[node.end_mark.line][node.end_mark.column :] if node.end_mark.line < len(lines) else ""
            dropped = bool(re.match(r"\s+#", rest))
        try:
            value = _construct_scalar(node)
        except (yaml.YAMLError, ValueError) as err:
            raise YamlError(line, f"cannot read {node.value!r}: {err}") from None
        return Node(value, line, kind, node.value, dropped)

    return convert(root)


def _is_placeholder(node: yaml.MappingNode) -> bool:
    """`{word}` written in flow style: one key, no value."""
    if not node.flow_style or len(node.value) != 1:
        return False
    key, value = node.value[0]
    return (
        isinstance(key, yaml.ScalarNode)
        and re.fullmatch(r"\w+", key.value) is not None
        and isinstance(value, yaml.ScalarNode)
        and value.tag == "tag:yaml.org,2002:null"
        and value.value == ""
    )


def _syntax_message(err: yaml.MarkedYAMLError, lines: list[str], line: int) -> str:
    """PyYAML's complaint in a writer's words, for the mistakes writers make."""
    problem = err.problem or err.context or "invalid YAML"
    written = lines[line] if 0 <= line < len(lines) else ""
    if "\t" in written or "tab" in problem:
        return "this line has a tab character; YAML indents with spaces only, so replace the tab with spaces"
    if "mapping values are not allowed" in problem:
        return (
            "this value has a colon followed by a space, which YAML reads as a second 'key: value'; "
            'put the whole value in double quotes, like: title: "Power: a second look"'
        )
    if any(q in written for q in CURLY_QUOTES):
        return (
            "YAML cannot read this line; it has curly quotes (“ ” ‘ ’), which YAML does not treat as quotes: "
            'use straight quotes " instead'
        )
    return f"YAML syntax error: {problem}; check the quotes and indentation on this line"


def parse_date(raw: str, *, month_allowed: bool = False) -> datetime.date | None:
    """YYYY-MM-DD (or YYYY-MM when allowed, as the 1st of the month); None when impossible."""
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", raw.strip())
    if not m or (m.group(3) is None and not month_allowed):
        return None
    try:
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        return None
