"""The AsyncAPI document as one HTML page, for people: ``docs/asyncapi.html``.

    python -m hall_contracts.asyncapi_page [output]   # default: docs/asyncapi.html

Channels are grouped by their operation's tag; each shows its exchange and routing key (or its
queue), the message's id, type and dataschema, a table of the fields of ``data`` and the sample
event. The page has no script and fetches nothing. tests/contracts checks it is up to date.
"""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from hall_contracts.asyncapi_html import example_block, fields_table, inline, load_schema, markdown

CONTRACTS = Path(__file__).resolve().parents[1]
ASYNCAPI = CONTRACTS / "asyncapi.yaml"
PAGE = CONTRACTS.parent / "docs" / "asyncapi.html"
STYLE = (
    "body{font-family:sans-serif;max-width:70rem;margin:auto;padding:1rem;line-height:1.45}"
    "code,pre{background:#f3f3f3}pre{padding:.5rem;overflow:auto}"
    "table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.2rem .4rem;"
    "vertical-align:top;text-align:left}section.channel{border-top:2px solid #ddd;margin-top:1.5rem}"
)


def local(document: dict[str, Any], ref: str) -> dict[str, Any]:
    node: Any = document
    for part in ref.lstrip("#/").split("/"):
        node = node[part]
    found: dict[str, Any] = node
    return found


def operation_of(channel: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    verb = "subscribe" if "subscribe" in channel else "publish"
    return verb, channel[verb]


def where(name: str, channel: dict[str, Any], operation: dict[str, Any]) -> str:
    """Exchange and routing key, or the queue, from the AMQP bindings."""
    amqp = channel["bindings"]["amqp"]
    exchange = amqp.get("exchange") or channel.get("x-hall-exchange") or {}
    parts = []
    if amqp["is"] == "queue":
        parts.append(f"queue <code>{html.escape(amqp['queue']['name'])}</code>")
    if exchange:
        parts.append(f"exchange <code>{exchange['name']}</code> ({exchange['type']}, durable)")
    keys = operation.get("bindings", {}).get("amqp", {}).get("cc", [])
    parts += [f"routing key <code>{html.escape(key)}</code>" for key in keys]
    consumers = channel.get("x-hall-consumers")
    if consumers:
        parts.append("the hall's consumers: " + ", ".join(consumers))
    return "; ".join(parts)


def payload_block(document: dict[str, Any], message: dict[str, Any]) -> str:
    payload = message["payload"]
    if payload.get("$ref", "").startswith("#"):
        payload = local(document, payload["$ref"])
    if "allOf" in payload:
        data = payload["allOf"][1]["properties"]["data"]["$ref"]
        return "<h4>Fields of <code>data</code></h4>\n" + fields_table(load_schema(CONTRACTS / data))
    if "$ref" in payload:
        return "<h4>Fields</h4>\n" + fields_table(load_schema(CONTRACTS / payload["$ref"]))
    headers = fields_table(message.get("headers", {}))
    return f"<p>{inline(payload.get('description', ''))}</p>\n<h4>Headers</h4>\n{headers}"


def message_block(document: dict[str, Any], ref: str) -> str:
    message = local(document, ref)
    parts = [
        f"<p>Message <code>{message['messageId']}</code> (<code>{message['name']}</code>): "
        f"{inline(message.get('summary', ''))}</p>",
        payload_block(document, message),
    ]
    for example in message.get("examples", []):
        sample = json.loads((CONTRACTS / example["payload"]["$ref"]).read_text(encoding="utf-8"))
        parts.append(example_block(sample))
    return "\n".join(parts)


def channel_section(document: dict[str, Any], name: str, channel: dict[str, Any]) -> str:
    verb, operation = operation_of(channel)
    return "\n".join(
        [
            f'<section class="channel" id="{html.escape(name)}"><h3>{html.escape(name)}</h3>',
            markdown(channel.get("description", "")),
            f"<p>{where(name, channel, operation)}</p>",
            f"<p><code>{operation['operationId']}</code> ({verb}): "
            f"{inline(operation.get('summary', ''))}</p>",
            message_block(document, operation["message"]["$ref"]),
            "</section>",
        ]
    )


def tag_sections(document: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The table of contents and the sections, one per tag, in the document's tag order."""
    contents, sections = [], []
    for tag in document["tags"]:
        names = [
            name
            for name, channel in document["channels"].items()
            if tag["name"] in {t["name"] for t in operation_of(channel)[1].get("tags", [])}
        ]
        links = ", ".join(f'<a href="#{html.escape(n)}">{html.escape(n)}</a>' for n in names)
        contents.append(f'<li><a href="#tag-{tag["name"]}">{tag["name"]}</a>: {links}</li>')
        sections.append(f'<h2 id="tag-{tag["name"]}">{tag["name"]}</h2>')
        sections.append(f"<p>{inline(tag.get('description', ''))}</p>")
        sections += [channel_section(document, n, document["channels"][n]) for n in names]
    return contents, sections


def render(path: Path = ASYNCAPI) -> str:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    info = document["info"]
    contents, sections = tag_sections(document)
    envelope = fields_table(load_schema(CONTRACTS / "hall_contracts" / "schemas" / "envelope.json"))
    title = f"{info['title']} {info['version']} (AsyncAPI {document['asyncapi']})"
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>",
            f"<h1>{html.escape(title)}</h1>",
            "<p>Generated from <code>contracts/asyncapi.yaml</code> by "
            "<code>python -m hall_contracts.asyncapi_page</code>; do not edit by hand.</p>",
            markdown(info["description"]),
            f"<p>Contact: {html.escape(info['contact']['name'])}, "
            f"{html.escape(info['contact']['email'])}. Licence: {html.escape(info['license']['name'])}.</p>",
            "<h2>Contents</h2><ul>",
            *contents,
            '<li><a href="#envelope">the envelope</a></li></ul>',
            *sections,
            '<h2 id="envelope">The envelope (every event)</h2>',
            envelope,
            "</body></html>",
            "",
        ]
    )


def main(argv: list[str]) -> None:
    target = Path(argv[0]) if argv else PAGE
    target.write_text(render(), encoding="utf-8")
    print(target)


if __name__ == "__main__":
    main(sys.argv[1:])
