// Opens the map page (/) in headless Chromium: the hub shows the ten groups with their
// definitions, choosing a group shows its actions by stage; no page errors, no console
// errors, nothing blocked by the CSP, no request to another host.
// Usage: node tests/browser/map.mjs http://127.0.0.1:PORT/ HUB.png GROUP.png
import { chromium } from "playwright-core";

const [url, hubShot, groupShot] = process.argv.slice(2);
const allowedHost = new URL(url).host;
const foreign = [];
const errors = [];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
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

  const started = Date.now();
  await page.goto(url, { waitUntil: "networkidle" });
  await page.waitForSelector("#hub .group button", { timeout: 30000 });
  const hubMs = Date.now() - started;
  const groups = await page.locator("#hub .group").count();
  const definitions = await page.locator("#hub .group .definition").allInnerTexts();
  await page.screenshot({ path: hubShot, fullPage: true });

  // The keyboard reaches the groups: focus the first button, press Enter.
  await page.locator("#hub .group button").first().focus();
  await page.keyboard.press("Enter");
  await page.waitForSelector("#group .stage", { timeout: 10000 });
  const stages = await page.locator("#group .stage").evaluateAll(
    (nodes) => nodes.map((n) => [n.dataset.stage, n.querySelectorAll("li").length]));
  await page.screenshot({ path: groupShot, fullPage: true });

  const violations = await page.evaluate(() => window.__cspViolations);
  const shown = await page.locator("#error").isVisible();
  const checks = [
    [groups === 10, `${groups} groups on the hub, not 10`],
    [definitions.length === 10 && definitions.every((d) => d.trim().length > 20),
     `definitions missing: ${JSON.stringify(definitions)}`],
    [JSON.stringify(stages.map((s) => s[0])) ===
       JSON.stringify(["DEVELOPING", "ISSUING", "USING", "ADOPTING"]),
     `stages: ${JSON.stringify(stages)}`],
    [stages.some((s) => s[1] > 0), "no actions shown"],
    [!shown, "the page shows an error"],
    [errors.length === 0, `page/console errors: ${errors.join("; ")}`],
    [violations.length === 0, `blocked by the page's CSP: ${violations.join("; ")}`],
    [foreign.length === 0, `requests left ${allowedHost}: ${foreign.join(", ")}`],
  ];
  const failed = checks.filter(([ok]) => !ok).map(([, why]) => why);
  if (failed.length) {
    console.error(failed.join("\n"));
    process.exitCode = 1;
  } else {
    console.log(`hub: ${groups} groups in ${hubMs} ms; stages ${JSON.stringify(stages)}`);
  }
} finally {
  await browser.close();
}
