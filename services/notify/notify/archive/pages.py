"""A notice as a printable page: the text as issued, with what proves it. No HTTP here."""

from __future__ import annotations

import html


def print_view(row: dict, envelope: tuple[str, str] | None = None) -> str:
    """The notice as a printable A4 page: the text as issued, with what proves it; for a letter,
    the recipient's name and postal address on top (read from their owner for this page only)."""
    text = html.escape(row["content"])
    to = f"<address>{html.escape(envelope[0])}<br>{html.escape(envelope[1])}</address>" if envelope else ""
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(row["title"])} {row["notice_no"]}</title>
<style>
@page {{ size: A4; margin: 20mm; }}
body {{ font-family: "SimSun", "Songti SC", serif; font-size: 14pt; line-height: 1.8; }}
pre {{ white-space: pre-wrap; font-family: inherit; }}
address {{ font-style: normal; margin-bottom: 2em; }}
footer {{ margin-top: 2em; font-size: 9pt; color: #444; border-top: 1px solid #888; }}
</style></head>
<body>{to}<main><pre>{text}</pre></main>
<footer>通知编号 {row["notice_no"]} · 模板 {row["template"]} v{row["template_version"]} ·
SHA-256 {row["content_sha256"]}</footer></body></html>
"""
