"""GraphiQL, served entirely from this host.

The page loads React, ReactDOM and GraphiQL from `node_modules` (pinned in
package-lock.json, installed by `make run`/`make test`), mounted under
/static/vendor, and our own script from /static/graphiql. No CDN is involved,
so it works offline and nothing leaves the host at page load.
"""

from __future__ import annotations

from starlette.responses import HTMLResponse
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from graph.settings import PROJECT_ROOT

NODE_MODULES = PROJECT_ROOT / "node_modules"
STATIC = PROJECT_ROOT / "static"

# URL folder -> folder on disk holding the browser builds.
VENDOR = {
    "react": NODE_MODULES / "react" / "umd",
    "react-dom": NODE_MODULES / "react-dom" / "umd",
    "graphiql": NODE_MODULES / "graphiql",
}

PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>LER Ecosystem Map API - GraphiQL</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/static/vendor/graphiql/graphiql.min.css">
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
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
    return all((folder / name).is_file() for folder, name in (
        (VENDOR["react"], "react.production.min.js"),
        (VENDOR["react-dom"], "react-dom.production.min.js"),
        (VENDOR["graphiql"], "graphiql.min.js")))


def page() -> HTMLResponse:
    if not installed():
        return HTMLResponse(MISSING, status_code=503)
    return HTMLResponse(PAGE)


def static_mounts() -> list[Mount]:
    mounts = [Mount(f"/static/vendor/{name}", StaticFiles(directory=folder, check_dir=False))
              for name, folder in VENDOR.items()]
    mounts.append(Mount("/static", StaticFiles(directory=STATIC)))
    return mounts
