// The `firstLine` regex of package.json (language `un-record`) and the footer rule of
// src/extension.ts, applied as the extension applies them at run time (the first 12 lines joined,
// or a footer among the last lines), against the shared list of openings
// (editors/record-openings.json, also read by the Rust and Neovim tests).
// Run: node test/firstline.js   (e2e.sh runs it before packaging)
"use strict";
const fs = require("fs");
const path = require("path");
const re = new RegExp(require("../package.json").contributes.languages.find((l) => l.id === "un-record").firstLine);
const ext = fs.readFileSync(path.join(__dirname, "..", "src", "extension.ts"), "utf8");
const footer = new RegExp(JSON.parse(ext.match(/const RECORD_FOOTER = (".*");/)[1]));
const RULE_LINES = Number(ext.match(/const RULE_LINES = (\d+);/)[1]);
const isRecord = (text) => {
  const lines = text.split("\n").map((l) => l.replace(/\r$/, ""));
  if (re.test(lines.slice(0, RULE_LINES).join("\n"))) return true;
  return lines.filter((l) => l.trim() !== "").slice(-RULE_LINES).some((l) => footer.test(l));
};
const cases = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "record-openings.json"), "utf8"));
const wrong = cases.filter((c) => isRecord(c.text) !== c.record);
for (const c of wrong) console.log(`WRONG: ${c.shape} ${JSON.stringify(c.text)} should ${c.record ? "" : "not "}be a record`);
// VS Code itself tests `firstLine` on the first line alone: every one-line opening must pass there too.
const oneLine = cases.filter((c) => c.record && !c.text.replace(/^\ufeff/, "").startsWith("\n") && /^[^\n]*\n?$/.test(c.text));
const wrongFirst = oneLine.filter((c) => !re.test(c.text.split("\n")[0]));
for (const c of wrongFirst) console.log(`WRONG first line: ${c.shape} ${JSON.stringify(c.text)}`);
const bad = wrong.length + wrongFirst.length;
console.log(`firstLine: ${cases.length + oneLine.length - bad} passed, ${bad} failed`);
process.exit(bad ? 1 : 0);
