// Page object for one scenario page as the run specs use it: open a link,
// press Run or Stop, read the exported trace (the text a user copies or
// downloads), and the checks every trace must pass whatever the scenario.
// Only the page's documented test hooks are used.
import { expect, type Download, type Locator, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { collectConsoleProblems } from '../console';

export type RunState = 'idle' | 'running' | 'done' | 'stopped' | 'error';
export type Mode = 'real' | 'virtual';
export type Outcome = 'done' | 'failed' | 'cancelled' | 'timed_out' | 'running';
export type SpanState = 'running' | 'waiting' | 'queued' | 'blocked';

/** shared/spec/trace-format.md, version 1. */
export interface Span {
  state: SpanState;
  start_ms: number;
  end_ms: number;
  on: string | null;
}
export interface TaskTrace {
  id: number;
  name: string;
  parent: number | null;
  start_ms: number;
  end_ms: number;
  outcome: Outcome;
  value: unknown;
  error: string | null;
  spans: Span[];
}
export interface OutputLine {
  at_ms: number;
  task: number;
  text: string;
}
export interface RunTrace {
  variant: string;
  total_ms: number;
  ideal_ms: number;
  result: unknown;
  error: string | null;
  tasks: TaskTrace[];
  output: OutputLine[];
}
export interface TraceDoc {
  format: string;
  version: number;
  scenario: string;
  mode: Mode;
  params: Record<string, unknown>;
  runs: RunTrace[];
}

export interface OpenOptions {
  mode?: Mode;
  lang?: 'zh' | 'en';
  params?: Record<string, string | number>;
}

export class ScenarioPage {
  /** Console errors/warnings, page errors, failed requests since construction. */
  readonly problems: string[];
  /** Requests cut short by our own next navigation (the favicon, typically). */
  private readonly aborted: string[] = [];

  constructor(readonly page: Page) {
    this.problems = collectConsoleProblems(page);
    page.on('requestfailed', (req) => {
      if (req.failure()?.errorText === 'net::ERR_ABORTED') this.aborted.push(`request failed: ${req.url()}`);
    });
  }

  /**
   * Keeps a handle on the app's WebAssembly.Memory: Trunk's loader hands the
   * module's exports to the `TrunkApplicationStarted` event. Call before open().
   */
  async probeWasmMemory(): Promise<void> {
    await this.page.addInitScript(() => {
      addEventListener('TrunkApplicationStarted', (e) => {
        const wasm = (e as CustomEvent<{ wasm?: { memory?: WebAssembly.Memory } }>).detail?.wasm;
        (window as unknown as { __e2eWasmMemory?: WebAssembly.Memory }).__e2eWasmMemory = wasm?.memory;
      });
    });
  }

  /** Size of the wasm linear memory in bytes, or null if it was not reachable. */
  async wasmMemoryBytes(): Promise<number | null> {
    return this.page.evaluate(() => {
      const mem = (window as unknown as { __e2eWasmMemory?: WebAssembly.Memory }).__e2eWasmMemory;
      return mem instanceof WebAssembly.Memory ? mem.buffer.byteLength : null;
    });
  }

  /** Chromium's JS heap in use (not the wasm memory), for the report. */
  async jsHeapBytes(): Promise<number | null> {
    return this.page.evaluate(
      () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null,
    );
  }

  /** Opens `/?demo=<id>&...` and waits until the scenario page is there. */
  async open(id: string, options: OpenOptions = {}): Promise<void> {
    const query = new URLSearchParams({ demo: id });
    if (options.mode) query.set('mode', options.mode);
    query.set('lang', options.lang ?? 'en');
    for (const [k, v] of Object.entries(options.params ?? {})) query.set(k, String(v));
    await this.page.goto(`/?${query}`);
    await expect(this.root).toHaveAttribute('data-scenario', id);
    await expect(this.status).toHaveAttribute('data-state', 'idle');
  }

  get root(): Locator {
    return this.page.getByTestId('scenario');
  }
  get runButton(): Locator {
    return this.page.getByTestId('run');
  }
  get stopButton(): Locator {
    return this.page.getByTestId('stop');
  }
  get status(): Locator {
    return this.page.getByTestId('run-status');
  }
  get mode(): Locator {
    return this.page.getByTestId('mode');
  }
  get consoleSection(): Locator {
    return this.page.getByTestId('console');
  }
  get consoleLines(): Locator {
    return this.page.getByTestId('console-line');
  }
  get traceJson(): Locator {
    return this.page.getByTestId('trace-json');
  }
  get speedupBadge(): Locator {
    return this.page.getByTestId('speedup-badge');
  }

  async expectState(state: RunState, timeout?: number): Promise<void> {
    await expect(this.status).toHaveAttribute('data-state', state, { timeout });
  }

  /** Switches Real/Virtual with the page's own select. */
  async switchMode(mode: Mode): Promise<void> {
    await this.mode.selectOption(mode);
    await expect(this.mode).toHaveValue(mode);
    await expect(this.page).toHaveURL(mode === 'virtual' ? /[?&]mode=virtual/ : /^(?!.*[?&]mode=virtual)/);
  }

  /** Presses Run and waits for `done`; returns the exported document. */
  async runToEnd(timeout = 15_000): Promise<TraceDoc> {
    await this.runButton.click();
    await this.expectState('done', timeout);
    return this.traceDoc();
  }

  /** The export panel's JSON text, exactly as shown (inside a closed <details>). */
  async traceText(): Promise<string> {
    return (await this.traceJson.textContent()) ?? '';
  }

  async traceDoc(): Promise<TraceDoc> {
    const text = await this.traceText();
    expect(text, 'trace-json is empty').not.toBe('');
    return JSON.parse(text) as TraceDoc;
  }

  /** Clicks one of the export buttons and returns the downloaded file. */
  async download(testId: 'download-json' | 'download-chrome' | 'download-svg'): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByTestId(testId).click(),
    ]);
    return { name: download.suggestedFilename(), text: await readDownload(download) };
  }

  /**
   * Asserts that nothing went wrong on the console or in the page. A request
   * aborted because the test opened the next link at once is not a problem.
   */
  expectNoProblems(): void {
    const excused = [...this.aborted];
    const left = this.problems.filter((p) => {
      const i = excused.indexOf(p);
      if (i < 0) return true;
      excused.splice(i, 1);
      return false;
    });
    expect(left).toEqual([]);
  }
}

async function readDownload(download: Download): Promise<string> {
  const failure = await download.failure();
  expect(failure, `download ${download.suggestedFilename()} failed`).toBeNull();
  return readFile(await download.path(), 'utf8');
}

/** The scenario ids in sidebar order, read from the page's own links. */
export async function sidebarScenarioIds(page: Page): Promise<string[]> {
  const links = page.getByTestId('sidebar').getByTestId('sidebar-link');
  await expect(links.first()).toBeAttached();
  return links.evaluateAll((all) => all.map((a) => a.getAttribute('data-scenario') ?? ''));
}

const OUTCOMES: Outcome[] = ['done', 'failed', 'cancelled', 'timed_out', 'running'];
const STATES: SpanState[] = ['running', 'waiting', 'queued', 'blocked'];

/**
 * What must hold in every trace, whatever the scenario: spans of a task are
 * time-ordered and never overlap, at most one task holds the loop at any
 * instant (zero-length running spans allowed), every task has exactly one
 * outcome (`running` only when the run was stopped), times never go
 * backwards. Returns the violations, empty when all hold.
 */
export function traceViolations(doc: TraceDoc, options: { stopped?: boolean } = {}): string[] {
  const bad: string[] = [];
  for (const run of doc.runs) {
    const at = (what: string) => `${doc.scenario}/${run.variant}: ${what}`;
    const finite = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x >= 0;
    if (!finite(run.total_ms)) bad.push(at(`total_ms ${run.total_ms}`));
    const ids = new Set<number>();
    const holding: Array<[number, number, string]> = [];
    for (const task of run.tasks) {
      const who = `${task.name} (#${task.id})`;
      if (ids.has(task.id)) bad.push(at(`task id ${task.id} appears twice`));
      ids.add(task.id);
      if (!OUTCOMES.includes(task.outcome)) bad.push(at(`${who} has outcome ${JSON.stringify(task.outcome)}`));
      if (task.outcome === 'running' && !options.stopped) bad.push(at(`${who} still running in a finished run`));
      if (!finite(task.start_ms) || !finite(task.end_ms) || task.end_ms < task.start_ms) {
        bad.push(at(`${who} runs from ${task.start_ms} to ${task.end_ms}`));
      }
      if (task.end_ms > run.total_ms) bad.push(at(`${who} ends at ${task.end_ms}, after the run's ${run.total_ms}`));
      let last = -Infinity;
      for (const [i, s] of task.spans.entries()) {
        if (!STATES.includes(s.state)) bad.push(at(`${who} span ${i} has state ${JSON.stringify(s.state)}`));
        if (!finite(s.start_ms) || !finite(s.end_ms) || s.end_ms < s.start_ms) {
          bad.push(at(`${who} span ${i} goes from ${s.start_ms} to ${s.end_ms}`));
        }
        if (s.start_ms < last) bad.push(at(`${who} span ${i} starts at ${s.start_ms}, before the previous one ends (${last})`));
        if (s.start_ms < task.start_ms || s.end_ms > task.end_ms) {
          bad.push(at(`${who} span ${i} (${s.start_ms}..${s.end_ms}) outside the task (${task.start_ms}..${task.end_ms})`));
        }
        last = Math.max(last, s.end_ms);
        if (s.state === 'running' && s.end_ms > s.start_ms) holding.push([s.start_ms, s.end_ms, who]);
      }
    }
    holding.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (let i = 1; i < holding.length; i++) {
      const [prev, next] = [holding[i - 1], holding[i]];
      if (next[0] < prev[1]) {
        bad.push(at(`${prev[2]} and ${next[2]} both running between ${next[0]} and ${Math.min(prev[1], next[1])}`));
      }
    }
    let printed = 0;
    for (const [i, line] of run.output.entries()) {
      if (!finite(line.at_ms) || line.at_ms < printed) bad.push(at(`line ${i} printed at ${line.at_ms}, after ${printed}`));
      if (line.at_ms > run.total_ms) bad.push(at(`line ${i} printed at ${line.at_ms}, after the run's end`));
      if (!ids.has(line.task)) bad.push(at(`line ${i} printed by unknown task ${line.task}`));
      printed = Math.max(printed, line.at_ms);
    }
  }
  return bad;
}

/**
 * The most tasks other than main (task 0) that are inside a limited section
 * at once: from the end of a task's last queued span to its end.
 */
export function peakInside(run: RunTrace): number {
  const edges: Array<[number, number]> = [];
  for (const task of run.tasks) {
    if (task.id === 0) continue;
    const queuedUntil = task.spans.filter((s) => s.state === 'queued').reduce((t, s) => Math.max(t, s.end_ms), task.start_ms);
    if (task.end_ms > queuedUntil) edges.push([queuedUntil, 1], [task.end_ms, -1]);
  }
  // A hand-over at the same instant is not an overlap: ends first.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let [now, peak] = [0, 0];
  for (const [, d] of edges) peak = Math.max(peak, (now += d));
  return peak;
}

/** How long a task waited in `queued` spans. */
export function queuedMs(task: TaskTrace): number {
  return task.spans.filter((s) => s.state === 'queued').reduce((t, s) => t + s.end_ms - s.start_ms, 0);
}

/** A measured duration printed by the program ("total: 3006.8 ms", "sync took 5.00 s"). */
const MEASURED = /(\d+(?:\.\d+)?)(?=\s?(ms|s|秒)(?![a-z]))/g;

/** A printed line with its measured durations replaced by `#`. */
export function maskMeasured(text: string): string {
  return text.replace(MEASURED, '#');
}

/** The measured durations of a printed line, in milliseconds. */
export function measuredMs(text: string): number[] {
  return [...text.matchAll(MEASURED)].map((m) => Number(m[1]) * (m[2] === 'ms' ? 1 : 1000));
}

/** Real-time tolerance of the brief: max(15 ms, 10 %) above, 1 ms below. */
export function withinRealTolerance(measured: number, ideal: number): boolean {
  return measured >= ideal - 1 && measured <= ideal + Math.max(15, 0.1 * ideal);
}
