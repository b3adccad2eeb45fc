// The TextMate grammar against the server, on every fixture: each statement the server's outline
// finds (`rapporteur outline --format json`) has its speaker scoped as a speaker on its header
// line, each section as a heading; and no line ending with a full stop is a heading.
// Run: node test/grammar/agree.js <rapporteur binary> <fixture files...>   (e2e.sh runs it)
"use strict";
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");
const EXT = path.join(__dirname, "..", "..");
const vsctm = require(path.join(EXT, "node_modules", "vscode-textmate"));
const onig = require(path.join(EXT, "node_modules", "vscode-oniguruma"));

const [bin, ...files] = process.argv.slice(2);
const SPEAKER = "entity.name.type.class.speaker.unrecord";
const HEADING = "markup.heading.unrecord";

(async () => {
  await onig.loadWASM(fs.readFileSync(path.join(EXT, "node_modules", "vscode-oniguruma", "release", "onig.wasm")).buffer);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (s) => new onig.OnigScanner(s), createOnigString: (s) => new onig.OnigString(s) }),
    loadGrammar: async () => vsctm.parseRawGrammar(fs.readFileSync(path.join(EXT, "syntaxes", "unrecord.tmLanguage.json"), "utf8"), "g.json"),
  });
  const grammar = await registry.loadGrammar("text.unrecord");
  let checked = 0;
  const wrong = [];
  for (const file of files) {
    const lines = fs.readFileSync(file, "utf8").split(/\r?\n/);
    let stack = vsctm.INITIAL;
    const tokens = lines.map((l) => {
      const r = grammar.tokenizeLine(l, stack);
      stack = r.ruleStack;
      return r.tokens;
    });
    const scopesAt = (line0, col) => (tokens[line0].find((t) => t.startIndex <= col && col < t.endIndex) || { scopes: [] }).scopes;
    const where = (l) => `${path.relative(process.cwd(), file)}:${l}`;
    const outline = JSON.parse(execFileSync(bin, ["outline", file, "--format", "json"], { encoding: "utf8" }));
    const walk = (node) => {
      const l0 = node.line - 1;
      if (node.kind === "statement") {
        // Only statements under a header (the line opens with the name); "Following is ...
        // Secretary-General António Guterres' message" names a speaker in a sentence.
        const norm = (s) => s.replace(/[\u00a0\t]/g, " ");
        const col = norm(lines[l0]).search(/\S/);
        if (!norm(lines[l0]).startsWith(norm(node.name), col)) return;
        checked++;
        if (!scopesAt(l0, col).includes(SPEAKER)) wrong.push(`${where(node.line)}: ${node.name} is [${scopesAt(l0, col).join(" ")}], not a speaker`);
      } else if (node.kind === "section") {
        checked++;
        if (!scopesAt(l0, lines[l0].search(/\S/)).includes(HEADING)) wrong.push(`${where(node.line)}: section ${node.name} is not a heading`);
      }
      (node.children || []).forEach(walk);
    };
    outline.forEach(walk);
    lines.forEach((l, i) => {
      checked++;
      if (/[.!?]\s*$/.test(l) && tokens[i].some((t) => t.scopes.includes(HEADING))) wrong.push(`${where(i + 1)}: a sentence scoped as a heading`);
    });
  }
  for (const w of wrong) console.log(`WRONG: ${w}`);
  console.log(`grammar vs server outline: ${checked - wrong.length} passed, ${wrong.length} failed (${files.length} files)`);
  process.exit(wrong.length ? 1 : 0);
})();
