// Imported first by extension.ts: esbuild emits this module's body before the bundled
// dependencies are evaluated, so LOAD_START marks when the extension's code started to run.
import { performance } from "perf_hooks";

export const LOAD_START = performance.now();
