// Drives the map page (/) in headless Chromium, one browser and one page for every check:
// the hub shows the ten groups with their definitions and choosing a group shows its
// actions by stage; an organization's panel shows what the API says about it, and its
// suggested partners are the API's `suggestedPartners` (asked here directly); no page
// errors, no console errors, nothing blocked by the CSP, no request to another host;
// axe-core finds no serious or critical violation. Screenshots go to ARTIFACTS.
// With DOWN_URL (a server whose Neo4j is unreachable), the page must show the API's
// error as a message, on the hub and on the network view, not a blank screen.
// Usage: node tests/browser/map.mjs http://127.0.0.1:PORT/ ARTIFACTS_DIR [DOWN_URL]
import { chromium } from "playwright-core";
import AxeBuilder from "@axe-core/playwright";

const [url, artifacts, downUrl] = process.argv.slice(2);
const origin = new URL(url).origin;
const allowedHost = new URL(url).host;
const foreign = [];
const errors = [];
const failed = [];
const notes = [];

function check(ok, why) {
  if (!ok) failed.push(why);
}

async function api(query, variables = {}) {
  const response = await fetch(`${origin}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function axe(page, name, include) {
  let builder = new AxeBuilder({ page });
  if (include) builder = builder.include(include);
  const result = await builder.analyze();
  const bad = result.violations.filter((v) => ["serious", "critical"].includes(v.impact));
  check(bad.length === 0, `axe on the ${name}: ${bad.map((v) =>
    `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`)
    .join("; ")}`);
  notes.push(`axe ${name}: ${result.violations.length} violations, ${bad.length} serious/critical`);
}

// The panel as a person reads it: its title, and each suggestion's name and reasons.
async function panelSuggestions(page) {
  return page.locator("#panel .suggestion").evaluateAll((items) => items.map((li) => ({
    id: li.dataset.id,
    name: li.querySelector("button").textContent,
    reasons: [...li.querySelectorAll(".reasons li")].map((r) => r.textContent),
  })));
}

async function expectedSuggestions(id) {
  const data = await api(`query ($id: ID!) { stakeholder(id: $id) {
    suggestedPartners(first: 5) { reasons stakeholder { id name } } } }`, { id });
  return data.stakeholder.suggestedPartners.map((s) => ({
    id: s.stakeholder.id, name: s.stakeholder.name, reasons: s.reasons }));
}

async function checkPanel(page, id, what) {
  await page.waitForSelector(`#panel[data-id="${id}"] #panel-title`, { timeout: 15000 });
  const shown = await panelSuggestions(page);
  const expected = await expectedSuggestions(id);
  check(expected.length > 0, `${what}: the API suggests no partners, nothing to compare`);
  check(JSON.stringify(shown) === JSON.stringify(expected),
        `${what}: the panel's suggestions ${JSON.stringify(shown)} are not the API's ` +
        JSON.stringify(expected));
  const sections = await page.locator("#panel h3").allInnerTexts();
  for (const title of ["Credentials issued", "Credentials accepted", "Active partners",
                       "Suggested partners", "Exports"]) {
    check(sections.some((s) => s.startsWith(title)), `${what}: no "${title}" in the panel`);
  }
  const links = await page.locator("#panel .exports a").evaluateAll((as) =>
    as.map((a) => a.getAttribute("href")));
  const { stakeholder } = await api(`query ($id: ID!) { stakeholder(id: $id) { ctid } }`,
                                    { id });
  const exportsExpected = [`/ob3/profiles/${id}`, `/ctdl/${stakeholder.ctid}`];
  check(JSON.stringify(links) === JSON.stringify(exportsExpected),
        `${what}: the export links are ${JSON.stringify(links)}`);
  for (const href of links) {  // each link answers with its JSON-LD document
    const response = await page.request.get(new URL(href, page.url()).href);
    check(response.status() === 200 &&
          response.headers()["content-type"].startsWith("application/ld+json"),
          `${what}: ${href} answers ${response.status()}`);
  }
  return shown;
}

// Drag the network by (120, 80) px from an empty spot; the organization `id` must end
// up 120, 80 px further (sigma's panning: at least, in that direction).
async function checkDrag(page, id, what) {
  const where = () => page.evaluate((node) => {
    const renderer = window.LerMap.network.renderer();
    return renderer.framedGraphToViewport(renderer.getNodeDisplayData(node));
  }, id);
  const box = await page.locator("#sigma").boundingBox();
  // Sigma's viewport units per CSS pixel of its container.
  const scale = await page.evaluate((w) =>
    window.LerMap.network.renderer().getDimensions().width / w, box.width);
  const start = { x: box.x + 12, y: box.y + 12 };  // a corner: no organization there
  const before = await where();
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  for (let i = 1; i <= 6; i++) {
    await page.mouse.move(start.x + 20 * i, start.y + (80 / 6) * i);
  }
  await page.mouse.up();
  await page.waitForTimeout(300);
  const after = await where();
  const dx = (after.x - before.x) / scale;
  const dy = (after.y - before.y) / scale;
  // Sigma's own panning glides on a little after the release (inertia): at least as far.
  const glides = what === "sigma's panning";
  const ok = glides ? dx > 117 && dy > 77 && dx / dy > 1.3 && dx / dy < 1.7
    : Math.abs(dx - 120) < 3 && Math.abs(dy - 80) < 3;
  check(ok,
        `${what}: a drag of (120, 80) moved the organization by (${dx.toFixed(1)}, ` +
        `${dy.toFixed(1)}) CSS px (viewport scale ${scale})`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  // Chromium's own WebGL choice (headless: SwiftShader in its GPU process); forcing
  // ANGLE's SwiftShader in the renderer measured 2-3 times slower.
  args: ["--no-sandbox", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  // axe-core's builder needs a page of a context made with newContext().
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  page.on("request", (request) => {
    const target = new URL(request.url());
    if (!["data:", "blob:"].includes(target.protocol) && target.host !== allowedHost) {
      foreign.push(request.url());
    }
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("console", (msg) => { if (msg.type() === "error") errors.push(msg.text()); });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });

  // The hub: ten groups with the map's definitions.
  const started = Date.now();
  await page.goto(url, { waitUntil: "networkidle" });
  await page.waitForSelector("#hub .group button", { timeout: 30000 });
  notes.push(`hub in ${Date.now() - started} ms`);
  const groups = await page.locator("#hub .group").count();
  const definitions = await page.locator("#hub .group .definition").allInnerTexts();
  const apiGroups = (await api("{ stakeholderGroups { definition } }")).stakeholderGroups;
  check(groups === 10, `${groups} groups on the hub, not 10`);
  check(JSON.stringify(definitions.map((d) => d.trim())) ===
          JSON.stringify(apiGroups.map((g) => g.definition.trim())),
        `the hub's definitions are not the API's: ${JSON.stringify(definitions)}`);
  await axe(page, "hub");
  await page.screenshot({ path: `${artifacts}/map-hub.png`, fullPage: true });

  // The keyboard reaches the groups: focus a group's button, press Enter.
  await page.locator("#hub .group button[data-group=EMPLOYERS]").focus();
  await page.keyboard.press("Enter");
  await page.waitForSelector("#group .stage", { timeout: 10000 });
  const stages = await page.locator("#group .stage").evaluateAll(
    (nodes) => nodes.map((n) => [n.dataset.stage, n.querySelectorAll("li").length]));
  check(JSON.stringify(stages.map((s) => s[0])) ===
          JSON.stringify(["DEVELOPING", "ISSUING", "USING", "ADOPTING"]),
        `stages: ${JSON.stringify(stages)}`);
  check(stages.some((s) => s[1] > 0), "no actions shown");

  // An organization of the group opens its panel, from the keyboard.
  const orgButton = page.locator("#group .orgs button", { hasText: "Northwind Manufacturing" });
  const northwind = await orgButton.getAttribute("data-id");
  await orgButton.focus();
  await page.keyboard.press("Enter");
  const suggestions = await checkPanel(page, northwind, "Northwind's panel from the hub");
  notes.push(`panel: ${suggestions.length} suggestions, as the API's`);
  check(await page.evaluate(() => document.activeElement && document.activeElement.id) ===
          "panel-title", "the panel's title does not have the focus");
  await axe(page, "panel", "#panel");
  await page.screenshot({ path: `${artifacts}/map-panel.png`, fullPage: true });
  // Escape closes it and the focus goes back to the organization's button.
  await page.keyboard.press("Escape");
  check(await page.locator("#panel").isHidden(), "Escape did not close the panel");
  check(await page.evaluate(() => document.activeElement.textContent) ===
          "Northwind Manufacturing", "the focus did not return to the organization's button");

  // The list view, from the keyboard: its link, the table, its pages (the API's cursors).
  await page.locator("nav a[href='#list']").focus();
  await page.keyboard.press("Enter");
  await page.waitForSelector("#list-table tbody tr[data-id]", { timeout: 15000 });
  check(await page.locator("#view-hub").isHidden(), "the hub stays visible in the list view");
  const listNames = () => page.locator("#list-table tbody th button").allInnerTexts();
  const pageOf = async (after) => (await api(`query ($after: String) {
    stakeholders(first: 25, after: $after) { pageInfo { endCursor }
      edges { node { name } } } }`, { after })).stakeholders;
  const first = await pageOf(null);
  const firstNames = first.edges.map((e) => e.node.name);
  check(JSON.stringify(await listNames()) === JSON.stringify(firstNames),
        "the list's first page is not the API's");
  const headers = await page.locator("#list-table thead th[scope=col]").allInnerTexts();
  check(headers.length === 5 && headers[0].startsWith("Name"), `headers: ${headers}`);
  await page.locator("#list-table thead th[data-key=name] button").focus();
  await page.keyboard.press("Enter");
  check(await page.locator("#list-table thead th[data-key=name]").getAttribute("aria-sort") ===
          "descending", "the name header does not say it sorts descending");
  check(JSON.stringify(await listNames()) === JSON.stringify(firstNames.slice().reverse()),
        "sorting by name, descending, did not reverse the page");
  await page.keyboard.press("Enter");
  if (firstNames.length === 25) {
    await page.locator("#list-next").focus();
    await page.keyboard.press("Enter");
    const second = (await pageOf(first.pageInfo.endCursor)).edges.map((e) => e.node.name);
    await page.waitForFunction((name) =>
      document.querySelector("#list-table tbody th button")?.textContent === name,
      second[0], { timeout: 10000 });
    check(JSON.stringify(await listNames()) === JSON.stringify(second),
          "the list's second page is not the API's page after the first's end cursor");
    await page.locator("#list-previous").focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction((name) =>
      document.querySelector("#list-table tbody th button")?.textContent === name,
      firstNames[0], { timeout: 10000 });
  }
  await axe(page, "list", "#view-list");
  await page.screenshot({ path: `${artifacts}/map-list.png`, fullPage: true });
  // A row opens the organization's panel.
  const row = page.locator("#list-table tbody th button", { hasText: "Riverbend Health Partners" });
  const riverbend = await row.getAttribute("data-id");
  await row.focus();
  await page.keyboard.press("Enter");
  await checkPanel(page, riverbend, "Riverbend's panel from the list");
  await page.keyboard.press("Escape");

  // The network view draws the demo organizations (every stakeholder of ecosystemMap).
  await page.locator("nav a[href='#network']").click();
  await page.waitForFunction(() => window.__lermapNetwork, null, { timeout: 30000 });
  const map = (await api(`{ ecosystemMap { nodes { id kind roles } edges { kind } } }`))
    .ecosystemMap;
  const mapIds = map.nodes.filter((n) => n.kind === "STAKEHOLDER").map((n) => n.id).sort();
  const drawn = await page.evaluate(() => ({
    ids: window.LerMap.network.graph().nodes().sort(),
    edges: window.LerMap.network.graph().size,
    canvases: document.querySelectorAll("#sigma canvas").length,
  }));
  check(JSON.stringify(drawn.ids) === JSON.stringify(mapIds),
        `the network draws ${drawn.ids.length} organizations, ecosystemMap has ${mapIds.length}`);
  check(drawn.edges > 0 && drawn.canvases > 0, `nothing drawn: ${JSON.stringify(drawn)}`);
  check(await page.locator("#view-list").isHidden(), "the list stays visible in the network view");
  notes.push(`network: ${drawn.ids.length} organizations, ${drawn.edges} edges`);
  // A filter keeps the organizations of one role.
  await page.locator("#net-role").selectOption("WALLET_PROVIDER");
  const wallets = map.nodes.filter((n) => n.roles.includes("WALLET_PROVIDER")).length;
  const statusText = await page.locator("#network-status").innerText();
  check(statusText.startsWith(`Showing ${wallets} of ${mapIds.length}`),
        `the role filter: "${statusText}", expected ${wallets} wallet providers`);
  // Search with typos: finds the organization, flies to it, opens its panel.
  await page.waitForFunction(() => window.__lermapLayout, null, { timeout: 30000 });
  await page.locator("#net-role").selectOption("");
  await page.screenshot({ path: `${artifacts}/map-network.png` });
  await page.locator("#net-role").selectOption("WALLET_PROVIDER");
  await page.locator("#search-text").fill("Nortwind Manufactoring");
  await page.keyboard.press("Enter");
  await checkPanel(page, northwind, "Northwind's panel from search");
  await page.waitForTimeout(900);  // the camera's flight (600 ms)
  const flight = await page.evaluate((id) => {
    const renderer = window.LerMap.network.renderer();
    const at = renderer.framedGraphToViewport(renderer.getNodeDisplayData(id));
    const { width, height } = renderer.getDimensions();
    return { dx: at.x - width / 2, dy: at.y - height / 2,
             ratio: renderer.getCamera().getState().ratio,
             filter: document.querySelector("#net-role").value };
  }, northwind);
  check(Math.abs(flight.dx) < 5 && Math.abs(flight.dy) < 5 && flight.ratio < 1,
        `the camera did not fly to the organization: ${JSON.stringify(flight)}`);
  check(flight.filter === "", "the filter hiding the organization found was not cleared");
  // Dragging pans: the organization moves with the mouse, by sigma's panning here and,
  // on a page that pans what is drawn (as a big graph does), once the mouse is released.
  await checkDrag(page, northwind, "sigma's panning");
  const drawnPan = await context.newPage();
  await drawnPan.goto(`${url}?pan=drawn#network`);
  await drawnPan.waitForFunction(() => window.__lermapNetwork, null, { timeout: 30000 });
  await checkDrag(drawnPan, northwind, "panning the drawing");
  await drawnPan.close();

  if (downUrl) {
    // Its own page: the browser logs the failed requests there, as it should.
    const down = await context.newPage();
    await down.goto(downUrl);
    await down.waitForSelector("#error:not([hidden])", { timeout: 30000 });
    const message = await down.locator("#error").innerText();
    check(/unavailable/i.test(message), `the hub's error says: "${message}"`);
    await down.locator("nav a[href='#network']").click();
    await down.waitForFunction(() =>
      document.querySelector("#network-status")?.textContent.includes("could not load"),
      null, { timeout: 30000 });
    check(await down.locator("#error").isVisible(), "the network view hides the error");
    await down.screenshot({ path: `${artifacts}/map-down.png` });
    notes.push(`Neo4j down: "${message}"`);
    await down.close();
  }

  const violations = await page.evaluate(() => window.__cspViolations);
  check(!(await page.locator("#error").isVisible()), "the page shows an error");
  check(errors.length === 0, `page/console errors: ${errors.join("; ")}`);
  check(violations.length === 0, `blocked by the page's CSP: ${violations.join("; ")}`);
  check(foreign.length === 0, `requests left ${allowedHost}: ${foreign.join(", ")}`);
} catch (err) {
  failed.push(`the script stopped: ${err.stack || err}`);
} finally {
  await browser.close();
}
console.log(notes.join("\n"));
if (failed.length) {
  console.error(failed.join("\n"));
  process.exitCode = 1;
}
