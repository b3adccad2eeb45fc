// The universal package (no server inside) in code-server with no `rapporteur` on PATH: a record
// still opens as UN Record and has colour from the TextMate grammar alone (no server, so no
// semantic tokens), and a notification says how to install the server, whose "Open Settings"
// button opens the rapporteur.server.path setting. Started by e2e.sh, which sets the environment:
//   CS_URL (workbench URL with ?folder=WS), OUT_DIR (screenshots), CHROMIUM, GRAMMAR_FILE (a record
//   relative to WS), GRAMMAR_TOKENS ("text=line prefix|text=line prefix|...": each text must be
//   coloured, i.e. not in the editor's default token class), INSTALL_COMMAND.
"use strict";
const fs = require("fs");
const path = require("path");
const puppeteer = require("puppeteer-core");

const env = process.env;
const URL = env.CS_URL;
const WS = decodeURIComponent(new globalThis.URL(URL).searchParams.get("folder"));
const OUT = env.OUT_DIR;
const T = Number(env.E2E_TIMEOUT_MS || 30000);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const t0 = Date.now();
let passed = 0;
const step = (msg) => (passed++, console.log(`[e2e-noserver.js +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`));

async function keys(page, mod, key) {
  await page.keyboard.down(mod);
  await page.keyboard.press(key);
  await page.keyboard.up(mod);
}

async function quickOpen(page, name) {
  const base = path.basename(name);
  await keys(page, "Control", "KeyP");
  await page.waitForSelector(".quick-input-widget input", { visible: true });
  await page.keyboard.type(name);
  await page.waitForFunction((n) => [...document.querySelectorAll(".quick-input-list .monaco-list-row")].some((r) => r.textContent.includes(n)), { timeout: T }, base);
  await sleep(300);
  await page.keyboard.press("Enter");
  await page.waitForFunction((n) => [...document.querySelectorAll(".tab.active")].some((t) => t.textContent.includes(n)), { timeout: T }, base);
}

async function goToLine(page, line) {
  await keys(page, "Control", "KeyG");
  await page.waitForSelector(".quick-input-widget input", { visible: true });
  await page.keyboard.type(`${line}:1`);
  await sleep(300);
  await page.keyboard.press("Enter");
  await sleep(500);
}

// The token classes (mtkN) of the spans that make up `text` on a rendered line starting with `prefix`.
const tokenClasses = (page, prefix, text) =>
  page.evaluate(
    (prefix, text) => {
      const line = [...document.querySelectorAll(".editor-instance .view-line")].find((l) => l.textContent.replace(/\u00a0/g, " ").startsWith(prefix));
      if (!line) return null;
      const spans = [...line.querySelectorAll("span > span")];
      let pos = 0;
      const start = line.textContent.replace(/\u00a0/g, " ").indexOf(text);
      const out = [];
      for (const s of spans) {
        const end = pos + s.textContent.length;
        if (end > start && pos < start + text.length) out.push(s.className);
        pos = end;
      }
      return out;
    },
    prefix,
    text,
  );

(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await puppeteer.launch({
    executablePath: env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,900"],
    defaultViewport: { width: 1400, height: 900 },
    userDataDir: path.join(OUT, "chrome-profile"),
  });
  let code = 1;
  let page;
  try {
    page = await browser.newPage();
    await page.goto(URL, { waitUntil: "domcontentloaded", timeout: 60000 });
    await page.waitForSelector(".monaco-workbench .part.sidebar", { timeout: 60000 });
    await sleep(2000);
    step("workbench loaded (universal package, no rapporteur on PATH)");

    // 1. The record opens as UN Record (the extension's detection needs no server).
    await quickOpen(page, env.GRAMMAR_FILE);
    await page.waitForFunction(() => (document.querySelector('[id="status.editor.mode"]')?.textContent || "").includes("UN Record"), { timeout: T });
    step(`${env.GRAMMAR_FILE}: UN Record`);

    // 2. The notification: not found, the cargo install command, and its buttons.
    const toast = await page
      .waitForFunction((cmd) => {
        const t = [...document.querySelectorAll(".notification-toast, .notifications-toasts .monaco-list-row")].map((e) => e.textContent).find((x) => x.includes(cmd));
        return t || false;
      }, { timeout: T }, env.INSTALL_COMMAND)
      .then((h) => h.jsonValue())
      .catch(async () => {
        const all = await page.$$eval(".notification-toast, .notifications-toasts .monaco-list-row", (es) => es.map((e) => e.textContent));
        throw new Error(`no notification with "${env.INSTALL_COMMAND}"; notifications: ${JSON.stringify(all)}`);
      });
    if (!/not found/.test(toast) || !/Open Settings/.test(toast)) throw new Error(`the notification lacks "not found" or its Open Settings button: ${toast}`);
    step(`notification: ${toast.replace(/\s+/g, " ").slice(0, 200)}`);
    await page.screenshot({ path: path.join(OUT, "server-not-found.png") });

    // 3. Colour from the grammar alone: each chosen token is not in the default class (mtk1).
    const lines = fs.readFileSync(path.join(WS, env.GRAMMAR_FILE), "utf8").split(/\r?\n/);
    for (const spec of env.GRAMMAR_TOKENS.split("|")) {
      const [text, prefix] = spec.split("=");
      const i = lines.findIndex((l) => l.startsWith(prefix));
      if (i < 0) throw new Error(`no line starting "${prefix}" in ${env.GRAMMAR_FILE}`);
      await goToLine(page, i + 1);
      let classes = null;
      for (let k = 0; k < 20 && !(classes && classes.length && classes.every((c) => c !== "mtk1")); k++) {
        classes = await tokenClasses(page, prefix, text);
        await sleep(250);
      }
      if (!classes || !classes.length) throw new Error(`line ${i + 1} ("${prefix}") not rendered`);
      if (classes.some((c) => c === "mtk1")) throw new Error(`"${text}" (line ${i + 1}) is not coloured: ${classes.join(" ")}`);
      step(`grammar: "${text}" on line ${i + 1} → ${[...new Set(classes)].join(" ")}`);
    }
    await goToLine(page, 1);
    await page.screenshot({ path: path.join(OUT, "grammar.png") });
    step(`screenshot ${path.join(OUT, "grammar.png")}`);

    // 4. "Open Settings" on the notification opens rapporteur.server.path.
    const clicked = await page.evaluate((cmd) => {
      const t = [...document.querySelectorAll(".notification-toast, .notifications-toasts .monaco-list-row")].find((e) => e.textContent.includes(cmd));
      const b = t && [...t.querySelectorAll("a.monaco-button, .monaco-button")].find((x) => x.textContent.trim() === "Open Settings");
      if (b) b.click();
      return !!b;
    }, env.INSTALL_COMMAND);
    if (!clicked) throw new Error("no Open Settings button on the notification (it may have been hidden)");
    await page
      .waitForFunction(() => [...document.querySelectorAll(".settings-editor .setting-item-label, .settings-editor .setting-item-title")].some((e) => /Server: Path|server\.path/i.test(e.textContent)), { timeout: T })
      .catch(() => { throw new Error("Open Settings did not show rapporteur.server.path"); });
    step("Open Settings → the rapporteur.server.path setting");
    await page.screenshot({ path: path.join(OUT, "server-path-setting.png") });

    console.log(`vscode-e2e-noserver: ${passed} passed, 0 failed`);
    code = 0;
  } catch (e) {
    console.error("FAIL:", e.message);
    console.log(`vscode-e2e-noserver: ${passed} passed, 1 failed`);
    if (page) await page.screenshot({ path: path.join(OUT, "fail.png") }).catch(() => {});
  } finally {
    await browser.close();
    process.exit(code);
  }
})();
