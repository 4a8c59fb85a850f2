"""HTML pieces of the AsyncAPI page (hall_contracts.asyncapi_page): a little Markdown (code,
bold, bullet lists, paragraphs) and a table of a JSON Schema's fields, all the way down."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

_CODE = re.compile(r"`([^`]+)`")
_BOLD = re.compile(r"\*\*([^*]+)\*\*")


def inline(text: str) -> str:
    """Escape ``text`` and render its `code` and **bold** spans."""
    escaped = html.escape(text, quote=False)
    return _BOLD.sub(r"<strong>\1</strong>", _CODE.sub(r"<code>\1</code>", escaped))


def markdown(text: str) -> str:
    """Paragraphs and ``* `` bullet lists (continuation lines indented) as HTML."""
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        if block.lstrip().startswith("* "):
            items = re.split(r"(?m)^\s*\* ", block)[1:]
            blocks.append("<ul>" + "".join(f"<li>{inline(i.strip())}</li>" for i in items) + "</ul>")
        else:
            blocks.append(f"<p>{inline(' '.join(block.split()))}</p>")
    return "\n".join(blocks)


def load_schema(path: Path) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


def type_of(schema: dict[str, Any]) -> str:
    """A short human reading of a schema's type: ``string (date)``, ``one of a, b``, ``staff``."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "const" in schema:
        return f"= {json.dumps(schema['const'], ensure_ascii=False)}"
    if "enum" in schema:
        return "one of " + ", ".join(json.dumps(v, ensure_ascii=False) for v in schema["enum"])
    kind = schema.get("type", "any")
    kind = " or ".join(kind) if isinstance(kind, list) else kind
    if kind == "array" and isinstance(schema.get("items"), dict):
        kind = f"array of {type_of(schema['items'])}"
    return f"{kind} ({schema['format']})" if "format" in schema else kind


def field_rows(schema: dict[str, Any], root: dict[str, Any], prefix: str = "") -> list[str]:
    """One table row per field, nested objects (and arrays of objects) as ``a.b`` / ``a[].b``."""
    rows = []
    required = set(schema.get("required", []))
    for name, field in schema.get("properties", {}).items():
        path = f"{prefix}{name}"
        mark = "yes" if name in required else ""
        description = inline(field.get("description", ""))
        rows.append(
            f"<tr><td><code>{html.escape(path)}</code></td><td>{inline(type_of(field))}</td>"
            f"<td>{mark}</td><td>{description}</td></tr>"
        )
        rows.extend(field_rows(nested(field, root), root, f"{path}."))
        if isinstance(field.get("items"), dict):
            rows.extend(field_rows(nested(field["items"], root), root, f"{path}[]."))
    return rows


def nested(field: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    """The object schema a field stands for (following a local ``#/$defs/...``), or {}."""
    ref = field.get("$ref", "")
    if ref.startswith("#/$defs/"):
        found: dict[str, Any] = root.get("$defs", {}).get(ref.rsplit("/", 1)[-1], {})
        return found
    return field if "properties" in field else {}


def fields_table(schema: dict[str, Any]) -> str:
    rows = "\n".join(field_rows(schema, schema))
    head = "<tr><th>Field</th><th>Type</th><th>Required</th><th>Description</th></tr>"
    return f'<table class="fields">\n{head}\n{rows}\n</table>'


def example_block(sample: dict[str, Any]) -> str:
    text = json.dumps(sample, ensure_ascii=False, indent=2)
    return f"<details><summary>Example</summary><pre>{html.escape(text)}</pre></details>"
