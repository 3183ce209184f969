"""The LER Ecosystem Map page for people, at `/`.

A client of our own public GraphQL API (POST /graphql, no private back door): the page
is static HTML, our script and style sheet live under static/map/ (served by the
/static mount in api/graphiql.py). Every asset comes from this host; the page's
Content-Security-Policy allows scripts, styles and workers from this host only, no
inline code. The network view's libraries (graphology, sigma.js, ForceAtlas2's
iteration) come from node_modules through api/graphiql.py's allow-list.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import BaseRoute, Route


def page_headers(**sources: str) -> dict[str, str]:
    """The headers of every page of ours (this one, GraphiQL): a Content-Security-Policy
    that allows this host only, with `sources` added or replaced (`font_src="'self' data:"`),
    no framing, no referrer. (`nosniff` is on every response, from api/gate.py.)"""
    directives = {
        "default-src": "'none'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",      # the empty favicon (and GraphiQL's icons)
        "connect-src": "'self'",        # the pages POST to /graphql on this host
        "base-uri": "'none'",
        "form-action": "'none'",
        "frame-ancestors": "'none'",
        **{name.replace("_", "-"): value for name, value in sources.items()},
    }
    return {"content-security-policy": "; ".join(f"{k} {v}" for k, v in directives.items()),
            "x-frame-options": "DENY", "x-content-type-options": "nosniff",
            "referrer-policy": "no-referrer"}


# The network view lays its graph out in a worker script from this host.
PAGE_HEADERS = page_headers(worker_src="'self'")
CONTENT_SECURITY_POLICY = PAGE_HEADERS["content-security-policy"]

MAP_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>LER Ecosystem Map</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/static/map/map.css">
</head>
<body>
  <a class="skip" href="#main">Skip to the map</a>
  <header>
    <h1>LER Ecosystem Map</h1>
    <p>Who builds, issues, uses and adopts Learning and Employment Records.
    Data from this host's <a href="/graphql">GraphQL API</a>.</p>
    <nav aria-label="Views"><ul>
      <li><a href="#hub">Groups</a></li>
      <li><a href="#list">List</a></li>
      <li><a href="#network">Network</a></li>
    </ul></nav>
    <form id="search" role="search">
      <label for="search-text">Find an organization</label>
      <input id="search-text" type="search" autocomplete="off">
      <button type="submit">Search</button>
    </form>
    <div id="search-results" aria-live="polite"></div>
  </header>
  <main id="main" tabindex="-1">
    <div id="error" role="alert" hidden></div>
    <div class="views">
      <section id="view-hub" aria-label="Stakeholder groups">
        <div id="hub"><p>Loading the map...</p></div>
        <section id="group" aria-live="polite" hidden></section>
      </section>
      <section id="view-list" aria-labelledby="list-title" hidden></section>
      <section id="view-network" aria-labelledby="network-title" hidden></section>
    </div>
    <aside id="panel" aria-labelledby="panel-title" hidden></aside>
  </main>
  <script src="/static/vendor/graphology/graphology.umd.min.js"></script>
  <script src="/static/vendor/sigma/sigma.min.js"></script>
  <script src="/static/map/core.js"></script>
  <script src="/static/map/hub.js"></script>
  <script src="/static/map/panel.js"></script>
  <script src="/static/map/list.js"></script>
  <script src="/static/map/network.js"></script>
  <script src="/static/map/search.js"></script>
  <script src="/static/map/app.js"></script>
</body>
</html>
"""


async def map_page(_: Request) -> HTMLResponse:
    return HTMLResponse(MAP_PAGE, headers=PAGE_HEADERS)


def routes() -> list[BaseRoute]:
    return [Route("/", map_page)]
