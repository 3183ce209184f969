// Measures the map page's network view in headless Chromium (a measurement, not a test).
//
// interactive: from navigation (performance.timeOrigin) to the moment the network is
//   drawn AND the camera has answered: the page's first sigma frame has been rendered,
//   then a camera move is made and the frame it causes has been rendered.
// fps: requestAnimationFrame callbacks per second while the mouse drags (pans) the
//   network for 2 s, as the page pans a big graph (moving what is drawn, the camera
//   once at the release) and with sigma's own panning (?pan=sigma: a frame drawn per
//   move, edges hidden while moving); each with how far the camera moved, so a drag
//   that moved nothing cannot pass for a smooth one.
// After one unmeasured warm-up visit, each run is a fresh browser context (nothing cached: the layout is computed in the
// worker) followed by a reload in the same context (the cached layout).
// Usage: node bench/map_page.mjs http://127.0.0.1:PORT/ RUNS  -> JSON on stdout
import { chromium } from "playwright-core";

const [url, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 3);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  // Chromium's own WebGL choice (headless: SwiftShader in its GPU process); forcing
  // ANGLE's SwiftShader in the renderer measured 2-3 times slower.
  args: ["--no-sandbox", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

async function interactive(page) {
  await page.waitForFunction(() => window.__lermapNetwork, null, { timeout: 120000, polling: 20 });
  return page.evaluate(() => new Promise((resolve) => {
    const renderer = window.LerMap.network.renderer();
    const camera = renderer.getCamera();
    // When the map's data had arrived: the slowest /graphql answer (the Network query).
    const answers = performance.getEntriesByType("resource")
      .filter((e) => e.name.endsWith("/graphql")).map((e) => e.responseEnd);
    renderer.once("afterRender", () => resolve({
      interactiveMs: performance.now(), drawnMs: window.__lermapNetwork.drawnMs,
      dataArrivedMs: Math.max(...answers),
      nodes: window.__lermapNetwork.nodes, edges: window.__lermapNetwork.edges,
      layout: window.__lermapNetwork.layout,
    }));
    const state = camera.getState();
    camera.setState({ x: state.x + 0.001 });
  }));
}

async function panFps(page) {
  const box = await page.locator("#sigma").boundingBox();
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  // Where a node is on screen: a drag must move it as far as the mouse went.
  const nodeAt = () => page.evaluate(() => {
    const renderer = window.LerMap.network.renderer();
    const id = window.LerMap.network.graph().nodes()[0];
    return renderer.framedGraphToViewport(renderer.getNodeDisplayData(id));
  });
  const before = await nodeAt();
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  await page.evaluate(() => {
    window.__frames = 0;
    const tick = () => { window.__frames += 1; window.__panning && requestAnimationFrame(tick); };
    window.__panning = true;
    window.__panStart = performance.now();
    requestAnimationFrame(tick);
  });
  const started = Date.now();
  let step = 0;
  let end = { x: cx, y: cy };
  while (Date.now() - started < 2000) {
    step += 1;
    const angle = step / 10;
    end = { x: cx + 150 * Math.cos(angle), y: cy + 100 * Math.sin(angle) };
    await page.mouse.move(end.x, end.y);
  }
  const result = await page.evaluate(() => {
    window.__panning = false;
    return { frames: window.__frames, ms: performance.now() - window.__panStart };
  });
  await page.mouse.up();
  await page.waitForTimeout(1500);  // the release's frame (and sigma's glide) drawn
  const after = await nodeAt();
  return { fps: Math.round((result.frames / result.ms) * 1000 * 10) / 10,
           mouseMovedPx: Math.round(Math.hypot(end.x - cx, end.y - cy)),
           nodeMovedPx: Math.round(Math.hypot(after.x - before.x, after.y - before.y)) };
}

const results = [];
try {
  // One unmeasured visit first: the server and Neo4j have just started (cold caches, the
  // JVM not yet warmed up), which is not what a visitor of a running service meets.
  {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${url}#network`);
    await interactive(page);
    await context.close();
  }
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    await page.goto(`${url}#network`);
    const cold = await interactive(page);
    await page.waitForFunction(() => window.__lermapLayout, null, { timeout: 300000 });
    const layout = await page.evaluate(() => window.__lermapLayout);
    await page.reload();
    const warm = await interactive(page);
    const fps = await panFps(page);
    // The same drag with sigma's own panning (a frame drawn per mouse move), side by side.
    await page.goto(`${url}?pan=sigma#network`);
    await interactive(page);
    const fpsSigma = await panFps(page);
    results.push({ run, cold, warm, layoutWorkerMs: layout.ms, fps, fpsSigma, errors });
    await context.close();
  }
} finally {
  await browser.close();
}

const median = (values) => {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const summary = {
  runs: results.length,
  nodes: results[0]?.cold.nodes, edges: results[0]?.cold.edges,
  medianInteractiveMsFirstVisit: Math.round(median(results.map((r) => r.cold.interactiveMs))),
  medianInteractiveMsCachedLayout: Math.round(median(results.map((r) => r.warm.interactiveMs))),
  medianDataArrivedMsFirstVisit: Math.round(median(results.map((r) => r.cold.dataArrivedMs))),
  medianLayoutWorkerMs: Math.round(median(results.map((r) => r.layoutWorkerMs))),
  medianPanFps: median(results.map((r) => r.fps.fps)),
  medianPanFpsSigmaPanning: median(results.map((r) => r.fpsSigma.fps)),
  results,
};
console.log(JSON.stringify(summary, null, 2));
