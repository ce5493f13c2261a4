// Stopping a run: Stop ends a real run where it is (its unfinished tasks
// exported as `running`), and nothing of it happens afterwards: no line
// printed, no trace change, even when its timers were due. Running again
// then works as if nothing had happened. And running many times in a row
// does not leak wasm memory.
import { test, expect, type Page } from '@playwright/test';
import { ScenarioPage, traceViolations, withinRealTolerance } from './pages/scenario_page';

const TICK = 'background task running...';

/** The page's clock now, in ms (performance.now()). */
function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

/** Waits until the page's clock passes `at` (not a sleep: the page's own time). */
async function waitForPageTime(page: Page, at: number): Promise<void> {
  await page.waitForFunction((t) => performance.now() > t, at, { polling: 100, timeout: 20_000 });
}

test.describe('stopping a run', () => {
  test('Stop ends a real background-task run mid-way and its timers never fire', async ({ page }) => {
    const scenario = new ScenarioPage(page);
    await scenario.open('background-task', { mode: 'real' });

    const started = await pageNow(page);
    await scenario.runButton.click();
    await scenario.expectState('running');
    // Mid-way: the tick at 2000 ms is printed; the next timers are due at
    // 4000 (tick) and 5000 (main cancels the task).
    await expect(scenario.consoleLines).toHaveCount(2, { timeout: 5_000 });
    await scenario.stopButton.click();
    await scenario.expectState('stopped');
    await expect(scenario.stopButton).toBeDisabled();

    const stopped = await scenario.traceDoc();
    expect(stopped.mode).toBe('real');
    expect(stopped.runs.map((r) => r.variant)).toEqual(['cancel-after']);
    const run = stopped.runs[0];
    expect(run.tasks.map((t) => [t.name, t.outcome])).toEqual([
      ['main()', 'running'],
      ['background_task()', 'running'],
    ]);
    expect(run.output.map((o) => o.text)).toEqual([TICK, TICK]);
    expect(run.total_ms).toBeGreaterThanOrEqual(2000);
    expect(run.total_ms).toBeLessThan(4000);
    expect(traceViolations(stopped, { stopped: true })).toEqual([]);

    const shownLines = await scenario.consoleLines.count();
    const shownText = await scenario.traceText();
    await waitForPageTime(page, started + 5000 + 500);
    await expect(scenario.consoleLines).toHaveCount(shownLines);
    expect(await scenario.traceText()).toBe(shownText);
    await scenario.expectState('stopped');

    // Running again: a clean, complete run, with none of the first one's lines.
    const again = await scenario.runToEnd(15_000);
    expect(again.runs).toHaveLength(1);
    const second = again.runs[0];
    expect(second.output.map((o) => o.text)).toEqual([TICK, TICK, TICK, 'CancelledError: background task cancelled']);
    expect(second.tasks.map((t) => [t.name, t.outcome])).toEqual([
      ['main()', 'done'],
      ['background_task()', 'cancelled'],
    ]);
    expect(withinRealTolerance(second.total_ms, 5000), `total ${second.total_ms} ms`).toBe(true);
    expect(traceViolations(again)).toEqual([]);
    await expect(scenario.consoleLines).toHaveCount(4);
    scenario.expectNoProblems();
  });

  test('Stop during the first variant of perf-10-urls never starts the second', async ({ page }) => {
    const scenario = new ScenarioPage(page);
    await scenario.open('perf-10-urls', { mode: 'real' });

    const started = await pageNow(page);
    await scenario.runButton.click();
    await scenario.expectState('running');
    // The sync variant fetches ten URLs one after another, 500 ms each: stop
    // once three have been fetched (the export shows only settled runs).
    await waitForPageTime(page, started + 1600);
    await scenario.expectState('running');
    await scenario.stopButton.click();
    await scenario.expectState('stopped');

    const stopped = await scenario.traceDoc();
    expect(stopped.runs.map((r) => r.variant)).toEqual(['sync']);
    expect(stopped.runs[0].tasks.map((t) => [t.name, t.outcome])).toEqual([['main()', 'running']]);
    expect(stopped.runs[0].output).toEqual([]);
    expect(traceViolations(stopped, { stopped: true })).toEqual([]);

    const shownText = await scenario.traceText();
    // Past the end of both variants had they gone on (5000 + 500 ms).
    await waitForPageTime(page, started + 5500 + 500);
    expect(await scenario.traceText()).toBe(shownText);
    await expect(scenario.consoleLines).toHaveCount(0);
    await scenario.expectState('stopped');
    scenario.expectNoProblems();
  });

  test('50 virtual runs in a row do not grow the wasm memory by more than 5 MB', async ({ page }) => {
    const scenario = new ScenarioPage(page);
    await scenario.probeWasmMemory();
    await scenario.open('semaphore', { mode: 'virtual' });
    await scenario.runToEnd();

    // The run counter proves each Run happened (the trace repeats exactly).
    const redraws = async () => Number(await page.getByTestId('run-status').getAttribute('data-run-count'));

    const wasmBefore = await scenario.wasmMemoryBytes();
    const heapBefore = await scenario.jsHeapBytes();
    for (let i = 0; i < 50; i++) {
      const before = await redraws();
      await scenario.runButton.click();
      await scenario.expectState('done');
      await expect.poll(redraws, { message: `run ${i + 1} was started` }).toBeGreaterThan(before);
    }
    const doc = await scenario.traceDoc();
    expect(doc.runs.map((r) => [r.variant, r.total_ms])).toEqual([['limited', 2000]]);

    const wasmAfter = await scenario.wasmMemoryBytes();
    const heapAfter = await scenario.jsHeapBytes();
    const measured =
      wasmBefore !== null && wasmAfter !== null
        ? { what: 'wasm memory', before: wasmBefore, after: wasmAfter }
        : { what: 'JS heap (wasm memory not reachable)', before: heapBefore ?? 0, after: heapAfter ?? 0 };
    test.info().annotations.push({
      type: 'memory',
      description:
        `${measured.what}: ${measured.before} -> ${measured.after} bytes over 50 runs` +
        ` (JS heap ${heapBefore} -> ${heapAfter})`,
    });
    expect(wasmBefore, 'the WebAssembly.Memory is reachable through TrunkApplicationStarted').not.toBeNull();
    expect(measured.after - measured.before).toBeLessThanOrEqual(5 * 1024 * 1024);
    scenario.expectNoProblems();
  });
});
