// The what-if page as a planner uses it (CTest "serve_e2e", run by run_e2e.sh), in Debian's
// headless chromium driven by Playwright: open the page, run the baseline, change the trial
// list's servers (its sitting days) with the keyboard, run again, see the fan chart and the
// headline change, and download the report. Also: no console error, no request to any other
// host, progress announced in an aria-live region. Screenshots go to ARTEFACT_DIR.
// Usage: node serve_e2e_test.js COURTFLOW_EXE SOURCE_DIR PLAYWRIGHT_CORE_DIR CHROMIUM ARTEFACT_DIR
"use strict";
const {spawn} = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const [exe, source, playwrightDir, chromiumPath, artefacts] = process.argv.slice(2);
const {chromium} = require(playwrightDir);
const model = path.join(source, "tests", "cli", "report_test_data", "court.json");
const failures = [];
const serverLog = [];
function check(ok, message) { if (!ok) failures.push(message); return ok; }

function startServer() {
  return new Promise((resolve, reject) => {
    const proc = spawn(exe, ["serve", model, "--port", "0", "--replications", "4", "--threads", "2", "--log"],
                       {stdio: ["ignore", "pipe", "pipe"]});
    let out = "";
    proc.stderr.on("data", (d) => { serverLog.push(String(d).trim()); });
    proc.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/at (http:\/\/\S+\/)/);
      if (m) resolve({proc, url: m[1]});
    });
    proc.on("exit", (code) => reject(new Error("serve exited with " + code + ": " + out)));
    setTimeout(() => reject(new Error("serve did not start in 20 s")), 20000);
  });
}

async function runAndWait(page, expectedRun) {
  await page.waitForFunction((n) => document.documentElement.getAttribute("data-run") === String(n) &&
                                    document.documentElement.getAttribute("data-state") === "done", expectedRun,
                             {timeout: 60000});
  await page.waitForFunction(() => {
    const r = document.documentElement;
    return Number(r.getAttribute("data-charts-rendered")) === Number(r.getAttribute("data-charts-total")) &&
           Number(r.getAttribute("data-charts-total")) > 0;
  }, null, {timeout: 30000});
}

async function main() {
  const server = await startServer();
  const origin = new URL(server.url).origin;
  // Playwright starts the browser with a fresh, temporary --user-data-dir of its own.
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), "serve-e2e-downloads-"));
  const browser = await chromium.launch({
    executablePath: chromiumPath, headless: true, downloadsPath: downloads,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--no-first-run"]});
  const context = await browser.newContext({acceptDownloads: true, viewport: {width: 1366, height: 900}});
  const started = Date.now();
  try {
    const page = await context.newPage();
    const messages = [];
    page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") messages.push(m.text()); });
    page.on("pageerror", (e) => messages.push(String(e)));
    const elsewhere = [];
    context.on("request", (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith("data:")) elsewhere.push(r.url()); });

    const statuses = [];
    context.on("response", (r) => statuses.push(r.status() + " " + r.url().replace(origin, "")));
    context.on("requestfailed", (r) => statuses.push("failed " + r.url().replace(origin, "") + " " + (r.failure() || {}).errorText));
    await page.goto(server.url);
    await page.waitForFunction(() => document.documentElement.getAttribute("data-state") === "ready", null, {timeout: 20000});
    check(await page.locator("#diagram svg").count() === 1, "the stage diagram is not on the page");
    const lever = page.getByLabel(/servers \(e\.g\. sitting days\), change in %/).first();
    check(await lever.getAttribute("data-stage") === "trial_list", "the first servers lever is not the trial list's");

    // 1. The baseline, run from the keyboard: focus the Run button and press Enter.
    await page.locator("#run-button").focus();
    await page.keyboard.press("Enter");
    await runAndWait(page, 1);
    const headline1 = await page.locator("#headlines li").allTextContents();
    const chart1 = await page.locator("#chart-1 svg").innerHTML();
    check(headline1.length >= 3, "fewer than three headlines: " + JSON.stringify(headline1));
    check(await page.locator("#chart-1 svg path").count() >= 2, "the first chart has no line and band");
    check(/Done in/.test(await page.locator("#status").textContent()), "the status did not say the run was done");
    check(await page.locator("#status").getAttribute("aria-live") === "polite", "the status is not an aria-live region");

    // 2. More sitting days: +25% trial-list servers from the start, typed into the lever; Enter submits.
    await lever.focus();
    await page.keyboard.press("Control+A");
    await page.keyboard.type("25");
    check(/12 \u2192 15 servers/.test(await page.locator("fieldset.lever.changed .now").first().textContent()),
          "the lever does not show 12 -> 15 servers");
    await page.keyboard.press("Enter");
    await runAndWait(page, 2);
    const headline2 = await page.locator("#headlines li").allTextContents();
    const chart2 = await page.locator("#chart-1 svg").innerHTML();
    check(JSON.stringify(headline1) !== JSON.stringify(headline2), "the headlines did not change with the lever");
    check(chart1 !== chart2, "the chart did not change with the lever");
    check(headline2.some((h) => h.includes("what-if")), "no headline speaks of the what-if: " + JSON.stringify(headline2));
    fs.writeFileSync(path.join(artefacts, "serve.png"), await page.screenshot({fullPage: false}));
    fs.writeFileSync(path.join(artefacts, "serve-full.png"), await page.screenshot({fullPage: true}));

    // 3. The report of the current scenario.
    const [download] = await Promise.all([page.waitForEvent("download", {timeout: 120000}),
                                          page.locator("#download-html").click()]);
    const saved = path.join(artefacts, "report.html");
    const t0 = Date.now();
    const failure = await download.failure();
    console.log("download: " + download.url() + " finished after " + (Date.now() - t0) + " ms, failure " + failure);
    if (failure !== null) console.log("responses: " + statuses.slice(-6).join(", ") + "\nserver: " + serverLog.slice(-6).join(" | "));
    if (!check(failure === null, "the download failed: " + failure)) throw new Error(failures.join("; "));
    await download.saveAs(saved);
    const report = fs.readFileSync(saved, "utf8");
    check(report.startsWith("<!DOCTYPE html>"), "the downloaded report is not HTML");
    check(report.includes("what-if"), "the report does not name the what-if scenario");

    check(messages.length === 0, "console messages: " + JSON.stringify(messages));
    check(elsewhere.length === 0, "requests to other hosts: " + JSON.stringify(elsewhere));
  } finally {
    await context.close();
    await browser.close();
    server.proc.kill("SIGTERM");
    fs.rmSync(downloads, {recursive: true, force: true});
  }
  console.log("serve e2e: " + ((Date.now() - started) / 1000).toFixed(1) + " s in the browser");
  for (const f of failures) console.error("FAIL: " + f);
  console.log((failures.length ? 0 : 1) + " passed, " + (failures.length ? 1 : 0) + " failed");
  process.exit(failures.length ? 1 : 0);
}

main().catch((e) => { console.error("FAIL: " + (e && e.stack || e)); console.log("0 passed, 1 failed"); process.exit(1); });
