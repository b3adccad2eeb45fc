// VS Code client for the rapporteur language server (UN meeting-coverage records).
// Owns: finding and starting the server, the `un-record` language by user patterns,
// the status bar item, `Rapporteur: Check Workspace` (the server's rapporteur.server.checkWorkspace),
// and code lenses' arguments as VS Code's showReferences needs them.
import { LOAD_START } from "./loadtime"; // first: marks when this bundle started to evaluate
import { performance } from "perf_hooks";
import * as vscode from "vscode";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  WorkDoneProgressBegin,
  WorkDoneProgressEnd,
  WorkDoneProgressReport,
  ProgressToken,
} from "vscode-languageclient/node";

// vscode-languageclient is most of the bundle: it is evaluated when the first client is created,
// not when the extension is loaded (esbuild bundles this require and runs it lazily).
type LanguageClientModule = typeof import("vscode-languageclient/node");
let lcModule: LanguageClientModule | undefined;
const languageclient = (): LanguageClientModule => (lcModule ??= require("vscode-languageclient/node") as LanguageClientModule);

export const LANGUAGE_ID = "un-record";
const SECTION = "rapporteur";

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;
let traceOutput: vscode.LogOutputChannel | undefined;
let status: StatusItem | undefined;
let extensionContext: vscode.ExtensionContext;

// ---------------------------------------------------------------------------------------------
// Status bar: "rapporteur" when idle, "$(sync~spin) rapporteur: <title> <n>%" while the server
// reports work-done progress (e.g. indexing the workspace), "$(error) rapporteur" when stopped.
class StatusItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly active = new Map<string, { title: string; message?: string; percentage?: number }>();
  private state: "starting" | "running" | "stopped" = "starting";
  private lastDone: string | undefined; // "<title>: <end message>" of the last finished progress

  constructor() {
    this.item = vscode.window.createStatusBarItem("rapporteur.status", vscode.StatusBarAlignment.Left, 0);
    this.item.name = "Rapporteur";
    this.item.command = "rapporteur.showOutput";
    this.render();
    this.item.show();
  }

  setState(state: "starting" | "running" | "stopped"): void {
    this.state = state;
    if (state !== "running") this.active.clear();
    this.render();
  }

  progress(token: ProgressToken, value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd): void {
    const key = String(token);
    if (value.kind === "begin") {
      this.active.set(key, { title: value.title, message: value.message, percentage: value.percentage });
    } else if (value.kind === "report") {
      const cur = this.active.get(key) ?? { title: "working" };
      if (value.message !== undefined) cur.message = value.message;
      if (value.percentage !== undefined) cur.percentage = value.percentage;
      this.active.set(key, cur);
    } else {
      const done = this.active.get(key);
      this.active.delete(key);
      if (done) this.lastDone = value.message ? `${done.title}: ${value.message}` : `${done.title}: done`;
    }
    this.render();
  }

  hide(): void {
    this.item.hide();
  }

  show(): void {
    this.item.show();
  }

  get busy(): boolean {
    return this.active.size > 0;
  }

  private render(): void {
    const first = [...this.active.values()][0];
    if (this.state === "stopped") {
      this.item.text = "$(error) rapporteur";
      this.item.tooltip = "The rapporteur language server is not running. Click to show its output.";
    } else if (this.state === "starting") {
      this.item.text = "$(sync~spin) rapporteur";
      this.item.tooltip = "Starting the rapporteur language server";
    } else if (first) {
      const pct = first.percentage !== undefined ? ` ${Math.round(first.percentage)}%` : "";
      const msg = first.message ? ` (${first.message})` : "";
      this.item.text = `$(sync~spin) rapporteur: ${first.title}${pct}`;
      this.item.tooltip = `${first.title}${pct}${msg}`;
    } else {
      this.item.text = "$(check) rapporteur";
      this.item.tooltip = `rapporteur language server: idle${this.lastDone ? ` (${this.lastDone})` : ""}. Click to show its output.`;
    }
    const label = typeof this.item.tooltip === "string" ? this.item.tooltip : this.item.text;
    this.item.accessibilityInformation = { label, role: "button" };
  }

  dispose(): void {
    this.item.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// The trace channel. vscode-languageclient 11 traces only when the channel's log level is Trace
// (set by hand in the Output view); here `rapporteur.trace.server` alone turns tracing on and off.
function createTraceChannel(): vscode.LogOutputChannel {
  const ch = vscode.window.createOutputChannel("Rapporteur Language Server Trace");
  const changed = new vscode.EventEmitter<vscode.LogLevel>();
  const levelFromSettings = () =>
    vscode.workspace.getConfiguration(SECTION).get<string>("trace.server", "off") === "off" ? vscode.LogLevel.Info : vscode.LogLevel.Trace;
  let level = levelFromSettings();
  const sub = vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration("rapporteur.trace.server")) return;
    level = levelFromSettings();
    changed.fire(level);
  });
  const write = (tag: string, msg: string | Error, ...args: unknown[]) => {
    const text = msg instanceof Error ? (msg.stack ?? msg.message) : msg;
    ch.appendLine(`${new Date().toISOString()} [${tag}] ${text}${args.length ? " " + args.map((a) => JSON.stringify(a)).join(" ") : ""}`);
  };
  const channel = {
    get name() {
      return ch.name;
    },
    get logLevel() {
      return level;
    },
    onDidChangeLogLevel: changed.event,
    append: (v: string) => ch.append(v),
    appendLine: (v: string) => ch.appendLine(v),
    replace: (v: string) => ch.replace(v),
    clear: () => ch.clear(),
    show: (preserveFocus?: boolean) => ch.show(preserveFocus),
    hide: () => ch.hide(),
    dispose: () => {
      sub.dispose();
      changed.dispose();
      ch.dispose();
    },
    trace: (m: string, ...a: unknown[]) => write("trace", m, ...a),
    debug: (m: string, ...a: unknown[]) => write("debug", m, ...a),
    info: (m: string, ...a: unknown[]) => write("info", m, ...a),
    warn: (m: string, ...a: unknown[]) => write("warn", m, ...a),
    error: (m: string | Error, ...a: unknown[]) => write("error", m, ...a),
  };
  return channel as unknown as vscode.LogOutputChannel;
}

// ---------------------------------------------------------------------------------------------
// Finding the server binary.
function expand(p: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  let out = p.replace(/^~(?=$|[\\/])/, os.homedir());
  if (folder) out = out.replace(/\$\{workspaceFolder\}/g, folder);
  if (!path.isAbsolute(out) && /[\\/]/.test(out) && folder) out = path.resolve(folder, out);
  return out;
}

export const INSTALL_COMMAND = "cargo install --locked --git https://github.com/rapporteur-dev/rapporteur";
const EXE = process.platform === "win32" ? "rapporteur.exe" : "rapporteur";

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (process.platform !== "win32") fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `name` as the shell would find it on PATH (with PATHEXT on Windows), or undefined. */
function onPath(name: string): string | undefined {
  const exts = process.platform === "win32" ? ["", ...(process.env.PATHEXT ?? ".EXE").split(";")] : [""];
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

export type ServerLookup =
  | { path: string; source: "setting" | "bundled" | "PATH" }
  | { path: undefined; reason: string };

/**
 * The server, in this order: the `rapporteur.server.path` setting, the binary bundled in a
 * platform package (`server/rapporteur`), `rapporteur` on PATH.
 */
export function findServer(context: vscode.ExtensionContext): ServerLookup {
  const configured = vscode.workspace.getConfiguration(SECTION).get<string>("server.path", "").trim();
  if (configured) {
    const p = expand(configured);
    const found = /[\\/]/.test(p) ? (isExecutable(p) ? p : undefined) : onPath(p);
    return found ? { path: found, source: "setting" } : { path: undefined, reason: `rapporteur.server.path is "${configured}", which is not an executable file` };
  }
  const bundled = context.asAbsolutePath(path.join("server", EXE));
  if (fs.existsSync(bundled)) {
    // A .vsix is a zip: the executable bit may be lost on install.
    if (!isExecutable(bundled)) {
      try {
        fs.chmodSync(bundled, 0o755);
      } catch (e) {
        output?.appendLine(`cannot make ${bundled} executable: ${e}`);
      }
    }
    return { path: bundled, source: "bundled" };
  }
  const found = onPath("rapporteur");
  return found
    ? { path: found, source: "PATH" }
    : { path: undefined, reason: "this package of the extension has no server of its own and there is no rapporteur on PATH" };
}

// rapporteur.server.path is machine-overridable: in a remote window (Remote SSH, WSL, code-server)
// the Settings editor shows it on the Remote tab only, not on the User tab.
function openServerPathSetting(): void {
  const cmd = vscode.env.remoteName ? "workbench.action.openRemoteSettings" : "workbench.action.openSettings";
  // openRemoteSettings takes the query only in an object; openSettings takes both forms.
  void vscode.commands.executeCommand(cmd, { query: "rapporteur.server.path" }).then(undefined, () =>
    vscode.commands.executeCommand("workbench.action.openSettings", "rapporteur.server.path"),
  );
}

/** The server's path, or undefined after telling the user how to install one. */
function serverOrExplain(context: vscode.ExtensionContext): string | undefined {
  const s = findServer(context);
  if (s.path !== undefined) return s.path;
  status?.setState("stopped");
  const msg =
    `Rapporteur: the language server was not found (${s.reason}). Install it with \`${INSTALL_COMMAND}\` ` +
    "(needs Rust; https://rustup.rs), then restart the server; or set rapporteur.server.path to the binary; " +
    "or install the extension's package for your platform (e.g. linux-x64), which bundles the server.";
  output?.appendLine(msg);
  void vscode.window.showErrorMessage(msg, "Open Settings", "Copy Install Command", "Restart Server").then((pick) => {
    if (pick === "Open Settings") openServerPathSetting();
    else if (pick === "Copy Install Command") void vscode.env.clipboard.writeText(INSTALL_COMMAND);
    else if (pick === "Restart Server") void restartClient();
  });
  return undefined;
}

function severityOverrides(): Record<string, string> {
  return vscode.workspace.getConfiguration(SECTION).get<Record<string, string>>("severity", {}) ?? {};
}

/** Which kinds of inlay hint the server draws (`rapporteur.inlayHints.*`, each on by default). */
function inlayHintSettings(): { statements: boolean; names: boolean; instruments: boolean } {
  const c = vscode.workspace.getConfiguration(SECTION);
  return {
    statements: c.get<boolean>("inlayHints.statements", true),
    names: c.get<boolean>("inlayHints.names", true),
    instruments: c.get<boolean>("inlayHints.instruments", true),
  };
}

// Whether the server offers `workspace/diagnostic`: vscode-languageclient then pulls the findings of
// every record, open or not, into Problems (and again every few seconds, answered `unchanged` for
// records whose result id holds). Decided when the server starts: a change restarts it.
const workspaceDiagnosticsEnabled = (): boolean =>
  vscode.workspace.getConfiguration(SECTION).get<boolean>("diagnostics.workspace", true);

const codeLensEnabled = (): boolean => vscode.workspace.getConfiguration(SECTION).get<boolean>("codeLens.enable", true);

// VS Code's command that opens locations in the references peek; the server's code lenses carry
// it with JSON arguments [uri, position, locations], which the command needs as vscode objects.
const SHOW_REFERENCES = "editor.action.showReferences";

/** The lens with its showReferences arguments made vscode.Uri/Position/Location. */
function convertLensArguments(c: LanguageClient, lens: vscode.CodeLens): vscode.CodeLens {
  const cmd = lens.command;
  if (!cmd || cmd.command !== SHOW_REFERENCES || !Array.isArray(cmd.arguments) || cmd.arguments.length !== 3) return lens;
  const [uri, position, locations] = cmd.arguments;
  if (typeof uri !== "string" || !Array.isArray(locations)) return lens; // already converted
  const p2c = c.protocol2CodeConverter;
  lens.command = {
    ...cmd,
    arguments: [
      p2c.asUri(uri),
      p2c.asPosition(position),
      locations.map((l) => p2c.asLocation(l)),
    ],
  };
  return lens;
}

/** Asks VS Code for the inlay hints (or code lenses) of record editors again. */
function refreshAnnotations(c: LanguageClient, what: "inlayHints" | "codeLenses"): void {
  const { InlayHintRequest, CodeLensRequest } = languageclient();
  const doc = vscode.window.visibleTextEditors.map((e) => e.document).find((d) => d.languageId === LANGUAGE_ID);
  if (!doc) return;
  try {
    if (what === "inlayHints") c.getFeature(InlayHintRequest.method).getProvider(doc)?.onDidChangeInlayHints.fire();
    else c.getFeature(CodeLensRequest.method).getProvider(doc)?.onDidChangeCodeLensEmitter.fire();
  } catch (e) {
    output?.appendLine(`rapporteur: cannot refresh ${what}: ${e}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The language client.
function createClient(command: string): LanguageClient {
  const { LanguageClient, State, TransportKind } = languageclient();
  const extraArgs = vscode.workspace.getConfiguration(SECTION).get<string[]>("server.extraArgs", []) ?? [];
  const args = ["serve", ...extraArgs];
  const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  // TransportKind.stdio appends `--stdio`.
  const run = { command, args, transport: TransportKind.stdio, options: { cwd, env: { ...process.env } } };
  const serverOptions: ServerOptions = { run, debug: run };
  output ??= vscode.window.createOutputChannel("Rapporteur Language Server", { log: true });
  traceOutput ??= createTraceChannel();

  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: LANGUAGE_ID, scheme: "file" },
      { language: LANGUAGE_ID, scheme: "untitled" },
    ],
    outputChannel: output,
    traceOutputChannel: traceOutput,
    initializationOptions: { severity: severityOverrides(), inlayHints: inlayHintSettings(), workspaceDiagnostics: workspaceDiagnosticsEnabled() },
    synchronize: {
      // Sends workspace/didChangeConfiguration; workspace/configuration requests for the
      // "rapporteur" section are answered by the client from the same settings.
      configurationSection: SECTION,
      fileEvents: [
        vscode.workspace.createFileSystemWatcher("**/rapporteur.toml"),
        vscode.workspace.createFileSystemWatcher("**/*.txt"),
      ],
    },
    middleware: {
      handleWorkDoneProgress: (token, params, next) => {
        status?.progress(token, params);
        next(token, params);
      },
      provideCodeLenses: async (document, token, next) => {
        if (!codeLensEnabled()) return [];
        const lenses = await next(document, token);
        return lenses?.map((l) => convertLensArguments(c, l));
      },
      resolveCodeLens: async (lens, token, next) => {
        const resolved = await next(lens, token);
        return resolved ? convertLensArguments(c, resolved) : resolved;
      },
      workspace: {
        // The server asks for its settings after didChangeConfiguration and applies them when
        // they arrive; the hints it draws depend on them, so VS Code asks for them again then.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          setTimeout(() => refreshAnnotations(c, "inlayHints"), 300);
          return result;
        },
      },
    },
  };
  const c: LanguageClient = new LanguageClient(SECTION, "Rapporteur Language Server", serverOptions, clientOptions);
  c.onDidChangeState((e) => {
    if (e.newState === State.Running) status?.setState("running");
    else if (e.newState === State.Starting) status?.setState("starting");
    else status?.setState("stopped");
  });
  return c;
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  if (client) return;
  const command = serverOrExplain(context);
  if (!command) return;
  client = createClient(command);
  status?.setState("starting");
  try {
    await client.start();
    output?.appendLine(`rapporteur: started ${command}`);
  } catch (e) {
    status?.setState("stopped");
    const msg = `rapporteur: cannot start the language server (${command}): ${e instanceof Error ? e.message : e}`;
    output?.appendLine(msg);
    void vscode.window.showErrorMessage(msg, "Open Settings").then((pick) => {
      if (pick) openServerPathSetting();
    });
  }
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop(5000);
    } catch (e) {
      output?.appendLine(`rapporteur: stop failed: ${e}`);
    }
    await c.dispose().catch(() => undefined);
  }
}

async function restartClient(): Promise<void> {
  status?.show();
  await stopClient();
  await startClient(extensionContext);
}

// ---------------------------------------------------------------------------------------------
// User file patterns: open matching files as `un-record` (files.associations-like).
function filePatterns(): string[] {
  return (vscode.workspace.getConfiguration(SECTION).get<string[]>("files.patterns", []) ?? []).filter((p) => !!p);
}

export function matchesUserPattern(doc: vscode.TextDocument, patterns = filePatterns()): boolean {
  if (doc.uri.scheme !== "file" && doc.uri.scheme !== "vscode-remote") return false;
  for (const p of patterns) {
    const pattern = p.includes("/") ? p : `**/${p}`;
    if (vscode.languages.match({ pattern }, doc) > 0) return true;
  }
  return false;
}

// `contributes.languages[].firstLine` only applies to files that no extension claims, and reads
// only the first line; *.txt records are `plaintext` by extension, so plain-text documents get the
// whole rule at run time: the same expression over the first RULE_LINES lines (blank lines and
// site boilerplate may come first; the older layout spans lines), or the footer among the last.
// The rule is `src/files.rs` (RECORD_OPENING, RECORD_FOOTER); tests/record_opening.rs keeps these
// copies equal to it.
const RULE_LINES = 12;
const RECORD_FOOTER = "^[ \\t\\u00a0]*For information media[.,]?[ \\t\\u00a0]+Not an official record";
let firstLineRe: RegExp | undefined;
const footerRe = new RegExp(RECORD_FOOTER);
export function isRecordText(lines: string[]): boolean {
  if (firstLineRe && firstLineRe.test(lines.slice(0, RULE_LINES).join("\n"))) return true;
  return lines.filter((l) => l.trim() !== "").slice(-RULE_LINES).some((l) => footerRe.test(l));
}
export function looksLikeRecord(doc: vscode.TextDocument): boolean {
  if (doc.languageId !== "plaintext" || doc.lineCount === 0 || !firstLineRe) return false;
  const n = doc.lineCount;
  const lines: string[] = [];
  for (let i = 0; i < Math.min(n, RULE_LINES); i++) lines.push(doc.lineAt(i).text);
  const tail: string[] = [];
  for (let i = Math.max(RULE_LINES, n - 4 * RULE_LINES); i < n; i++) tail.push(doc.lineAt(i).text);
  return isRecordText(lines.concat(tail));
}

async function applyPatterns(doc: vscode.TextDocument): Promise<void> {
  if (doc.languageId === LANGUAGE_ID || !(matchesUserPattern(doc) || looksLikeRecord(doc))) return;
  try {
    await vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID);
  } catch (e) {
    output?.appendLine(`rapporteur: cannot set language of ${doc.uri.toString()}: ${e}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Rapporteur: Check Workspace — the server's `rapporteur.server.checkWorkspace`: it checks every
// record (as `rapporteur check` does, with the editor's severities), puts the findings of records
// that are not open into Problems (under source `rapporteur`, as those of open records: published,
// or, while the client pulls workspace diagnostics, pulled again) and answers `{records, findings,
// files}`.
const SERVER_CHECK_WORKSPACE = "rapporteur.server.checkWorkspace";

interface CheckResult {
  records: number;
  findings: number;
  files: { uri: string; diagnostics: unknown[] }[];
}

async function checkWorkspace(): Promise<number> {
  if ((vscode.workspace.workspaceFolders ?? []).length === 0) {
    void vscode.window.showWarningMessage("Rapporteur: open a folder to check it.");
    return 0;
  }
  // Started here when no record is open yet (and the workspace has no rapporteur.toml).
  if (!client) {
    status?.show();
    await startClient(extensionContext);
  }
  const c = client;
  if (!c) return -1; // no server: serverOrExplain has said how to install one
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: "rapporteur: checking workspace" },
    async () => {
      let res: CheckResult | null;
      try {
        if (!c.isRunning()) await c.start();
        const { ExecuteCommandRequest } = languageclient();
        res = await c.sendRequest(ExecuteCommandRequest.type, { command: SERVER_CHECK_WORKSPACE, arguments: [] });
      } catch (e) {
        const msg = `Rapporteur: check failed: ${e instanceof Error ? e.message : e}`;
        output?.appendLine(msg);
        void vscode.window.showErrorMessage(msg);
        return -1;
      }
      const n = res?.findings ?? 0;
      const files = res?.files?.length ?? 0;
      output?.appendLine(`rapporteur: checked ${res?.records ?? 0} record(s): ${n} finding(s) in ${files} file(s)`);
      vscode.window.setStatusBarMessage(`rapporteur: ${n} finding(s) in ${files} file(s)`, 5000);
      if (n > 0) void vscode.commands.executeCommand("workbench.panel.markers.view.focus");
      return n;
    },
  );
}

// ---------------------------------------------------------------------------------------------
export interface Api {
  checkWorkspace: () => Promise<number>;
  /** Milliseconds: evaluating the bundle (dependencies included), and activate() itself. */
  activation: { moduleMs: number; activateMs: number };
}

export function activate(context: vscode.ExtensionContext): Api {
  const t0 = performance.now();
  extensionContext = context;
  const langs = (context.extension.packageJSON?.contributes?.languages ?? []) as { id: string; firstLine?: string }[];
  const fl = langs.find((l) => l.id === LANGUAGE_ID)?.firstLine;
  firstLineRe = fl ? new RegExp(fl) : undefined;
  output = vscode.window.createOutputChannel("Rapporteur Language Server", { log: true });
  status = new StatusItem();
  context.subscriptions.push(output, status);

  context.subscriptions.push(
    vscode.commands.registerCommand("rapporteur.restartServer", restartClient),
    vscode.commands.registerCommand("rapporteur.checkWorkspace", checkWorkspace),
    vscode.commands.registerCommand("rapporteur.showOutput", () => output?.show(true)),
    vscode.workspace.onDidOpenTextDocument((d) => void applyPatterns(d)),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("rapporteur.files.patterns")) {
        for (const d of vscode.workspace.textDocuments) await applyPatterns(d);
      }
      if (e.affectsConfiguration("rapporteur.codeLens.enable") && client) refreshAnnotations(client, "codeLenses");
      if (
        e.affectsConfiguration("rapporteur.server.path") ||
        e.affectsConfiguration("rapporteur.server.extraArgs") ||
        e.affectsConfiguration("rapporteur.diagnostics.workspace")
      ) {
        await restartClient();
      }
    }),
  );
  for (const d of vscode.workspace.textDocuments) void applyPatterns(d);
  void startWhenNeeded(context);

  const activation = { moduleMs: round1(MODULE_READY - LOAD_START), activateMs: round1(performance.now() - t0) };
  output.appendLine(
    `rapporteur: activated in ${activation.activateMs} ms (bundle evaluated in ${activation.moduleMs} ms, ` +
      `${round1(t0 - MODULE_READY)} ms before VS Code called activate)`,
  );
  return { checkWorkspace, activation };
}

const round1 = (ms: number) => Math.round(ms * 10) / 10;

// Start the server once a record is open (activation may come from onStartupFinished only to
// apply `rapporteur.files.patterns`), or at once in a workspace with a rapporteur.toml. Not
// awaited by activate(): looking for rapporteur.toml and spawning the server take longer than
// everything else activate does.
async function startWhenNeeded(context: vscode.ExtensionContext): Promise<void> {
  const isRecord = (d: vscode.TextDocument) => d.languageId === LANGUAGE_ID;
  const sub = vscode.workspace.onDidOpenTextDocument((d) => {
    if (!isRecord(d) || client) return;
    sub.dispose();
    status?.show();
    void startClient(context);
  });
  context.subscriptions.push(sub);
  if (vscode.workspace.textDocuments.some(isRecord)) {
    sub.dispose();
    await startClient(context);
    return;
  }
  status?.setState("stopped");
  status?.hide();
  const hasToml = (await vscode.workspace.findFiles("rapporteur.toml", undefined, 1)).length > 0;
  if (hasToml && !client) {
    sub.dispose();
    status?.show();
    await startClient(context);
  }
}

export async function deactivate(): Promise<void> {
  await stopClient();
}

// Last statement of the bundle: everything above, dependencies included, has been evaluated.
const MODULE_READY = performance.now();
