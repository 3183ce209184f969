// Opens GraphiQL in headless Chromium, runs the first example query, checks the
// result, and fails if any request at page load or run leaves the API's host.
// Usage: node tests/browser/graphiql.mjs http://127.0.0.1:PORT/graphql SCREENSHOT.png
import { chromium } from "playwright-core";

const [url, screenshot] = process.argv.slice(2);
const allowedHost = new URL(url).host;
const foreign = [];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  // Chromium's own background traffic (updates, sync) is off; this machine has no network.
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on("request", (request) => {
    const target = new URL(request.url());
    if (!["data:", "blob:"].includes(target.protocol) && target.host !== allowedHost) {
      foreign.push(request.url());
    }
  });
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  // The page's Content-Security-Policy must not block anything GraphiQL does here.
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });

  await page.goto(url, { waitUntil: "networkidle" });
  await page.waitForSelector(".graphiql-container", { timeout: 30000 });
  await page.click(".graphiql-execute-button");
  const result = page.locator(".result-window");
  await result.getByText('"totalCount"').waitFor({ timeout: 30000 });
  const text = await result.innerText();
  await page.screenshot({ path: screenshot, fullPage: true });

  const violations = await page.evaluate(() => window.__cspViolations);
  const checks = [
    [errors.length === 0, `page errors: ${errors.join("; ")}`],
    [violations.length === 0, `blocked by the page's CSP: ${violations.join("; ")}`],
    [foreign.length === 0, `requests left ${allowedHost}: ${foreign.join(", ")}`],
    [text.includes('"stakeholders"') && !text.includes('"errors"'), `unexpected result: ${text.slice(0, 500)}`],
    [(await page.locator(".graphiql-tab").count()) >= 3, "the example tabs are missing"],
  ];
  const failed = checks.filter(([ok]) => !ok).map(([, why]) => why);
  if (failed.length) {
    console.error(failed.join("\n"));
    process.exitCode = 1;
  } else {
    console.log(`GraphiQL ran the example query; ${text.length} characters of result; no foreign requests`);
  }
} finally {
  await browser.close();
}
