// Drives code-server (VS Code in the browser) with our extension installed, through Debian's
// Chromium and puppeteer-core. Started by e2e.sh, which sets the environment:
//   CS_URL (workbench URL with ?folder=WS), OUT_DIR (scratch screenshots), SHOT (outline screenshot),
//   CHROMIUM, SEED, SPEAKER, COUNTRY, HOVER_EXPECT (regex), FAULT_FILE (relative to WS), FAULT_CODE,
//   SHAPE_FILES (file=speaker,...: records of other shapes that must open as UN Record with an outline),
//   DEF_TEXT/DEF_SYMBOL/DEF_TARGET (F12 and the document link), INLAY_CUE/INLAY_EXPECT (an inlay
//   hint), LENS_EXPECT (regex of a header's code lens), UNOPENED_FILE/UNOPENED_CODE (a record never
//   opened whose finding workspace diagnostics put into Problems, and Check Workspace keeps there).
"use strict";
const fs = require("fs");
const path = require("path");
const puppeteer = require("puppeteer-core");

const env = process.env;
const URL = env.CS_URL;
const WS = decodeURIComponent(new globalThis.URL(URL).searchParams.get("folder"));
const OUT = env.OUT_DIR || path.join(process.cwd(), "pp");
const SHOT = env.SHOT || path.join(OUT, "outline.png");
const SEED = env.SEED || "001_c043cd201b0f12f7.txt";
const SPEAKER = env.SPEAKER || "RÓBERT CHATRNÚCH";
const COUNTRY = env.COUNTRY || "Slovakia";
const HOVER_EXPECT = new RegExp(env.HOVER_EXPECT || "Slovakia|SVK");
const FAULT_FILE = env.FAULT_FILE || "faults/attribution-mismatch.txt";
const FAULT_CODE = env.FAULT_CODE || "attribution-mismatch";
const DEF_TEXT = env.DEF_TEXT || "(See Press Release GA/12387.)";
const DEF_SYMBOL = env.DEF_SYMBOL || "GA/12387";
const DEF_TARGET = env.DEF_TARGET || "000_ad5e1fdf5d9536eb.txt";
const INLAY_CUE = env.INLAY_CUE || "The representative of Slovakia said";
const INLAY_EXPECT = env.INLAY_EXPECT || "→ RÓBERT CHATRNÚCH, l. 92";
const LENS_EXPECT = new RegExp(env.LENS_EXPECT || "^[0-9]+ statements? · [0-9]+ sessions?$");
const UNOPENED_FILE = env.UNOPENED_FILE || "002_c8db3da65464a602.txt";
const UNOPENED_CODE = env.UNOPENED_CODE || "noncanonical-instrument";
const LANGUAGE_NAME = "UN Record"; // first alias of the `un-record` language
const T = Number(env.E2E_TIMEOUT_MS || 30000);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const t0 = Date.now();
let passed = 0;
const step = (msg) => (passed++, console.log(`[e2e.js +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`));

// Where the speaker's header is in the seed: first line starting "NAME (" or "NAME,".
function headerLine(file, name) {
  const lines = fs.readFileSync(file, "utf8").split(/\r?\n/);
  const i = lines.findIndex((l) => l.startsWith(name + " (") || l.startsWith(name + ","));
  if (i < 0) throw new Error(`no header of ${name} in ${file}`);
  return { line: i + 1, text: lines[i] };
}

async function goToLine(page, line, col) {
  await page.keyboard.down("Control");
  await page.keyboard.press("KeyG");
  await page.keyboard.up("Control");
  await page.waitForSelector(".quick-input-widget input", { visible: true });
  await page.keyboard.type(`${line}:${col}`);
  await sleep(300);
  await page.keyboard.press("Enter");
  await page.waitForFunction((s) => (document.querySelector('[id="status.editor.selection"]')?.textContent || "").includes(s), { timeout: T }, `Ln ${line}, Col ${col}`);
}

async function runCommand(page, title) {
  await page.keyboard.press("F1");
  await page.waitForSelector(".quick-input-widget input", { visible: true });
  await page.keyboard.type(title);
  await page.waitForFunction(
    (t) => [...document.querySelectorAll(".quick-input-list .monaco-list-row")].some((r) => r.textContent.includes(t)),
    { timeout: T },
    title.split(": ").pop(),
  );
  await sleep(300);
  await page.keyboard.press("Enter");
  await sleep(800);
}

async function quickOpen(page, name) {
  const base = path.basename(name);
  await page.keyboard.down("Control");
  await page.keyboard.press("KeyP");
  await page.keyboard.up("Control");
  await page.waitForSelector(".quick-input-widget input", { visible: true });
  await page.keyboard.type(name);
  await page.waitForFunction(
    (n) => [...document.querySelectorAll(".quick-input-list .monaco-list-row")].some((r) => r.textContent.includes(n)),
    { timeout: T },
    base,
  );
  await sleep(300);
  await page.keyboard.press("Enter");
  await page.waitForFunction(
    (n) => [...document.querySelectorAll(".tab.active")].some((t) => t.textContent.includes(n)),
    { timeout: T },
    base,
  );
}

// The text of the editor's rendered lines (inlay hints are injected text: they are in it), with
// VS Code's non-breaking spaces made spaces.
const viewLinesText = (page) =>
  page.evaluate(() => [...document.querySelectorAll(".editor-instance .view-lines .view-line")].map((l) => l.textContent.replace(/\u00a0/g, " ")).join("\n"));

// Screen point of the primary cursor (after goToLine), a few pixels right of it.
async function cursorPoint(page) {
  return page.evaluate(() => {
    const c = [...document.querySelectorAll(".editor-instance .cursors-layer .cursor")].find((e) => e.offsetParent !== null);
    if (!c) return null;
    const b = c.getBoundingClientRect();
    return { x: b.x + 4, y: b.y + b.height / 2 };
  });
}

const hasTab = (page, name) =>
  page.evaluate((n) => [...document.querySelectorAll(".tab")].some((t) => t.textContent.includes(n)), name);

const statusText = (page, id) => page.$eval(`[id="${id}"]`, (e) => e.textContent.trim()).catch(() => "");

async function waitLanguage(page, what) {
  // The status bar may still show the previous editor's language for a moment: require the
  // expected language on two polls 500 ms apart.
  const deadline = Date.now() + T;
  let seen = 0;
  let mode = "";
  while (Date.now() < deadline) {
    mode = await statusText(page, "status.editor.mode");
    seen = mode.includes(LANGUAGE_NAME) ? seen + 1 : 0;
    if (seen >= 2) return;
    await sleep(500);
  }
  throw new Error(`${what}: language mode is "${mode}", not ${LANGUAGE_NAME}`);
}

// Rows of the Outline view (not the Explorer's file tree).
const outlineRowsJs = `[...document.querySelectorAll(".pane-body .monaco-list-row")].filter((r) => !r.closest(".explorer-folders-view") && r.closest(".pane")?.querySelector(".pane-header")?.textContent.match(/outline/i))`;

async function outlineRows(page) {
  return page.evaluate(`${outlineRowsJs}.map((r) => r.getAttribute("aria-label") || r.textContent)`);
}

// Type into the Problems filter so that the rows we look for are rendered (the tree is virtualised).
async function filterProblems(page, text) {
  const sel = ".markers-panel-container .viewpane-filter input, .panel .viewpane-filter input";
  const input = await page.waitForSelector(sel, { visible: true, timeout: T }).catch(() => null);
  if (!input) return;
  await input.click({ clickCount: 3 });
  await page.keyboard.type(text);
  await sleep(800);
}

async function problemsRows(page) {
  return page.evaluate(() => [...document.querySelectorAll(".markers-panel .monaco-list-row")].map((r) => r.textContent));
}

(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await puppeteer.launch({
    executablePath: env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,900"],
    defaultViewport: { width: 1400, height: Number(env.VIEWPORT_HEIGHT || 900) },
    userDataDir: path.join(OUT, "chrome-profile"),
  });
  let code = 1;
  let page;
  try {
    page = await browser.newPage();
    page.on("pageerror", (e) => console.error("pageerror:", e.message));
    await page.goto(URL, { waitUntil: "domcontentloaded", timeout: 60000 });
    await page.waitForSelector(".monaco-workbench .explorer-folders-view, .monaco-workbench .part.sidebar", { timeout: 60000 });
    await sleep(2000);
    step("workbench loaded");

    // 1. A seed record (*.txt, first line "Skip to main content") opens as UN Record.
    await quickOpen(page, SEED);
    await waitLanguage(page, SEED);
    step(`language mode of ${SEED}: ${await statusText(page, "status.editor.mode")}`);

    // 1b. The same by the `firstLine` regex of package.json (no extension), and by a user pattern.
    for (const f of [env.FIRSTLINE_FILE, env.PATTERN_FILE].filter(Boolean)) {
      await quickOpen(page, f);
      await waitLanguage(page, f);
      step(`language mode of ${f}: ${await statusText(page, "status.editor.mode")}`);
    }
    await quickOpen(page, SEED);

    // 2. Status bar item of the extension: "rapporteur", idle once indexing is over.
    await page
      .waitForFunction(() => [...document.querySelectorAll(".statusbar-item")].some((e) => /^\s*rapporteur\s*$/.test(e.textContent)), { timeout: T })
      .catch(async () => {
        const items = await page.$$eval(".statusbar-item", (es) => es.map((e) => e.textContent.trim()).filter(Boolean));
        throw new Error(`no idle "rapporteur" status item; status bar: ${JSON.stringify(items)}`);
      });
    // Its label tells the last work-done progress it saw ("idle (Indexing records: ...)"): the
    // server's $/progress reached the item through the client middleware.
    const statusLabel = await page
      .waitForFunction(() => {
        const e = [...document.querySelectorAll(".statusbar-item")].find((x) => /^\s*rapporteur\s*$/.test(x.textContent));
        const l = e && (e.getAttribute("aria-label") || e.querySelector("[aria-label]")?.getAttribute("aria-label"));
        return l && /idle \(/.test(l) ? l : false;
      }, { timeout: T })
      .then((h) => h.jsonValue())
      .catch(() => "");
    if (!statusLabel) throw new Error("the status item never reported a finished progress (indexing)");
    step(`status bar: rapporteur (idle); label: ${statusLabel}`);

    // 3. Outline lists the speakers.
    const { line: expectedLine, text: headerText } = headerLine(path.join(WS, SEED), SPEAKER);
    await runCommand(page, "Explorer: Focus on Outline View");
    await page.waitForFunction(`${outlineRowsJs}.length > 3`, { timeout: T }).catch(async () => {
      throw new Error(`Outline view is empty: ${JSON.stringify(await outlineRows(page))}`);
    });
    // Give the outline more room: collapse the file tree.
    await page.evaluate(() => {
      const hdr = [...document.querySelectorAll(".pane-header")].find((h) => h.closest(".pane")?.querySelector(".explorer-folders-view"));
      if (hdr && hdr.getAttribute("aria-expanded") === "true") hdr.click();
    });
    await sleep(800);
    let rows = await outlineRows(page);
    step(`outline: ${rows.length} visible rows, e.g. ${JSON.stringify(rows.slice(0, 6))}`);
    const speakerRowJs = `${outlineRowsJs}.find((r) => (r.getAttribute("aria-label") || r.textContent).includes(${JSON.stringify(SPEAKER)}))`;
    if (!(await page.evaluate(`!!${speakerRowJs}`))) {
      // The tree is virtualised: scroll it with the mouse wheel until the speaker's row is rendered.
      const box = await page.evaluate(`(() => { const l = ${outlineRowsJs}[0]?.closest(".monaco-list"); if (!l) return null; const b = l.getBoundingClientRect(); return { x: b.x + b.width / 2, y: b.y + b.height / 2 }; })()`);
      if (box) {
        await page.mouse.move(box.x, box.y);
        for (let i = 0; i < 60 && !(await page.evaluate(`!!${speakerRowJs}`)); i++) {
          await page.mouse.wheel({ deltaY: 120 });
          await sleep(100);
        }
      }
    }
    const speakerRow = await page.evaluateHandle(speakerRowJs);
    if (!speakerRow.asElement()) throw new Error(`${SPEAKER} not in the Outline: ${JSON.stringify(await outlineRows(page))}`);
    step(`outline row: ${await speakerRow.evaluate((r) => r.getAttribute("aria-label") || r.textContent)}`);

    // 4. Clicking the speaker moves the cursor to his header line.
    await speakerRow.asElement().click();
    await page
      .waitForFunction((n) => new RegExp(`Ln ${n},`).test(document.querySelector('[id="status.editor.selection"]')?.textContent || ""), { timeout: T }, expectedLine)
      .catch(async () => {
        throw new Error(`after clicking ${SPEAKER}: "${await statusText(page, "status.editor.selection")}", expected Ln ${expectedLine}`);
      });
    step(`cursor after outline click: ${await statusText(page, "status.editor.selection")} (header on line ${expectedLine})`);
    await sleep(500);
    await page.screenshot({ path: SHOT });
    step(`screenshot ${SHOT}`);

    // 5. Hover on the country in his header.
    const col = headerText.indexOf(COUNTRY); // UTF-16 index = VS Code column - 1
    if (col < 0) throw new Error(`${COUNTRY} not in the header line of ${SPEAKER}`);
    await goToLine(page, expectedLine, col + 3);
    let hoverText = "";
    for (let attempt = 0; attempt < 5 && !HOVER_EXPECT.test(hoverText); attempt++) {
      await runCommand(page, "Show or Focus Hover");
      hoverText = await page
        .waitForFunction((re) => {
          const hs = [...document.querySelectorAll(".monaco-hover")].filter((h) => h.offsetParent !== null && !h.classList.contains("hidden"));
          const t = hs.map((h) => h.textContent).join(" | ");
          return new RegExp(re).test(t) ? t : false;
        }, { timeout: 5000 }, HOVER_EXPECT.source)
        .then((h) => h.jsonValue())
        .catch(() => "");
      if (!hoverText) await page.keyboard.press("Escape");
    }
    if (!HOVER_EXPECT.test(hoverText)) {
      await page.screenshot({ path: path.join(OUT, "hover-fail.png") });
      throw new Error(`no hover matching ${HOVER_EXPECT} on ${COUNTRY}`);
    }
    step(`hover: ${hoverText.replace(/\s+/g, " ").slice(0, 140)}`);
    await page.screenshot({ path: path.join(OUT, "hover.png") });
    await page.keyboard.press("Escape");

    // 5b. Go to Definition (F12) on the press-release symbol opens the record that carries it.
    {
      const lines = fs.readFileSync(path.join(WS, SEED), "utf8").split(/\r?\n/);
      const i = lines.findIndex((l) => l.includes(DEF_TEXT));
      if (i < 0) throw new Error(`no "${DEF_TEXT}" in ${SEED}`);
      const c = lines[i].indexOf(DEF_SYMBOL, lines[i].indexOf(DEF_TEXT));
      await goToLine(page, i + 1, c + 3);
      await page.keyboard.press("F12");
      await page
        .waitForFunction((n) => [...document.querySelectorAll(".tab.active")].some((t) => t.textContent.includes(n)), { timeout: T }, DEF_TARGET)
        .catch(async () => {
          const active = await page.$$eval(".tab.active", (ts) => ts.map((t) => t.textContent));
          throw new Error(`Go to Definition on ${DEF_SYMBOL} (line ${i + 1}) did not open ${DEF_TARGET}; active: ${JSON.stringify(active)}`);
        });
      await sleep(500);
      step(`definition of ${DEF_SYMBOL} → ${DEF_TARGET} ${await statusText(page, "status.editor.selection")}`);
    }

    // 5d. The document link of "(See Press Release GA/12387.)": Ctrl+hover underlines it as a
    //     link (the server's textDocument/documentLink), Ctrl+click opens the record.
    {
      await quickOpen(page, SEED);
      const lines = fs.readFileSync(path.join(WS, SEED), "utf8").split(/\r?\n/);
      const i = lines.findIndex((l) => l.includes(DEF_TEXT));
      const c = lines[i].indexOf(DEF_SYMBOL, lines[i].indexOf(DEF_TEXT));
      await goToLine(page, i + 1, c + 3);
      await sleep(1500); // links are computed after a pause
      const at = await cursorPoint(page);
      if (!at) throw new Error("no cursor on screen for the link");
      await page.mouse.move(at.x + 40, at.y + 40);
      await page.keyboard.down("Control");
      let underlined = false;
      for (let k = 0; k < 20 && !underlined; k++) {
        await page.mouse.move(at.x + (k % 2), at.y);
        underlined = await page
          .waitForFunction(() => [...document.querySelectorAll(".editor-instance .detected-link-active")].some((e) => e.offsetParent !== null), { timeout: 500 })
          .then(() => true, () => false);
      }
      const linkText = underlined ? await page.evaluate(() => [...document.querySelectorAll(".editor-instance .detected-link-active")].map((e) => e.textContent).join("")) : "";
      await page.screenshot({ path: path.join(OUT, "document-link.png") });
      if (!underlined) {
        await page.keyboard.up("Control");
        throw new Error(`Ctrl+hover on ${DEF_SYMBOL} (line ${i + 1}) shows no link (.detected-link-active)`);
      }
      await page.mouse.click(at.x, at.y);
      await page.keyboard.up("Control");
      await page
        .waitForFunction((n) => [...document.querySelectorAll(".tab.active")].some((t) => t.textContent.includes(n)), { timeout: T }, DEF_TARGET)
        .catch(async () => {
          const active = await page.$$eval(".tab.active", (ts) => ts.map((t) => t.textContent));
          throw new Error(`Ctrl+click on the link ${DEF_SYMBOL} did not open ${DEF_TARGET}; active: ${JSON.stringify(active)}`);
        });
      await sleep(500);
      await page.screenshot({ path: path.join(OUT, "document-link-opened.png") });
      step(`document link "${linkText.replace(/\u00a0/g, " ")}" (Ctrl+click) → ${DEF_TARGET}`);
    }

    // 5e. An inlay hint after the summary attribution: the statement it reports.
    {
      await quickOpen(page, SEED);
      const lines = fs.readFileSync(path.join(WS, SEED), "utf8").split(/\r?\n/);
      const i = lines.findIndex((l) => l.includes(INLAY_CUE));
      if (i < 0) throw new Error(`no "${INLAY_CUE}" in ${SEED}`);
      await goToLine(page, i + 1, 1);
      const ok = await page
        .waitForFunction((want) => [...document.querySelectorAll(".editor-instance .view-lines .view-line")].some((l) => l.textContent.replace(/\u00a0/g, " ").includes(want)), { timeout: T }, INLAY_EXPECT)
        .then(() => true, () => false);
      await page.screenshot({ path: path.join(OUT, "inlay-hint.png") });
      if (!ok) throw new Error(`no inlay hint "${INLAY_EXPECT}" on line ${i + 1}: ${(await viewLinesText(page)).slice(0, 600)}`);
      const text = await viewLinesText(page);
      const at = text.indexOf(INLAY_EXPECT);
      step(`inlay hint on line ${i + 1}: …${text.slice(Math.max(0, at - 40), at + INLAY_EXPECT.length)}`);
    }

    // 5e'. The settings turn them off, clicked in the Settings editor:
    //      rapporteur.inlayHints.statements (the server reads it on didChangeConfiguration, the
    //      extension asks for the hints again) and rapporteur.codeLens.enable (applied by the
    //      extension); then back on.
    {
      const lines = fs.readFileSync(path.join(WS, SEED), "utf8").split(/\r?\n/);
      const cueLine = lines.findIndex((l) => l.includes(INLAY_CUE)) + 1;
      const hintShown = (want) => [...document.querySelectorAll(".editor-instance .view-lines .view-line")].some((l) => l.textContent.replace(/\u00a0/g, " ").includes(want));
      const lensShown = () => [...document.querySelectorAll(".editor-instance .codelens-decoration")].some((e) => e.offsetParent !== null && e.textContent.trim() !== "");
      const toggle = async (ids) => {
        await runCommand(page, "Preferences: Open Settings (UI)");
        await page.waitForSelector(".settings-editor", { visible: true, timeout: T });
        for (const id of ids) {
          await page.click(".settings-editor .settings-header .suggest-input-container");
          await page.keyboard.down("Control");
          await page.keyboard.press("KeyA");
          await page.keyboard.up("Control");
          await page.keyboard.type(id);
          const box = await page.waitForFunction((k) => {
            const item = [...document.querySelectorAll(".settings-editor .setting-item-bool")].find((e) => e.offsetParent !== null && e.textContent.includes(k));
            return item?.querySelector(".setting-value-checkbox") || false;
          }, { timeout: T }, id.split(".").pop().replace(/^./, (c) => c.toUpperCase()));
          await box.asElement().click();
          await sleep(500);
        }
        await runCommand(page, "View: Close Editor");
        await quickOpen(page, SEED);
        await goToLine(page, cueLine, 1);
      };
      await toggle(["rapporteur.inlayHints.statements", "rapporteur.codeLens.enable"]);
      await page.waitForFunction(`!(${hintShown})(${JSON.stringify(INLAY_EXPECT)})`, { timeout: T }).catch(async () => {
        await page.screenshot({ path: path.join(OUT, "inlay-hint-off-fail.png") });
        throw new Error(`the inlay hint "${INLAY_EXPECT}" is still shown with rapporteur.inlayHints.statements off`);
      });
      await page.waitForFunction(`!(${lensShown})()`, { timeout: T }).catch(() => {
        throw new Error("code lenses are still shown with rapporteur.codeLens.enable off");
      });
      await page.screenshot({ path: path.join(OUT, "inlay-hint-off.png") });
      await toggle(["rapporteur.inlayHints.statements", "rapporteur.codeLens.enable"]);
      await page.waitForFunction(`(${hintShown})(${JSON.stringify(INLAY_EXPECT)})`, { timeout: T }).catch(() => {
        throw new Error(`the inlay hint "${INLAY_EXPECT}" is not back with rapporteur.inlayHints.statements on`);
      });
      step("Settings: rapporteur.inlayHints.statements off hides the hint, rapporteur.codeLens.enable off the lenses; both back when on");
    }

    // 5f. A code lens above the speaker's header ("N statements · M sessions"); clicking it opens
    //     the references peek (editor.action.showReferences with converted arguments).
    {
      await goToLine(page, expectedLine, 1);
      const lensJs = `[...document.querySelectorAll(".editor-instance .codelens-decoration a")].filter((a) => a.offsetParent !== null && new RegExp(${JSON.stringify(LENS_EXPECT.source)}).test(a.textContent.replace(/\u00a0/g, " ").trim()))`;
      await page.waitForFunction(`${lensJs}.length > 0`, { timeout: T }).catch(async () => {
        await page.screenshot({ path: path.join(OUT, "code-lens-fail.png") });
        const all = await page.evaluate(() => [...document.querySelectorAll(".codelens-decoration")].map((e) => e.textContent));
        throw new Error(`no code lens matching ${LENS_EXPECT} near line ${expectedLine}; lenses: ${JSON.stringify(all)}`);
      });
      // The lens drawn just above the header line: the one nearest above the cursor. Found anew
      // each time it is read or clicked, and clicked where it is drawn: the editor redraws its
      // lenses when the server refreshes them, which detaches an element kept from before.
      const lensAtJs = `(() => {
        const c = [...document.querySelectorAll(".editor-instance .cursors-layer .cursor")].find((e) => e.offsetParent !== null);
        const y = c ? c.getBoundingClientRect().y : 0;
        const ls = ${lensJs}.map((a) => [a, y - a.getBoundingClientRect().y]).filter(([, d]) => d > 0).sort((p, q) => p[1] - q[1]);
        const a = ls.length ? ls[0][0] : ${lensJs}[0];
        if (!a) return null;
        const r = a.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2, title: a.textContent.replace(/\u00a0/g, " ").trim() };
      })()`;
      const drawn = await page.evaluate(lensAtJs);
      if (!drawn) throw new Error(`the code lens near line ${expectedLine} went away`);
      const title = drawn.title;
      await page.screenshot({ path: path.join(OUT, "code-lens.png") });
      step(`code lens above ${SPEAKER} (line ${expectedLine}): "${title}"`);
      const peekJs = () => {
        const w = [...document.querySelectorAll(".peekview-widget")].find((e) => e.offsetParent !== null);
        if (!w) return false;
        const rows = w.querySelectorAll(".ref-tree .monaco-list-row").length;
        const head = (w.querySelector(".peekview-title")?.textContent || "").trim();
        return rows > 0 ? `${head} (${rows} rows)` : false;
      };
      // A click that lands while the lenses are redrawn opens nothing: clicked again, up to 3 times.
      let peek = "";
      for (let attempt = 0; attempt < 3 && !peek; attempt++) {
        const at = await page.evaluate(lensAtJs);
        if (!at) break;
        await page.mouse.click(at.x, at.y);
        peek = await page
          .waitForFunction(peekJs, { timeout: T / 3 })
          .then((h) => h.jsonValue())
          .catch(() => "");
      }
      await sleep(500);
      await page.screenshot({ path: path.join(OUT, "code-lens-references.png") });
      if (!peek) throw new Error(`clicking the code lens "${title}" opened no references peek`);
      step(`code lens click → references peek: ${peek.replace(/\s+/g, " ").slice(0, 140)}`);
      await page.keyboard.press("Escape");
      await sleep(300);
    }

    // 5c. Records of other shapes (older layout, site boilerplate before the masthead) open as
    //     UN Record and get an outline with the header and the speaker named.
    for (const spec of (env.SHAPE_FILES || "").split(",").filter(Boolean)) {
      const [file, speaker] = spec.split("=");
      await quickOpen(page, file);
      await waitLanguage(page, file);
      await page
        .waitForFunction(
          `(() => { const rows = ${outlineRowsJs}.map((r) => r.getAttribute("aria-label") || r.textContent);
            return rows.some((r) => r.includes("Header")) && rows.some((r) => r.includes(${JSON.stringify(speaker)})); })()`,
          { timeout: T },
        )
        .catch(async () => {
          throw new Error(`${file}: no Header and ${speaker} in the Outline: ${JSON.stringify(await outlineRows(page))}`);
        });
      const header = (await outlineRows(page)).find((r) => r.includes("Header"));
      step(`${file}: ${await statusText(page, "status.editor.mode")}, outline ${JSON.stringify(header)} … ${speaker}`);
    }

    // 6. Problems lists the diagnostic of the faulty fixture (live, from the server).
    await quickOpen(page, FAULT_FILE);
    await waitLanguage(page, FAULT_FILE);
    await runCommand(page, "View: Focus on Problems View");
    await filterProblems(page, FAULT_CODE);
    await page
      .waitForFunction((c) => [...document.querySelectorAll(".markers-panel .monaco-list-row")].some((r) => /\[Ln \d+, Col \d+\]/.test(r.textContent) && r.textContent.includes(c) && !r.textContent.includes("rapporteur check")), { timeout: T }, FAULT_CODE)
      .catch(async () => {
        throw new Error(`Problems has no ${FAULT_CODE}: ${JSON.stringify(await problemsRows(page))}`);
      });
    rows = await problemsRows(page);
    step(`problems: ${JSON.stringify(rows.filter((r) => r.includes(FAULT_CODE) && r.includes("[Ln ")).slice(0, 3))}`);
    await page.screenshot({ path: path.join(OUT, "problems.png") });

    // 7. Problems lists the findings of a record never opened: UNOPENED_CODE of UNOPENED_FILE,
    //    through the server's workspace diagnostics (vscode-languageclient pulls
    //    workspace/diagnostic), without any command. "Rapporteur: Check Workspace" (the server's
    //    rapporteur.server.checkWorkspace) then still works and lists it once, not twice.
    await filterProblems(page, UNOPENED_FILE);
    const unopenedRowJs = (f, c) => [...document.querySelectorAll(".markers-panel .monaco-list-row")].some((r) => /\[Ln \d+, Col \d+\]/.test(r.textContent) && r.textContent.includes(c))
      && [...document.querySelectorAll(".markers-panel .monaco-list-row")].some((r) => r.textContent.includes(f));
    const unopenedCountJs = (c) => [...document.querySelectorAll(".markers-panel .monaco-list-row")].filter((r) => /\[Ln \d+, Col \d+\]/.test(r.textContent) && r.textContent.includes(c)).length;
    await page
      .waitForFunction(unopenedRowJs, { timeout: T }, UNOPENED_FILE, UNOPENED_CODE)
      .catch(async () => {
        await page.screenshot({ path: path.join(OUT, "problems-unopened-fail.png") });
        throw new Error(`workspace diagnostics put no ${UNOPENED_CODE} of the unopened ${UNOPENED_FILE} into Problems: ${JSON.stringify(await problemsRows(page))}`);
      });
    const pulledCount = await page.evaluate(unopenedCountJs, UNOPENED_CODE);
    step(`problems by workspace pull (${UNOPENED_FILE} never opened): ${pulledCount} ${UNOPENED_CODE} row(s)`);
    await page.screenshot({ path: path.join(OUT, "problems-unopened-pulled.png") });
    await runCommand(page, "Rapporteur: Check Workspace");
    await runCommand(page, "View: Focus on Problems View");
    await filterProblems(page, UNOPENED_FILE);
    await sleep(3000); // a pull again (every 2 s) or a publish would have landed by now
    await page
      .waitForFunction(unopenedRowJs, { timeout: T }, UNOPENED_FILE, UNOPENED_CODE)
      .catch(async () => {
        await page.screenshot({ path: path.join(OUT, "problems-unopened-fail.png") });
        throw new Error(`after Check Workspace, no ${UNOPENED_CODE} of the unopened ${UNOPENED_FILE} in Problems: ${JSON.stringify(await problemsRows(page))}`);
      });
    const afterCount = await page.evaluate(unopenedCountJs, UNOPENED_CODE);
    if (afterCount !== pulledCount) {
      throw new Error(`Check Workspace changed the ${UNOPENED_CODE} rows of ${UNOPENED_FILE} from ${pulledCount} to ${afterCount} (listed twice?): ${JSON.stringify(await problemsRows(page))}`);
    }
    if (await hasTab(page, UNOPENED_FILE)) throw new Error(`${UNOPENED_FILE} has an editor tab: it was opened`);
    rows = await problemsRows(page);
    step(`problems after Check Workspace (${UNOPENED_FILE} never opened): ${rows.length} rows, e.g. ${JSON.stringify(rows.slice(0, 3))}`);
    await page.screenshot({ path: path.join(OUT, "problems-unopened.png") });
    await page.screenshot({ path: path.join(OUT, "final.png") });

    // 8. Rapporteur: Restart Language Server → a new server indexes and the item is idle again.
    await runCommand(page, "Rapporteur: Restart Language Server");
    await sleep(1000);
    await page.waitForFunction(() => {
      const e = [...document.querySelectorAll(".statusbar-item")].find((x) => /^\s*rapporteur\s*$/.test(x.textContent));
      const l = e && (e.getAttribute("aria-label") || e.querySelector("[aria-label]")?.getAttribute("aria-label"));
      return l && /idle \(/.test(l);
    }, { timeout: T }).catch(() => { throw new Error("the status item is not idle again after Restart Language Server"); });
    await quickOpen(page, SEED);
    await runCommand(page, "Explorer: Focus on Outline View");
    await page.waitForFunction(`${outlineRowsJs}.length > 3`, { timeout: T }).catch(() => { throw new Error("Outline empty after restart"); });
    step("restart: server back, idle, outline filled");
    // The restart leaves exactly one server running: the old one exited, none leaked.
    let servers = -1;
    for (let i = 0; i < 50; i++) {
      let out = "";
      try {
        // No shell: its own command line would match the pattern too.
        out = require("child_process").execFileSync("pgrep", ["-f", "server/rapporteur serve"], { encoding: "utf8" });
      } catch (_) {}
      servers = out.split("\n").filter((l) => l.trim()).length;
      if (servers === 1) break;
      await sleep(100);
    }
    if (servers !== 1) throw new Error(`${servers} rapporteur servers running after the restart (expected 1)`);
    step("restart: exactly one server process running");

    console.log(`vscode-e2e: ${passed} passed, 0 failed`);
    console.log("PASS");
    code = 0;
  } catch (e) {
    console.error("FAIL:", e.message);
    console.log(`vscode-e2e: ${passed} passed, 1 failed`);
    if (page) await page.screenshot({ path: path.join(OUT, "fail.png") }).catch(() => {});
  } finally {
    await browser.close();
    process.exit(code);
  }
})();
