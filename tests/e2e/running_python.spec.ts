// Running the Python for real: every scenario's listing in the page's own
// CPython (Pyodide in a Worker), a scratchpad program carried whole in its
// link, and the bad programs a learner writes. One page is reused across the
// tests (in-page navigation keeps the loaded Python), so Pyodide is fetched
// once for the lot; the byte-for-byte test opens a fresh context on purpose.
import { test, expect, type Page, type BrowserContext } from '@playwright/test';
import { deflateRawSync } from 'node:zlib';
import { ScenarioPage, traceViolations, withinRealTolerance, type TraceDoc } from './pages/scenario_page';

/** The `code=` value the page writes: raw DEFLATE, base64url, no padding. */
function codeParam(program: string): string {
  return deflateRawSync(Buffer.from(program, 'utf8')).toString('base64url');
}

function scratchLink(program: string, extra = ''): string {
  return `/?demo=scratch&mode=virtual&lang=en&code=${codeParam(program)}${extra}`;
}

/** In-page navigation (as Back/Forward does it): the Python worker stays. */
async function navigate(page: Page, url: string): Promise<void> {
  await page.evaluate((href) => {
    history.pushState(null, '', href);
    dispatchEvent(new PopStateEvent('popstate'));
  }, url);
}

test.describe.serial('running the Python in CPython', () => {
  let context: BrowserContext;
  let page: Page;
  let scenario: ScenarioPage;
  const runtimeRequests: string[] = [];

  test.beforeAll(async ({ browser }) => {
    context = await browser.newContext();
    page = await context.newPage();
    page.on('request', (req) => {
      if (req.url().includes('/runtime/')) runtimeRequests.push(req.url());
    });
    scenario = new ScenarioPage(page);
  });
  test.afterAll(async () => {
    await context.close();
  });

  test('the first page load fetches nothing of Python', async () => {
    await scenario.open('semaphore', { mode: 'virtual' });
    await page.waitForLoadState('networkidle');
    expect(runtimeRequests).toEqual([]);
    await expect(page.getByTestId('python-loading')).toHaveCount(0);
  });

  test('a scenario listing runs in CPython with a loading bar, then its variants as traces', async () => {
    await page.getByTestId('runtime').selectOption('python');
    await expect(page).toHaveURL(/runtime=python/);
    await scenario.runButton.click();
    // The bar shows bytes, then CPython says which version it is.
    await expect(page.getByTestId('python-loading').or(page.getByTestId('python-ready'))).toBeVisible();
    await expect(page.getByTestId('python-ready')).toHaveAttribute('data-version', /^3\.14\./, { timeout: 30_000 });
    await scenario.expectState('done', 30_000);
    const doc = await scenario.traceDoc();
    expect((doc as TraceDoc & { runtime: string }).runtime).toBe('python');
    const run = doc.runs[0];
    // The catalogue: 20 requests, 5 at a time, 500 ms each: 2000 ms.
    expect(run.total_ms).toBe(2000);
    expect(run.tasks.filter((t) => t.name.startsWith('fetch_with_limit(')).length).toBe(20);
    expect(traceViolations(doc)).toEqual([]);
    expect(runtimeRequests.some((u) => u.endsWith('pyodide.asm.wasm'))).toBe(true);
  });

  test("every scenario's listing gives the catalogue's outcomes in CPython", async () => {
    // 42 programs in CPython, one after the other.
    test.setTimeout(90_000);
    await navigate(page, '/?demo=check&lang=en');
    const summary = page.getByTestId('check-cpython-summary');
    const total = Number(await summary.getAttribute('data-total'));
    expect(total).toBeGreaterThan(30);
    await page.getByTestId('check-cpython').click();
    await expect(summary).toHaveAttribute('data-done', String(total), { timeout: 60_000 });
    await expect(summary).toHaveAttribute('data-busy', 'false');
    const failing = await page
      .locator('[data-testid=check-cpython-cell][data-pass=false]')
      .evaluateAll((cells) => cells.map((c) => `${c.getAttribute('data-scenario')}/${c.getAttribute('data-variant')}`));
    // The engine follows CPython 3.14: every claim holds in both columns.
    expect(failing).toEqual([]);
  });

  test("the guide's 方式 2 raises CPython 3.14's RuntimeError, and the page says why and what to write", async () => {
    await navigate(page, '/?demo=event-loop&runtime=python&mode=virtual&lang=en');
    await expect(scenario.root).toHaveAttribute('data-scenario', 'event-loop');
    // The learner predicts the RuntimeError; CPython's own run judges it.
    const way2Question = page.getByTestId('prediction').locator('fieldset[data-question="way-2"]');
    await way2Question.getByLabel('RuntimeError', { exact: true }).check();
    const doc = await scenario.runToEnd(20_000);
    await expect(page.locator('[data-testid="prediction-result"][data-question="way-2"]')).toHaveAttribute('data-correct', 'true');
    const [way1, way2, runner] = doc.runs;
    expect(doc.runs.map((r) => r.variant)).toEqual(['asyncio-run', 'get-event-loop', 'runner']);
    expect(way1.output.map((o) => [o.at_ms, o.text])).toEqual([[0, 'Hello'], [1000, 'World']]);
    expect(way2.error).toBe("RuntimeError: There is no current event loop in thread 'MainThread'.");
    expect(way2.output).toEqual([]);
    expect(runner.output.map((o) => [o.at_ms, o.text])).toEqual([[0, 'Hello'], [1000, 'World']]);
    const error = page.getByTestId('program-error');
    await expect(error).toContainText("RuntimeError: There is no current event loop in thread 'MainThread'.");
    // The line of the listing that raised: `loop = asyncio.get_event_loop()`.
    await expect(error).toContainText('line 15');
    const summary = page.locator('.scenario .summary');
    await expect(summary).toContainText('it raises RuntimeError and nothing runs');
    await expect(summary).toContainText('asyncio.Runner');
    // The sidebar says which Python the semantics follow, and what changed.
    const note = page.getByTestId('version-note');
    await expect(note).toContainText('CPython 3.14');
    await expect(note).toContainText('get_event_loop()');
  });

  test('a scenario listing runs in CPython in real time, within timer tolerance', async () => {
    await navigate(page, '/?demo=coroutine-vs-task&runtime=python&lang=en');
    await expect(scenario.root).toHaveAttribute('data-scenario', 'coroutine-vs-task');
    // A prediction of 1000 ms holds for a real-time total within timer jitter.
    await page.getByTestId('prediction').locator('fieldset[data-question="create-task-total"]').getByLabel('1000 ms', { exact: true }).check();
    const doc = await scenario.runToEnd(20_000);
    expect(doc.mode).toBe('real');
    await expect(page.locator('[data-testid="prediction-result"][data-question="create-task-total"]')).toHaveAttribute('data-correct', 'true');
    const [createTask, inTurn] = doc.runs;
    expect(withinRealTolerance(createTask.total_ms, 1000)).toBe(true);
    expect(withinRealTolerance(inTurn.total_ms, 2000)).toBe(true);
    expect(createTask.output.map((o) => o.text)).toEqual(['Hello', 'Hello', 'World', 'World']);
    expect(inTurn.output.map((o) => o.text)).toEqual(['Hello', 'World', 'Hello', 'World']);
  });

  test("the guide's httpx code runs against the simulated network at the page's latency", async () => {
    const program = [
      'import asyncio',
      'import httpx',
      '',
      'async def main():',
      '    async with httpx.AsyncClient() as client:',
      '        users = await asyncio.gather(*(client.get(f"https://api.example.com/users/{i}") for i in (1, 2)))',
      '        return [u.json()["name"] for u in users]',
      '',
      'asyncio.run(main())',
      '',
    ].join('\n');
    await navigate(page, scratchLink(program));
    await page.getByTestId('latency').fill('300');
    await page.getByTestId('latency').press('Tab');
    await expect(page).toHaveURL(/latency_ms=300/);
    const doc = await scenario.runToEnd(20_000);
    expect(doc.runs[0].result).toEqual(['Alice', 'Bob']);
    expect(doc.runs[0].total_ms).toBe(300);
    expect(doc.runs[0].tasks.map((t) => t.name)).toEqual([
      'main',
      'client.get("https://api.example.com/users/1")',
      'client.get("https://api.example.com/users/2")',
    ]);
  });

  test("陷阱 3 in CPython: an await in a plain def does not compile, and asyncio.run refuses a running loop", async () => {
    await navigate(page, '/?demo=sync-calls-async&runtime=python&mode=virtual&lang=en');
    await expect(scenario.root).toHaveAttribute('data-scenario', 'sync-calls-async');
    // Coming from the scratchpad's editor: its program does not follow.
    expect(page.url()).not.toContain('code=');
    const doc = await scenario.runToEnd(20_000);
    const [awaitInSync, runInSync, inside] = doc.runs;
    // CPython's own compiler refuses the file: nothing runs, nothing prints.
    expect(awaitInSync.error).toBe("SyntaxError: 'await' outside async function");
    expect(awaitInSync.output).toEqual([]);
    expect(runInSync.output.map((o) => [o.at_ms, o.text])).toEqual([[1000, '结果']]);
    expect(inside.error).toBe('RuntimeError: asyncio.run() cannot be called from a running event loop');
    expect(inside.output.map((o) => o.text)).toEqual(["RuntimeWarning: coroutine 'async_function' was never awaited"]);
    // The page points at the listing's line of the await.
    const error = page.getByTestId('program-error');
    await expect(error).toContainText('SyntaxError');
    await expect(error).toContainText('line 18');
  });

  test('a syntax error shows its line and runs nothing', async () => {
    await navigate(page, scratchLink('import asyncio\n\nasync def main(:\n    pass\n'));
    await scenario.runButton.click();
    await scenario.expectState('done', 20_000);
    const error = page.getByTestId('program-error');
    await expect(error).toHaveAttribute('data-kind', 'syntax');
    await expect(error).toContainText('SyntaxError');
    await expect(error).toContainText('line 3');
    await expect(scenario.consoleLines).toHaveCount(0);
  });

  test("a scratchpad program steps through CPython's own loop: its real lines, timers and ready queue", async () => {
    const program = [
      'import asyncio',
      '',
      'async def worker(n):',
      '    print("start", n)',
      '    await asyncio.sleep(0.5)',
      '    print("end", n)',
      '',
      'async def main():',
      '    task = asyncio.create_task(worker(1))',
      '    await asyncio.sleep(0.25)',
      '    await task',
      '',
      'asyncio.run(main())',
    ].join('\n');
    await navigate(page, scratchLink(program));
    await scenario.runToEnd(20_000);
    await page.getByTestId('step-view-toggle').click();
    const view = page.getByTestId('step-view');
    const narration = page.getByTestId('step-narration');
    const line = page.getByTestId('step-line');
    const timers = page.getByTestId('timers').locator('li');
    // main's first step: worker(1) is queued, main sleeps at line 10.
    await expect(view).toHaveAttribute('data-step', '1');
    await expect(narration).toHaveText(/^main starts and waits on sleep\(250 ms\)/);
    await expect(line).toHaveAttribute('data-line', '10');
    await expect(page.getByTestId('ready-queue').locator('li')).toHaveText(['step worker(1)']);
    await expect(timers).toHaveCount(1);
    await expect(timers.first()).toContainText('250 ms');
    // worker(1) starts with the keyboard: it sleeps at line 5, both timers pending.
    await view.focus();
    await page.keyboard.press('ArrowRight');
    await expect(narration).toHaveText(/^worker\(1\) starts and waits on sleep\(500 ms\)/);
    await expect(line).toHaveAttribute('data-line', '5');
    await expect(timers).toHaveCount(2);
    await expect(page.getByTestId('step-printed').locator('li')).toHaveCount(1);
    // At 250 ms main resumes and awaits the task, at line 11.
    await page.getByTestId('step-forward').click();
    await expect(line).toHaveAttribute('data-line', '11');
    await expect(timers).toHaveText([/500 ms/]);
    // And back: the same step 2 as before.
    await page.getByTestId('step-back').click();
    await expect(line).toHaveAttribute('data-line', '5');
    await expect(timers).toHaveCount(2);
  });

  test('a program that waits for nothing is reported as a deadlock naming the waiter', async () => {
    await navigate(page, scratchLink('import asyncio\n\nasync def main():\n    await asyncio.Event().wait()\n\nasyncio.run(main())\n'));
    await scenario.runButton.click();
    await scenario.expectState('done', 20_000);
    const error = page.getByTestId('program-error');
    await expect(error).toHaveAttribute('data-kind', 'deadlock');
    await expect(error).toContainText('main waits on Event');
  });

  test('Stop ends a program that never yields at once, leaves what it drew, and the next run works', async () => {
    await navigate(page, scratchLink('import asyncio\n\nasync def main():\n    n = 0\n    while True:\n        n += 1\n\nasyncio.run(main())\n'));
    await scenario.runButton.click();
    await scenario.expectState('running');
    // The loop never reaches a wait, yet the Worker posts what it recorded:
    // main's lane is drawn while it runs, and stays when stopped.
    const mainLane = page.locator('.timeline-scroll g.lane', { has: page.locator('text.lane-label', { hasText: 'main' }) });
    await expect(mainLane).toHaveCount(1, { timeout: 20_000 });
    // Measured in the page: from the click to the page saying "stopped"
    // (a MutationObserver sees the change as it is made, not at the next
    // frame, whose timing is the compositor's).
    const stopMs = await page.evaluate(
      () =>
        new Promise<number>((done) => {
          const status = document.querySelector('[data-testid=run-status]')!;
          const start = performance.now();
          const stopped = () => status.getAttribute('data-state') === 'stopped';
          const observer = new MutationObserver(() => {
            if (stopped()) {
              observer.disconnect();
              done(performance.now() - start);
            }
          });
          observer.observe(status, { attributes: true });
          (document.querySelector('[data-testid=stop]') as HTMLButtonElement).click();
          if (stopped()) {
            observer.disconnect();
            done(performance.now() - start);
          }
        }),
    );
    expect(stopMs).toBeLessThan(200);
    await expect(mainLane).toHaveCount(1);
    await expect(mainLane.locator('path.marker-running')).toHaveCount(1); // still running when stopped
    // A fresh Python for the next run.
    await navigate(page, scratchLink('import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n    print("still alive")\n\nasyncio.run(main())\n'));
    await scenario.runButton.click();
    await scenario.expectState('done', 30_000);
    await expect(scenario.consoleLines).toHaveText([/still alive/]);
    // Terminating a Worker cancels whatever it was fetching; nothing else
    // may have gone wrong on the page.
    expect(scenario.problems.filter((p) => !/request failed: .*\/runtime\//.test(p))).toEqual([]);
  });
  test('a loop that never waits for time stops at the step budget', async () => {
    await navigate(page, scratchLink('import asyncio\n\nasync def main():\n    while True:\n        await asyncio.sleep(0)\n\nasyncio.run(main())\n'));
    await scenario.runButton.click();
    await scenario.expectState('done', 30_000);
    const error = page.getByTestId('program-error');
    await expect(error).toHaveAttribute('data-kind', 'steps');
    await expect(error).toContainText('100,000 steps');
  });

  test('once Pyodide has loaded, CPython runs with the network cut', async () => {
    // The service worker kept Pyodide's files as the page first fetched them.
    await expect
      .poll(() =>
        page.evaluate(async () => {
          for (const key of await caches.keys()) {
            if (!key.startsWith('async-playground-runtime-')) continue;
            const cached = await (await caches.open(key)).keys();
            return cached.some((request) => request.url.endsWith('pyodide.asm.wasm'));
          }
          return false;
        }),
      )
      .toBe(true);
    await context.setOffline(true);
    try {
      await page.goto('/?demo=coroutine-vs-task&runtime=python&mode=virtual&lang=en');
      const doc = await scenario.runToEnd(30_000);
      expect(doc.runtime).toBe('python');
      expect(doc.runs.map((r) => r.total_ms)).toEqual([1000, 2000]);
    } finally {
      await context.setOffline(false);
    }
  });
});

test('a scratchpad link reproduces the same trace byte for byte in a fresh browser', async ({ browser }) => {
  const program = [
    'import asyncio',
    '',
    'async def worker(n, sem):',
    '    async with sem:',
    '        await asyncio.sleep(0.1 * n)',
    '        print(f"worker {n} done")',
    '        return n',
    '',
    'async def main():',
    '    sem = asyncio.Semaphore(2)',
    '    return await asyncio.gather(*(worker(n, sem) for n in range(1, 6)))',
    '',
    'asyncio.run(main())',
    '',
  ].join('\n');
  const link = scratchLink(program, '&run=1');
  const traces: string[] = [];
  for (let i = 0; i < 2; i += 1) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const scenario = new ScenarioPage(page);
    await page.goto(link);
    await expect(page.getByTestId('scratch-code')).toContainText('sem = asyncio.Semaphore(2)');
    await scenario.expectState('done', 30_000);
    traces.push(await scenario.traceText());
    await context.close();
  }
  expect(traces[1]).toBe(traces[0]);
  const doc = JSON.parse(traces[0]);
  expect(doc.scenario).toBe('scratch');
  expect(doc.source).toBe(program);
  expect(doc.runs[0].result).toEqual([1, 2, 3, 4, 5]);
  // Semaphore(2): 1 and 2 start at 0, 3 when 1 ends at 100, 4 at 200, 5 at 400: 900.
  expect(doc.runs[0].total_ms).toBe(900);
});
