// The network view: organizations as nodes (coloured by their first group, sized by
// their connections), ACTIVE partnerships and credential acceptance as edges, all from
// one `ecosystemMap` request. Drawn by sigma.js (WebGL) over a graphology graph.
//
// The layout is computed once per version of the data, in a web worker
// (layout-worker.js: ForceAtlas2 for a fixed number of iterations), and cached in
// localStorage under a hash of the nodes and edges; until it arrives, the organizations
// sit in their group's sector (a deterministic placement), so the view is usable at
// once. Nothing is simulated live on the main thread.
"use strict";
(function () {
  var LerMap = window.LerMap;
  var el = LerMap.el;
  // Group membership is not drawn as edges (a node's colour says it): not asked for.
  var QUERY = "query Network { ecosystemMap(edgeKinds: [PARTNERSHIP, CREDENTIAL_ACCEPTED]) { " +
    "nodes { id label kind groups roles stages " +
    "standardIds } edges { source target kind } } standards { id name version } }";
  var CACHE = "lermap-layout:";
  var ROLES = ["ISSUER", "VERIFIER", "WALLET_PROVIDER", "REGISTRY"];
  var STAGES = ["DEVELOPING", "ISSUING", "USING", "ADOPTING"];
  var EDGE_COLORS = { PARTNERSHIP: "#56627a", CREDENTIAL_ACCEPTED: "#d9a441" };

  var state = { built: false, renderer: null, graph: null, visible: null, selected: null,
                layout: "pending", version: null };

  // FNV-1a over the nodes' ids and the edges: the data's version, for the layout cache.
  function version(nodes, edges) {
    var h = 0x811c9dc5;
    function add(text) {
      for (var i = 0; i < text.length; i++) {
        h ^= text.charCodeAt(i);
        h = Math.imul(h, 0x01000193);
      }
    }
    nodes.forEach(function (n) { add(n.id); add("|"); });
    edges.forEach(function (e) { add(e.kind); add(e.source); add(e.target); });
    return (h >>> 0).toString(16) + "-" + nodes.length + "-" + edges.length;
  }

  // Each group owns a sector of a circle; its organizations fill it in a sunflower
  // pattern (golden angle), so clusters show before any force layout has run.
  function seedPositions(nodes) {
    var order = {};
    LerMap.groups.forEach(function (g, i) { order[g.group] = i; });
    var groupCount = Math.max(LerMap.groups.length, 1);
    var filled = {};
    var radius = 20 * Math.sqrt(nodes.length + 1);
    var positions = new Float32Array(nodes.length * 2);
    nodes.forEach(function (n, i) {
      var g = n.groups.length ? order[n.groups[0]] || 0 : 0;
      var k = filled[g] = (filled[g] || 0) + 1;
      var angle = (2 * Math.PI * g) / groupCount;
      var r = 6 * Math.sqrt(k);
      var theta = k * 2.399963;
      positions[2 * i] = radius * Math.cos(angle) + r * Math.cos(theta);
      positions[2 * i + 1] = radius * Math.sin(angle) + r * Math.sin(theta);
    });
    return positions;
  }

  function readCache(key, count) {
    try {
      var stored = JSON.parse(localStorage.getItem(CACHE + key) || "null");
      return stored && stored.length === count * 2 ? Float32Array.from(stored) : null;
    } catch (err) {
      return null;  // storage off or full: lay out again
    }
  }

  function writeCache(key, positions) {
    try {
      Object.keys(localStorage).forEach(function (k) {
        if (k.indexOf(CACHE) === 0) localStorage.removeItem(k);  // older versions
      });
      localStorage.setItem(CACHE + key, JSON.stringify(Array.from(positions, function (v) {
        return Math.round(v * 10) / 10;
      })));
    } catch (err) {
      /* storage off or full: the layout is computed again next time */
    }
  }

  function status(text) {
    document.getElementById("network-status").textContent = text;
  }

  function select(id, label, values, words) {
    var box = el("div", { "class": "field" });
    box.appendChild(el("label", { "for": id }, label));
    var input = el("select", { id: id });
    input.appendChild(el("option", { value: "" }, "Any"));
    values.forEach(function (v) {
      input.appendChild(el("option", { value: v[0] }, v[1]));
    });
    input.addEventListener("change", applyFilters);
    box.appendChild(input);
    return box;
  }

  function build() {
    var view = document.getElementById("view-network");
    view.textContent = "";
    view.appendChild(el("h2", { id: "network-title" }, "Network"));
    view.appendChild(el("p", { "class": "hint" }, "Partnerships and credential acceptance " +
      "between organizations. Drag to pan, scroll to zoom, click an organization to open " +
      "its panel; search (above) flies to an organization. The list view reaches every " +
      "organization by keyboard."));
    var form = el("form", { id: "network-filter", "aria-label": "Filter the network" });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.appendChild(select("net-group", "Group", LerMap.groups.map(function (g) {
      return [g.group, g.name]; })));
    form.appendChild(select("net-role", "Role", ROLES.map(function (r) {
      return [r, LerMap.words(r)]; })));
    form.appendChild(select("net-stage", "Stage", STAGES.map(function (s) {
      return [s, LerMap.words(s)]; })));
    form.appendChild(select("net-standard", "Standard", []));
    view.appendChild(form);
    view.appendChild(el("p", { id: "network-status", role: "status" }, "Loading the network..."));
    var legend = el("ul", { "class": "legend", "aria-label": "Colours of the groups" });
    LerMap.groups.forEach(function (g) {
      var item = el("li");
      var swatch = el("span", { "class": "swatch", "aria-hidden": "true" });
      swatch.style.background = LerMap.groupColor(g.group);
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(g.name));
      legend.appendChild(item);
    });
    [["PARTNERSHIP", "Active partnership"], ["CREDENTIAL_ACCEPTED", "Accepts its credentials"]]
      .forEach(function (kind) {
        var item = el("li");
        var line = el("span", { "class": "line", "aria-hidden": "true" });
        line.style.background = EDGE_COLORS[kind[0]];
        item.appendChild(line);
        item.appendChild(document.createTextNode(kind[1]));
        legend.appendChild(item);
      });
    view.appendChild(legend);
    view.appendChild(el("div", { id: "sigma", role: "img",
      "aria-label": "Network of organizations; use search or the list view to reach them " +
                    "by keyboard" }));
    state.built = true;
  }

  function fillStandards(standards) {
    var input = document.getElementById("net-standard");
    standards.forEach(function (s) {
      input.appendChild(el("option", { value: s.id }, s.name + (s.version ? " " + s.version : "")));
    });
  }

  function applyFilters() {
    if (!state.graph) return;
    var group = document.getElementById("net-group").value;
    var role = document.getElementById("net-role").value;
    var stage = document.getElementById("net-stage").value;
    var standard = document.getElementById("net-standard").value;
    if (!group && !role && !stage && !standard) {
      state.visible = null;
    } else {
      state.visible = new Set();
      state.graph.forEachNode(function (id, attrs) {
        var n = attrs.info;
        if ((!group || n.groups.indexOf(group) >= 0) && (!role || n.roles.indexOf(role) >= 0) &&
            (!stage || n.stages.indexOf(stage) >= 0) &&
            (!standard || n.standardIds.indexOf(standard) >= 0)) state.visible.add(id);
      });
    }
    state.renderer.refresh();
    showCounts();
  }

  function showCounts() {
    var total = state.graph.order;
    var shown = state.visible ? state.visible.size : total;
    var layout = { pending: "arranging the layout in the background",
                   computed: "layout computed and cached", cached: "cached layout" }[state.layout];
    status("Showing " + shown + " of " + total + " organizations and " +
           state.graph.size + " connections (" + layout + ").");
  }

  function draw(data) {
    var nodes = data.ecosystemMap.nodes.filter(function (n) { return n.kind === "STAKEHOLDER"; });
    var edges = data.ecosystemMap.edges.filter(function (e) { return e.kind !== "IN_GROUP"; });
    fillStandards(data.standards);
    state.version = version(nodes, edges);
    var cached = readCache(state.version, nodes.length);
    var positions = cached || seedPositions(nodes);
    state.layout = cached ? "cached" : "pending";

    var graph = new graphology.Graph({ type: "mixed", multi: false, allowSelfLoops: false });
    nodes.forEach(function (n, i) {
      graph.addNode(n.id, { label: n.label, x: positions[2 * i], y: positions[2 * i + 1],
                            size: 2, color: LerMap.groupColor(n.groups[0]), info: n });
    });
    var edgeList = [];
    edges.forEach(function (e) {
      if (!graph.hasNode(e.source) || !graph.hasNode(e.target)) return;
      var attrs = { color: EDGE_COLORS[e.kind] || "#c5ccd6", size: e.kind === "PARTNERSHIP" ? 1.5 : 0.6 };
      if (e.kind === "PARTNERSHIP") graph.mergeUndirectedEdge(e.source, e.target, attrs);
      else graph.mergeDirectedEdge(e.source, e.target, attrs);
      edgeList.push(e);
    });
    graph.forEachNode(function (id) {
      graph.setNodeAttribute(id, "size", Math.min(2 + 1.6 * Math.sqrt(graph.degree(id)), 16));
    });
    state.graph = graph;

    var container = document.getElementById("sigma");
    // A big graph trades smoothness of edges for frames: no anti-aliasing, a coarser
    // picking layer (what is under the mouse), fewer labels.
    var big = graph.order > 2000;
    // `?pan=drawn` or `?pan=sigma` picks a way of panning whatever the graph's size (the
    // browser test, and bench/map_page.mjs comparing the two).
    var panAsked = /[?&]pan=(drawn|sigma)\b/.exec(location.search);
    var panDrawn = panAsked ? panAsked[1] === "drawn" : big;
    try {
      // sigma 4 takes its settings under `settings`, beside the reducers.
      var settings = {
        hideEdgesOnMove: true, hideLabelsOnMove: true, renderEdgeLabels: false,
        labelRenderedSizeThreshold: big ? 12 : 8, labelDensity: big ? 0.2 : 0.4,
        antialiasNodes: !big, antialiasEdges: !big, pickingDownSizingRatio: big ? 4 : 2
      };
      // Panning the drawing ends where the mouse is released, without a glide after.
      if (panDrawn) settings.inertiaRatio = 0;
      state.renderer = new Sigma(graph, container, {
        settings: settings,
        nodeReducer: function (id, attrs) {
          if (state.visible && !state.visible.has(id)) {
            return Object.assign({}, attrs, { hidden: true });
          }
          if (id === state.selected) {
            return Object.assign({}, attrs, { highlighted: true, zIndex: 2, forceLabel: true });
          }
          return attrs;
        },
        edgeReducer: function (id, attrs) {
          if (!state.visible) return attrs;
          var ends = graph.extremities(id);
          return state.visible.has(ends[0]) && state.visible.has(ends[1])
            ? attrs : Object.assign({}, attrs, { hidden: true });
        }
      });
    } catch (err) {
      state.graph = null;
      container.remove();
      status("This browser cannot draw the network (" + err.message + "). The list view " +
             "shows the same organizations.");
      return;
    }
    if (panDrawn) panTheDrawing(state.renderer, container);
    state.renderer.on("clickNode", function (event) {
      LerMap.openPanel(event.node);
    });
    state.renderer.on("enterNode", function () { container.style.cursor = "pointer"; });
    state.renderer.on("leaveNode", function () { container.style.cursor = ""; });
    // Sigma draws its first frame inside its constructor: the graph is on screen now.
    window.__lermapNetwork = { drawnMs: performance.now(), nodes: graph.order,
                               edges: graph.size, layout: state.layout };
    showCounts();
    if (!cached) layOut(nodes, edgeList, positions);
  }

  // Panning a big graph: sigma draws every node again for each mouse move, and where
  // WebGL runs in software (no GPU: SwiftShader) one such frame of 10,000 organizations
  // takes 300 ms or more. So while the mouse drags, what is already drawn is moved
  // (a CSS transform of sigma's layers: compositing only), and the camera moves once,
  // when the mouse is released, by the same distance. Until then, the strip uncovered at
  // the edge stays empty. Sigma's own captor still follows the drag (so a drag is not a
  // click), but its camera ignores moves meanwhile, so it draws nothing. Zooming, clicks
  // and the keyboard are sigma's own.
  function panTheDrawing(renderer, container) {
    var camera = renderer.getCamera();
    var from = null;
    var moved = { x: 0, y: 0 };
    function layers(transform) {
      for (var i = 0; i < container.children.length; i++) {
        container.children[i].style.transform = transform;
      }
    }
    // Pointer events, as sigma's captor uses (a mouse's, a pen's).
    container.addEventListener("pointerdown", function (event) {
      if (event.button !== 0 || !event.isPrimary || event.pointerType === "touch") return;
      from = { x: event.clientX, y: event.clientY };
      moved = { x: 0, y: 0 };
      camera.enabledPanning = false;
    });
    // Capture phase on window: before sigma's own listeners on document.
    window.addEventListener("pointermove", function (event) {
      if (!from || !event.isPrimary) return;
      moved = { x: event.clientX - from.x, y: event.clientY - from.y };
      layers("translate(" + moved.x + "px, " + moved.y + "px)");
    }, true);
    window.addEventListener("pointerup", function (event) {
      if (!from || !event.isPrimary) return;
      from = null;
      camera.enabledPanning = true;
      layers("");
      if (!moved.x && !moved.y) return;  // a click: nothing moved
      // The graph point that was under where the drag started goes to where it ended.
      // (With the camera's state given, sigma works the matrix out now rather than use
      // the one of its last frame.)
      var now = camera.getState();
      var a = renderer.viewportToFramedGraph({ x: 0, y: 0 }, { cameraState: now });
      var b = renderer.viewportToFramedGraph({ x: moved.x, y: moved.y }, { cameraState: now });
      camera.setState({ x: now.x - (b.x - a.x), y: now.y - (b.y - a.y) });
    }, true);
  }

  // The worker lays the graph out once; its answer replaces the seeded positions and
  // is kept for the next visit.
  function layOut(nodes, edges, positions) {
    var index = {};
    nodes.forEach(function (n, i) { index[n.id] = i; });
    var pairs = new Uint32Array(edges.length * 2);
    edges.forEach(function (e, j) {
      pairs[2 * j] = index[e.source];
      pairs[2 * j + 1] = index[e.target];
    });
    var sizes = new Float32Array(nodes.length);
    nodes.forEach(function (n, i) { sizes[i] = state.graph.getNodeAttribute(n.id, "size"); });
    var iterations = nodes.length > 5000 ? 40 : nodes.length > 1000 ? 100 : 300;
    var worker;
    try {
      worker = new Worker("/static/map/layout-worker.js");
    } catch (err) {
      state.layout = "cached";  // nothing better will come: say nothing is pending
      showCounts();
      return;
    }
    var key = state.version;
    worker.onmessage = function (event) {
      worker.terminate();
      if (state.version !== key) return;
      var out = event.data.positions;
      state.graph.updateEachNodeAttributes(function (id, attrs) {
        var i = index[id];
        attrs.x = out[2 * i];
        attrs.y = out[2 * i + 1];
        return attrs;
      }, { attributes: ["x", "y"] });
      writeCache(key, out);
      state.layout = "computed";
      window.__lermapLayout = { ms: event.data.ms, nodes: nodes.length };
      showCounts();
    };
    worker.onerror = function () {
      worker.terminate();
      state.layout = "cached";
      showCounts();
    };
    worker.postMessage({ positions: positions.slice(), sizes: sizes, edges: pairs,
                         iterations: iterations }, [pairs.buffer, sizes.buffer]);
  }

  // The map's one request, started as early as possible: app.js calls this before the
  // groups have loaded when the page opens on #network.
  var pending = null;
  LerMap.prefetchNetwork = function () {
    if (!pending) {
      pending = LerMap.gql(QUERY);
      pending.catch(function () { /* handled where it is used: no unhandled rejection */ });
    }
    return pending;
  };

  // Fly the camera to an organization (search); false when it is not on the network.
  LerMap.flyTo = function (id) {
    if (!state.renderer || !state.graph || !state.graph.hasNode(id)) return false;
    if (state.visible && !state.visible.has(id)) {
      ["net-group", "net-role", "net-stage", "net-standard"].forEach(function (f) {
        document.getElementById(f).value = "";
      });
      applyFilters();
    }
    highlight(id);
    var at = state.renderer.getNodeDisplayData(id);
    // Closer on a big graph: about a few dozen organizations around it stay in view.
    var ratio = Math.min(0.5, Math.max(0.04, 2 / Math.sqrt(state.graph.order)));
    state.renderer.getCamera().animate({ x: at.x, y: at.y, ratio: ratio }, { duration: 600 });
    return true;
  };

  // For tests and the measurement script (bench/map_page.mjs).
  LerMap.network = { graph: function () { return state.graph; },
                     renderer: function () { return state.renderer; } };

  // The panel's organization is highlighted on the network.
  var previousOnPanel = LerMap.onPanel;
  LerMap.onPanel = function (id) {
    if (previousOnPanel) previousOnPanel(id);
    if (state.renderer) highlight(id);
  };

  // Highlight one organization: only its node and the previous one are reprocessed
  // (a full refresh of 10,000 nodes costs sigma a second or more).
  function highlight(id) {
    var changed = [state.selected, id].filter(function (n) {
      return n && state.graph.hasNode(n);
    });
    state.selected = id;
    if (changed.length) {
      state.renderer.refresh({ partialGraph: { nodes: changed }, skipIndexation: true });
    }
  }

  LerMap.views.network = {
    show: function () {
      if (state.built) {
        if (state.renderer) {
          state.renderer.resize();
          state.renderer.refresh();
        }
        return;
      }
      build();
      if (typeof Sigma === "undefined" || typeof graphology === "undefined" ||
          !window.WebGLRenderingContext) {
        status("This browser cannot draw the network (no WebGL). The list view shows the " +
               "same organizations.");
        return;
      }
      LerMap.prefetchNetwork().then(draw).catch(function (err) {
        state.built = false;  // showing the view again asks again
        pending = null;
        status("The network could not load.");
        LerMap.showError(err.message);
      });
    }
  };
})();
