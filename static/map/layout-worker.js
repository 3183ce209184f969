// The network view's layout, off the main thread: ForceAtlas2 (graphology's own
// iteration, served from node_modules) run a fixed number of times from the positions
// the page sends, then the final positions are posted back once. The page caches them
// by the data's version, so a graph is laid out once, never animated live.
//
// In:  {positions: Float32Array [x0, y0, x1, y1...], sizes: Float32Array,
//       edges: Uint32Array [source0, target0, ...] (node indices), iterations: n}
// Out: {positions: Float32Array, ms: number}
"use strict";
var module = { exports: {} };  // iterate.js is a CommonJS module
importScripts("/static/vendor/graphology-layout-forceatlas2/iterate.js");
var iterate = module.exports;

var PPN = 10;  // ForceAtlas2's numbers per node: x, y, dx, dy, old dx, old dy, mass,
var PPE = 3;   // convergence, size, fixed; per edge: source, target, weight

self.onmessage = function (event) {
  var started = Date.now();
  var data = event.data;
  var count = data.sizes.length;
  var nodes = new Float32Array(count * PPN);
  for (var i = 0; i < count; i++) {
    nodes[i * PPN] = data.positions[2 * i];
    nodes[i * PPN + 1] = data.positions[2 * i + 1];
    nodes[i * PPN + 6] = 1;                    // mass: 1 + degree, below
    nodes[i * PPN + 7] = 1;                    // convergence
    nodes[i * PPN + 8] = data.sizes[i];
  }
  var edgeCount = data.edges.length / 2;
  var edges = new Float32Array(edgeCount * PPE);
  for (var j = 0; j < edgeCount; j++) {
    var s = data.edges[2 * j], t = data.edges[2 * j + 1];
    edges[j * PPE] = s * PPN;
    edges[j * PPE + 1] = t * PPN;
    edges[j * PPE + 2] = 1;
    nodes[s * PPN + 6] += 1;
    nodes[t * PPN + 6] += 1;
  }
  // Strong gravity keeps the many unconnected organizations near their group's
  // sector instead of drifting away; Barnes-Hut makes an iteration O(n log n).
  var settings = {
    linLogMode: false, outboundAttractionDistribution: false, adjustSizes: false,
    edgeWeightInfluence: 1, scalingRatio: 2, strongGravityMode: true, gravity: 0.02,
    slowDown: 1 + Math.log(count + 1), barnesHutOptimize: count > 1000, barnesHutTheta: 1.2
  };
  for (var k = 0; k < data.iterations; k++) iterate(settings, nodes, edges);
  var out = new Float32Array(count * 2);
  for (var n = 0; n < count; n++) {
    out[2 * n] = nodes[n * PPN];
    out[2 * n + 1] = nodes[n * PPN + 1];
  }
  self.postMessage({ positions: out, ms: Date.now() - started }, [out.buffer]);
};
