"""GraphiQL, served entirely from this host.

The page loads React, ReactDOM and GraphiQL from `node_modules` (pinned in
package-lock.json, installed by `make run`/`make test`) under /static/vendor, and our
own script and style sheet from /static/graphiql. No CDN is involved, so it works
offline and nothing leaves the host at page load.

Only the files the pages load are served from `node_modules` (an allow-list, not
the package folders: those hold source maps, development builds and package.json files
that nobody needs to fetch). The page's Content-Security-Policy allows scripts and
styles from this host only: GraphiQL 3 (CodeMirror 5, React) styles elements through
the DOM, which CSP allows, and its fonts and icons are `data:` URLs inside its CSS. One
thing it cannot do under this policy: react-remove-scroll's `<style>` element, which
locks the page's scrolling while a dialog is open; this page does not scroll anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from api.pages import page_headers
from graph.settings import PROJECT_ROOT

NODE_MODULES = PROJECT_ROOT / "node_modules"
STATIC = PROJECT_ROOT / "static"

# URL -> file: the browser builds the page loads, and nothing else from node_modules.
VENDOR = {
    "/static/vendor/react/react.production.min.js":
        NODE_MODULES / "react" / "umd" / "react.production.min.js",
    "/static/vendor/react-dom/react-dom.production.min.js":
        NODE_MODULES / "react-dom" / "umd" / "react-dom.production.min.js",
    "/static/vendor/graphiql/graphiql.min.js": NODE_MODULES / "graphiql" / "graphiql.min.js",
    "/static/vendor/graphiql/graphiql.min.css": NODE_MODULES / "graphiql" / "graphiql.min.css",
}
GRAPHIQL_FILES = tuple(VENDOR.values())
VENDOR |= {
    # The map page's network view (api/pages.py): graphology, sigma.js, and ForceAtlas2's
    # iteration, which the page's layout worker (static/map/layout-worker.js) loads.
    "/static/vendor/graphology/graphology.umd.min.js":
        NODE_MODULES / "graphology" / "dist" / "graphology.umd.min.js",
    "/static/vendor/sigma/sigma.min.js": NODE_MODULES / "sigma" / "dist" / "sigma.min.js",
    "/static/vendor/graphology-layout-forceatlas2/iterate.js":
        NODE_MODULES / "graphology-layout-forceatlas2" / "iterate.js",
}

# GraphiQL's fonts are inlined in its CSS as data: URLs.
PAGE_HEADERS = page_headers(font_src="'self' data:")
CONTENT_SECURITY_POLICY = PAGE_HEADERS["content-security-policy"]

PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>LER Ecosystem Map API - GraphiQL</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/static/vendor/graphiql/graphiql.min.css">
  <link rel="stylesheet" href="/static/graphiql/page.css">
</head>
<body>
  <div id="graphiql">Loading GraphiQL...</div>
  <script src="/static/vendor/react/react.production.min.js"></script>
  <script src="/static/vendor/react-dom/react-dom.production.min.js"></script>
  <script src="/static/vendor/graphiql/graphiql.min.js"></script>
  <script src="/static/graphiql/examples.js"></script>
  <script src="/static/graphiql/app.js"></script>
</body>
</html>
"""

MISSING = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>GraphiQL is not installed</title></head><body>
<h1>GraphiQL's files are not installed</h1>
<p>Run <code>npm ci</code> in the project folder (<code>make run</code> does it), then reload.
The API itself works: POST GraphQL requests to this URL.</p></body></html>
"""


def installed() -> bool:
    return all(path.is_file() for path in GRAPHIQL_FILES)


def page() -> HTMLResponse:
    if not installed():
        return HTMLResponse(MISSING, status_code=503, headers=PAGE_HEADERS)
    return HTMLResponse(PAGE, headers=PAGE_HEADERS)


def _file(path: Path) -> Callable[[Request], Response]:
    # A plain function: Starlette runs it in its thread pool, so the file check may block.
    def serve(_: Request) -> Response:
        if not path.is_file():
            return Response("not installed (run npm ci)", status_code=404)
        return FileResponse(path)
    return serve


def static_routes() -> list[BaseRoute]:
    routes: list[BaseRoute] = [Route(url, _file(path)) for url, path in VENDOR.items()]
    routes.append(Mount("/static", StaticFiles(directory=STATIC)))
    return routes
