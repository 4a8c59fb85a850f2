"""The API reference page every service serves at ``GET /docs``: Swagger UI reading the
service's own ``/openapi.json``, with every file served by the service itself (no internet).

The browser files are vendored from npm's ``swagger-ui-dist`` (Apache-2.0: ``LICENSE``,
``NOTICE``, and the bundled libraries' notices) by ``libs/web_api/api_docs_vendor/refresh``,
which records the version and each file's sha256 in ``VENDORED.json``. ``hall-api-docs.js``
is ours: it starts Swagger UI on the document the page names, so the page needs no inline
script and its Content-Security-Policy allows only the service's own files.
"""

from __future__ import annotations

from html import escape
from importlib.resources import files

from werkzeug.wrappers import Response

from web_api.errors import ApiError

ASSETS = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "favicon-32x32.png": "image/png",
    "hall-api-docs.js": "text/javascript; charset=utf-8",
    "LICENSE": "text/plain; charset=utf-8",
    "NOTICE": "text/plain; charset=utf-8",
    "swagger-ui-bundle.js.LICENSE.txt": "text/plain; charset=utf-8",
}
# Swagger UI shows its icons as data: images (its style attributes are set through the DOM,
# which style-src does not govern); it fetches only /openapi.json and, on "Try it out", the
# service's own routes
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self' data:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
# relative links: the page works where a proxy mounts the service under a prefix (/intake/docs)
PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{title} 接口说明 (API reference)</title>
<link rel="stylesheet" href="docs/assets/swagger-ui.css">
<link rel="icon" type="image/png" href="docs/assets/favicon-32x32.png">
</head>
<body>
<noscript>本页需要 JavaScript；接口文档原文见 <a href="openapi.json">openapi.json</a>
(this page needs JavaScript; the document itself is openapi.json)</noscript>
<div id="swagger-ui" data-openapi="openapi.json"></div>
<p><small>Swagger UI (Apache-2.0): <a href="docs/assets/LICENSE">LICENSE</a>,
<a href="docs/assets/NOTICE">NOTICE</a>,
<a href="docs/assets/swagger-ui-bundle.js.LICENSE.txt">bundled libraries</a></small></p>
<script src="docs/assets/swagger-ui-bundle.js"></script>
<script src="docs/assets/hall-api-docs.js"></script>
</body>
</html>
"""


def page(service: str) -> Response:
    """The page for ``service`` (its name in the title)."""
    body = PAGE.format(title=escape(service))
    return Response(body, status=200, content_type="text/html; charset=utf-8", headers=HEADERS)


def asset(name: str) -> Response:
    """One of the page's files; any other name is the edge's JSON 404 ``not_found``."""
    if name not in ASSETS:
        raise ApiError("未找到该地址 (no such resource)", status=404, code="not_found")
    data = files(__package__).joinpath(name).read_bytes()
    headers = {**HEADERS, "Cache-Control": "public, max-age=3600"}
    return Response(data, status=200, content_type=ASSETS[name], headers=headers)
