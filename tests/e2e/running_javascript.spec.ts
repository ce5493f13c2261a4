// Running the JavaScript for real: every scenario's JavaScript listing in
// the page's JavaScript runtime (a Worker per run), against totals worked
// out by hand from JavaScript's semantics (js_totals.json); real time within
// timer jitter; the comparison drawn under the Python; an edited program in
// the link; and the program kept away from the page.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { ScenarioPage, traceViolations, withinRealTolerance, type TraceDoc } from './pages/scenario_page';

interface Expected {
  total_ms: number;
  why: string;
  lines?: string[];
}
const TOTALS: Record<string, Record<string, Expected>> = JSON.parse(
  readFileSync(join(__dirname, 'js_totals.json'), 'utf8'),
);

function codeParam(program: string): string {
  return deflateRawSync(Buffer.from(program, 'utf8')).toString('base64url');
}

async function runJs(page: Page, url: string, timeout = 20_000): Promise<TraceDoc> {
  await page.goto(url);
  const scenario = new ScenarioPage(page);
  await scenario.runButton.click();
  await expect(scenario.status).toHaveAttribute('data-state', 'done', { timeout });
  return scenario.traceDoc();
}

test.describe('the JavaScript listings in virtual time', () => {
  test('every scenario and variant gives the total its JavaScript implies, and the lines', async ({ page }) => {
    test.setTimeout(120_000);
    const scenario = new ScenarioPage(page);
    for (const [id, variants] of Object.entries(TOTALS)) {
      const doc = await runJs(page, `/?demo=${id}&runtime=js&mode=virtual&lang=en`);
      expect(doc.runtime, id).toBe('js');
      expect(traceViolations(doc), id).toEqual([]);
      expect(doc.runs.map((r) => r.variant), id).toEqual(Object.keys(variants));
      for (const run of doc.runs) {
        const expected = variants[run.variant];
        expect(run.total_ms, `${id}/${run.variant}: ${expected.why}`).toBe(expected.total_ms);
        if (expected.lines) expect(run.output.map((o) => o.text), `${id}/${run.variant}`).toEqual(expected.lines);
      }
    }
    expect(scenario.problems).toEqual([]);
  });

  test('the differences the texts state are visible: eager start, Promise.all at the first rejection, race losers running on', async ({ page }) => {
    // An async function runs up to its first await when called: both
    // Hellos at 0 ms, before anything is awaited.
    const cvt = await runJs(page, '/?demo=coroutine-vs-task&runtime=js&mode=virtual&lang=en');
    const createTask = cvt.runs.find((r) => r.variant === 'create-task')!;
    expect(createTask.output.filter((o) => o.text === 'Hello').map((o) => o.at_ms)).toEqual([0, 0]);

    // gather/one-fails: Promise.all rejects at 500 ms (the failing call's
    // time) while the other calls finish at their own times.
    const gather = await runJs(page, '/?demo=gather&runtime=js&mode=virtual&lang=en&durations_ms=1000,2000,1500&fail_ms=500');
    const oneFails = gather.runs.find((r) => r.variant === 'one-fails')!;
    const rejected = oneFails.output.find((o) => o.text.startsWith('Promise.all rejected'))!;
    expect(rejected.at_ms).toBe(500);
    const ends = oneFails.tasks.filter((t) => t.name.startsWith('task(')).map((t) => [t.outcome, t.end_ms]);
    expect(ends).toEqual([['done', 1000], ['done', 2000], ['done', 1500]]);

    // wait-first-completed: Promise.race settles at the fastest, the losers
    // are not cancelled by the race itself (the listing aborts them).
    const race = await runJs(page, '/?demo=wait-first-completed&runtime=js&mode=virtual&lang=en');
    const [run] = race.runs;
    const main = run.tasks[0];
    expect(main.end_ms).toBe(TOTALS['wait-first-completed'][run.variant].total_ms);
    expect(run.tasks.filter((t) => t.outcome === 'cancelled').length).toBeGreaterThan(0);
  });
});

test('the step view steps through a JavaScript run: both calls print and set their timers before anything is awaited', async ({ page }) => {
  await runJs(page, '/?demo=coroutine-vs-task&runtime=js&mode=virtual&lang=en');
  await page.getByTestId('step-view-toggle').click();
  const view = page.getByTestId('step-view');
  await expect(view).toHaveAttribute('data-step', '1');
  // main calls withTasks(), which calls sayHello() twice: each runs up to
  // its `await sleep(1000)` at once (steps 3 and 5), all at 0 ms.
  for (let i = 1; i < 5; i++) await page.getByTestId('step-forward').click();
  await expect(view).toHaveAttribute('data-step', '5');
  await expect(page.getByTestId('step-line')).toContainText('await sleep(1000);');
  await expect(page.getByTestId('timers').locator('li')).toHaveCount(2);
  for (const timer of await page.getByTestId('timers').locator('li').allTextContents()) expect(timer).toContain('1000 ms');
  await expect(view).toContainText('Printed so far (2)');
  // Back shows what forward showed.
  await page.getByTestId('step-back').click();
  await expect(page.getByTestId('timers').locator('li')).toHaveCount(1);
  await expect(view).toContainText('Printed so far (1)');
});

test.describe('the JavaScript listings in real time', () => {
  for (const id of Object.keys(TOTALS)) {
    test(`${id} agrees with the hand-worked totals within timer jitter`, async ({ page }) => {
      // Each timer of a chain fires a little late, and the lateness adds
      // up: the virtual run says how many moments the chain has.
      const virtual = await runJs(page, `/?demo=${id}&runtime=js&mode=virtual&lang=en`);
      const hops = (variant: string) => {
        const run = virtual.runs.find((r) => r.variant === variant)!;
        return new Set(run.tasks.flatMap((t) => [t.end_ms, ...t.spans.map((s) => s.end_ms)])).size;
      };
      const doc = await runJs(page, `/?demo=${id}&runtime=js&lang=en`, 30_000);
      expect(doc.mode).toBe('real');
      expect(traceViolations(doc)).toEqual([]);
      for (const run of doc.runs) {
        const expected = TOTALS[id][run.variant].total_ms;
        const slack = 2 * hops(run.variant);
        const within = withinRealTolerance(run.total_ms, expected) || (run.total_ms >= expected - 1 && run.total_ms <= expected + Math.max(15, 0.1 * expected) + slack);
        expect(within, `${id}/${run.variant}: ${run.total_ms} vs ${expected} (+${slack} ms for its timer chain)`).toBe(true);
      }
    });
  }
});

test.describe('an edited JavaScript program', () => {
  test('the JavaScript tab edits, runs in JavaScript and travels in the link', async ({ page }) => {
    const scenario = new ScenarioPage(page);
    await scenario.open('coroutine-vs-task', { mode: 'virtual' });
    await page.getByTestId('tab-javascript').click();
    await page.getByTestId('edit-code').click();
    await expect(page).toHaveURL(/runtime=js/);
    await expect(page).toHaveURL(/code=/);
    await expect(page.getByTestId('runtime')).toHaveValue('js');
    const editor = page.getByTestId('editor-input');
    await expect(editor).toBeVisible();
    await editor.click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type('\nconsole.log("edited", 6 * 7);');
    await expect(page.getByTestId('edited-marker')).toBeVisible();
    const doc = await scenario.runToEnd();
    expect(doc.runtime).toBe('js');
    expect(doc.source).toContain('console.log("edited", 6 * 7);');
    for (const run of doc.runs) expect(run.output.at(-1)?.text).toBe('edited 42');
    // The link reproduces it in a fresh page.
    const url = page.url();
    const again = await page.context().newPage();
    const doc2 = await runJs(again, url.replace(/&run=1|run=1&/, ''));
    expect(doc2.runs.map((r) => r.output.map((o) => [o.at_ms, o.text]))).toEqual(doc.runs.map((r) => r.output.map((o) => [o.at_ms, o.text])));
  });

  test('a syntax error shows its line and runs nothing; a runaway loop is stopped; the page keeps working', async ({ page }) => {
    const scenario = new ScenarioPage(page);
    await page.goto(`/?demo=gather&runtime=js&mode=virtual&lang=en&code=${codeParam('const x = 1;\nawait sleep(;\n')}`);
    await scenario.runButton.click();
    await expect(scenario.status).toHaveAttribute('data-state', 'done');
    const error = page.getByTestId('program-error');
    await expect(error).toHaveAttribute('data-kind', 'syntax');
    await expect(error).toContainText('SyntaxError');
    await expect(error).toContainText('line 2');
    await expect(page.getByTestId('editor-error-line')).toHaveAttribute('data-line', '2');

    const loop = 'let n = 0;\nwhile (true) { n++; }\n';
    await page.goto(`/?demo=gather&runtime=js&mode=virtual&lang=en&code=${codeParam(loop)}`);
    await scenario.runButton.click();
    await expect(scenario.status).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    await expect(page.getByTestId('program-error')).toContainText('looped');

    // A loop that only awaits resolved promises never lets time pass: it is
    // stopped at the steps budget in each of gather's three variants, and
    // the page answers meanwhile (its trace once froze the page for minutes).
    const awaiting = 'async function f() { while (true) { await null; } }\nawait f();\n';
    await page.goto(`/?demo=gather&runtime=js&mode=virtual&lang=en&code=${codeParam(awaiting)}`);
    await scenario.runButton.click();
    await expect(scenario.status).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    await expect(page.getByTestId('program-error')).toContainText('100,000 steps');
    const frame = await page.evaluate(() => new Promise<number>((ok) => { const t = performance.now(); requestAnimationFrame(() => ok(performance.now() - t)); }));
    expect(frame).toBeLessThan(1_000);

    // still alive: the sidebar navigates and another run works
    await page.getByRole('link', { name: /Coroutine vs Task/ }).first().click();
    await expect(scenario.root).toHaveAttribute('data-scenario', 'coroutine-vs-task');
  });

  test('a real-time run of an edited program counts its elapsed time, timers after main included', async ({ page }) => {
    const scenario = new ScenarioPage(page);
    const program = 'let n = 0;\nconst id = setInterval(() => { console.log("tick", ++n); if (n === 6) clearInterval(id); }, 250);\n';
    await page.goto(`/?demo=gather&runtime=js&mode=real&lang=en&code=${codeParam(program)}`);
    await scenario.runButton.click();
    const progress = scenario.status.locator('.progress');
    // main returns at once; the interval goes on printing for 1.5 s.
    await expect
      .poll(async () => Number(/elapsed ([\d,.]+)/.exec((await progress.textContent()) ?? '')?.[1]?.replace(/,/g, '') ?? 0), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(500);
    // An edited program has no catalogue total to count towards.
    expect(await progress.textContent()).not.toContain(' / ');
    await page.getByTestId('stop').click();
  });

  test('an error nobody caught is printed as the browser says it, and the run goes on', async ({ page }) => {
    const program = 'Promise.reject(new Error("x"));\nsetTimeout(() => { throw new TypeError("cb"); }, 5);\nawait new Promise((r) => setTimeout(r, 10));\nconsole.log("after");\n';
    const doc = await runJs(page, `/?demo=gather&runtime=js&mode=virtual&lang=en&code=${codeParam(program)}`);
    expect(doc.runs[0].output.map((o) => [o.at_ms, o.text])).toEqual([
      [0, 'Uncaught (in promise) Error: x'],
      [5, 'Uncaught TypeError: cb'],
      [10, 'after'],
    ]);
    expect(doc.runs[0].error).toBe('Error: x');
  });

  test('Stop ends a real-time JavaScript run at once', async ({ page }) => {
    const scenario = new ScenarioPage(page);
    const program = 'await new Promise((r) => setTimeout(r, 60000));\nconsole.log("never");\n';
    await page.goto(`/?demo=gather&runtime=js&lang=en&code=${codeParam(program)}`);
    await scenario.runButton.click();
    await expect(scenario.status).toHaveAttribute('data-state', 'running');
    await scenario.stopButton.click();
    await expect(scenario.status).toHaveAttribute('data-state', 'stopped', { timeout: 2_000 });
    await expect(page.getByTestId('console-line').filter({ hasText: 'never' })).toHaveCount(0);
  });

  test('the program cannot reach the page: no DOM, cookies, storage, network or messages', async ({ page }) => {
    await page.goto('/?demo=gather&lang=en');
    await page.evaluate(() => {
      document.cookie = 'secret=page-cookie';
      localStorage.setItem('secret', 'page-storage');
    });
    const program = [
      'const probes = {',
      '  document: () => document.cookie,',
      '  localStorage: () => localStorage.getItem("secret"),',
      '  indexedDB: () => indexedDB.open("x"),',
      '  caches: () => caches.keys(),',
      '  postMessage: () => self.postMessage("forged"),',
      '  importScripts: () => importScripts("/sw.js"),',
      '  XMLHttpRequest: () => new XMLHttpRequest(),',
      '  WebSocket: () => new WebSocket("ws://127.0.0.1/"),',
      '  BroadcastChannel: () => new BroadcastChannel("x"),',
      '  navigator: () => navigator.storage.estimate(),',
      '  Function: () => Function("return indexedDB")().open("x"),',
      '  eval: () => (0, eval)("import(\'/sw.js\')"),',
      '  constructor: () => (async () => {}).constructor("return import(\'/sw.js\')")(),',
      '};',
      'for (const [name, probe] of Object.entries(probes)) {',
      '  try { probe(); console.log(name, "REACHED"); } catch (e) { console.log(name, "blocked"); }',
      '}',
    ].join('\n');
    const doc = await runJs(page, `/?demo=gather&runtime=js&mode=virtual&lang=en&code=${codeParam(program)}`);
    const lines = doc.runs[0].output.map((o) => o.text);
    expect(lines).toHaveLength(13);
    for (const line of lines) expect(line).toMatch(/ blocked$/);
    // the page's own state is untouched
    expect(await page.evaluate(() => [document.cookie, localStorage.getItem('secret')])).toEqual(['secret=page-cookie', 'page-storage']);
  });
});

test.describe('Compare with JavaScript', () => {
  test('the JavaScript run is drawn under each variant, on one axis, with the differences marked', async ({ page }) => {
    const scenario = new ScenarioPage(page);
    await scenario.open('gather', { mode: 'virtual' });
    const toggle = page.getByTestId('compare-js');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await scenario.runButton.click();
    await scenario.expectState('done');
    await expect(page.getByTestId('compare-js-running')).toHaveCount(0, { timeout: 20_000 });
    // a block per variant, then its JavaScript twin
    const titles = page.locator('[data-testid=timeline] .run-header');
    await expect(page.locator('[data-testid=timeline] .run-header[data-variant^="js:"]')).toHaveCount(3);
    await expect(titles.filter({ hasText: 'JavaScript' })).toHaveCount(3);
    const first = page.locator('[data-testid=js-difference][data-variant="js:one-fails"]');
    await expect(first).toHaveAttribute('data-at-ms', '500');
    const listed = page.getByTestId('js-differences').locator('li[data-variant="js:one-fails"]');
    await expect(listed).toContainText('First rejection');
    await expect(page.getByTestId('js-differences').locator('li[data-variant="js:one-fails"]')).toHaveCount(1);
    // Python's gather has no differences marked: marks are on JS blocks only
    const marks = await page.locator('[data-testid=js-difference]').evaluateAll((els) => els.map((e) => e.getAttribute('data-variant')));
    for (const variant of marks) expect(variant).toMatch(/^js:/);
    // the page with the comparison and the JavaScript tab's editor, in Chinese
    await page.getByTestId('lang').selectOption('zh');
    await expect(page.getByTestId('compare-js')).toHaveText('与 JavaScript 对比');
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    // Turning it off removes the JavaScript runs
    await toggle.click();
    await expect(titles.filter({ hasText: 'JavaScript' })).toHaveCount(0);
    expect(scenario.problems).toEqual([]);
  });
});
