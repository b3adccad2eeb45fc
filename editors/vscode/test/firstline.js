// The `firstLine` regex of package.json (language `un-record`) against record header shapes.
// Run: node test/firstline.js   (e2e.sh runs it before packaging)
"use strict";
const re = new RegExp(require("../package.json").contributes.languages.find((l) => l.id === "un-record").firstLine);
const cases = [
  ["Seventy-sixth Session,", true], ["Seventy\u2011sixth Session,", true], ["Resumed Seventy-sixth Session", true],
  ["Tenth Emergency Special Session,", true], ["Eightieth Session,", true], ["Twenty-First Session,", true],
  ["\ufeffSkip to main content", true], ["Skip to main content  ", true],
  ["Session of the Council", false], ["First things first", false], ["Sixty Session,", false],
  ["Seventy-sixth Meeting", false], ["", false],
  ["9501st Meeting (AM)", true], ["12th & 13th Meetings (AM & PM)", true], ["Seventy-seventh Session, 12th & 13th Meetings (AM & PM)", true],
  ["1st prize", false], ["2022 Session", false],
];
const wrong = cases.filter(([s, want]) => re.test(s) !== want);
for (const [s, want] of wrong) console.log(`WRONG: ${JSON.stringify(s)} should ${want ? "" : "not "}match`);
console.log(`firstLine: ${cases.length - wrong.length} passed, ${wrong.length} failed`);
process.exit(wrong.length ? 1 : 0);
