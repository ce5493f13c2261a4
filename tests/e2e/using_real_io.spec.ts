// Real browser I/O in real-clock runs: the HTTP scenarios' requests are real
// fetches of the page's own origin that its service worker answers after the
// scenario's latency; the database scenario's rows go into IndexedDB, one
// transaction per round trip; the process pool computes in Web Workers while
// the page's loop keeps beating. Where the service worker cannot run, real
// mode uses timers and says so.
import { test, expect, type Page, type Response } from '@playwright/test';
import { ScenarioPage, withinRealTolerance, type RunTrace } from './pages/scenario_page';

/** The waits of a run's tasks, by what they waited on. */
function waitLabels(run: RunTrace): string[] {
  return run.tasks.flatMap((t) => t.spans.filter((s) => s.state === 'waiting' && s.on).map((s) => s.on!));
}

/** Responses to the simulated network (`…/net/…`) from now on. */
function netResponses(page: Page): Response[] {
  const seen: Response[] = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.includes('/net/')) seen.push(response);
  });
  return seen;
}

test.describe('real browser I/O', () => {
  test('HTTP requests are real fetches the service worker answers after the latency', async ({ page }) => {
    const scenario = new ScenarioPage(page);
    const responses = netResponses(page);
    await scenario.open('http-requests', { mode: 'real' });
    const doc = await scenario.runToEnd();
    // get-many's three GETs and post's POST are answered; timeout's GET is
    // aborted at 200 ms, before its 300 ms answer.
    expect(responses.length).toBe(4);
    for (const response of responses) {
      expect.soft(response.fromServiceWorker(), response.url()).toBe(true);
      expect.soft(response.status()).toBe(200);
    }
    expect(responses.map((r) => r.request().method()).sort()).toEqual(['GET', 'GET', 'GET', 'POST']);
    const [getMany, post, timeout] = doc.runs;
    expect(waitLabels(getMany)).toContain('fetch GET https://api.github.com/users/octocat');
    expect(waitLabels(post)).toContain('fetch POST https://api.example.com/users');
    expect(timeout.output.map((o) => o.text)).toEqual(['request timed out: /users/octocat']);
    for (const run of doc.runs) {
      expect.soft(withinRealTolerance(run.total_ms, run.ideal_ms), `${run.variant} ${run.total_ms}`).toBe(true);
    }
    await expect(page.getByTestId('real-io-fallback')).toHaveCount(0);
    scenario.expectNoProblems();
  });

  test('an error status comes from the service worker too', async ({ page }) => {
    const scenario = new ScenarioPage(page);
    const responses = netResponses(page);
    await scenario.open('error-handling', { mode: 'real' });
    const doc = await scenario.runToEnd();
    expect(responses.map((r) => r.status()).sort()).toEqual([200, 200, 404]);
    expect(responses.every((r) => r.fromServiceWorker())).toBe(true);
    const httpError = doc.runs.find((r) => r.variant === 'http-error')!;
    expect(httpError.output[0].text).toMatch(/^HTTP error: .*404/);
    scenario.expectNoProblems();
  });

  test('the database rows go into IndexedDB while the run lasts, and are deleted after it', async ({ page }) => {
    const scenario = new ScenarioPage(page);
    // crud: commit at 400 ms, refresh at 800, the two selects at 1200 and 1600.
    await scenario.open('database', { mode: 'real', params: { db_ms: 400, users: 3 } });
    await scenario.runButton.click();
    const rows = async (): Promise<string[] | null> =>
      page.evaluate(async () => {
        const known = await indexedDB.databases();
        if (!known.some((d) => d.name === 'async-playground-database')) return null;
        return new Promise<string[] | null>((resolve) => {
          const open = indexedDB.open('async-playground-database');
          open.onerror = () => resolve(null);
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('users')) {
              db.close();
              return resolve(null);
            }
            const all = db.transaction('users').objectStore('users').getAll();
            all.onsuccess = () => {
              db.close(); // so the page can delete the database after the run
              resolve(all.result.map((row: { username: string }) => row.username));
            };
          };
        });
      });
    // The first round trip (commit) writes alice.
    await expect.poll(rows, { timeout: 5_000 }).toEqual(['alice']);
    const doc = await scenario.runToEnd(20_000);
    expect(doc.runs.map((r) => r.result)).toEqual([['alice', 1], [1, 2, 3], [1, 2, 3]]);
    // Each round trip is a transaction, then the rest of its 400 ms.
    expect(waitLabels(doc.runs[0]).filter((on) => on.startsWith('db.'))).toContain('db.commit()');
    for (const run of doc.runs) {
      expect.soft(withinRealTolerance(run.total_ms, run.ideal_ms), `${run.variant} ${run.total_ms}`).toBe(true);
    }
    await expect.poll(rows).toBeNull();
    scenario.expectNoProblems();
  });

  test('the process pool computes in Web Workers while the page keeps beating', async ({ page }) => {
    const scenario = new ScenarioPage(page);
    const workers: string[] = [];
    page.on('worker', (worker) => workers.push(worker.url()));
    // One 1000 ms job in the loop, then three in three workers.
    await scenario.open('cpu-bound', { mode: 'real', params: { jobs: 3, work_ms: 1000, workers: 3 } });
    // Frame gaps over 200 ms while the run lasts: the page's loop held.
    await page.evaluate(() => {
      const w = window as unknown as { gaps: number[] };
      w.gaps = [];
      let last = performance.now();
      const frame = (now: number) => {
        if (now - last > 200) w.gaps.push(Math.round(now - last));
        last = now;
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    const doc = await scenario.runToEnd(20_000);
    const gaps = await page.evaluate(() => (window as unknown as { gaps: number[] }).gaps);
    // in-loop holds the page for its three jobs at a stretch; the pool never does.
    expect(gaps.length, `frame gaps ${gaps}`).toBe(1);
    expect(gaps[0]).toBeGreaterThanOrEqual(2900);
    expect(workers.length, 'one Web Worker per pool worker').toBe(3);
    const pool = doc.runs.find((r) => r.variant === 'process-pool')!;
    expect(waitLabels(pool).filter((on) => on.includes('in a worker')).sort()).toEqual([
      'crunch(1) in a worker',
      'crunch(2) in a worker',
      'crunch(3) in a worker',
    ]);
    expect(pool.output.map((o) => o.text)).toEqual(Array(4).fill('♥ heartbeat'));
    expect(withinRealTolerance(pool.total_ms, 1000), `process-pool ${pool.total_ms}`).toBe(true);
    scenario.expectNoProblems();
  });
});

test.describe('stopping a real run', () => {
  test("Stop terminates the pool's Web Workers and deletes the database", async ({ page }) => {
    const scenario = new ScenarioPage(page);
    const closed: string[] = [];
    const started: string[] = [];
    page.on('worker', (worker) => {
      started.push(worker.url());
      worker.on('close', () => closed.push(worker.url()));
    });
    // in-loop holds the page for 3 × 1.5 s, then the pool's three 1.5 s jobs
    // are stopped as soon as their workers run.
    await scenario.open('cpu-bound', { mode: 'real', params: { jobs: 3, work_ms: 1500, workers: 3 } });
    await scenario.runButton.click();
    await expect.poll(() => started.length, { timeout: 20_000 }).toBe(3);
    await scenario.stopButton.click();
    await scenario.expectState('stopped');
    await expect.poll(() => closed.length, { timeout: 5_000 }).toBe(3);

    await scenario.open('database', { mode: 'real', params: { db_ms: 2000 } });
    await scenario.runButton.click();
    const exists = () =>
      page.evaluate(async () => (await indexedDB.databases()).some((d) => d.name === 'async-playground-database'));
    await expect.poll(exists, { timeout: 5_000 }).toBe(true);
    await scenario.stopButton.click();
    await scenario.expectState('stopped');
    await expect.poll(exists, { timeout: 5_000 }).toBe(false);
    scenario.expectNoProblems();
  });
});

test.describe('without a service worker', () => {
  test.use({ serviceWorkers: 'block' });

  test('real mode falls back to timers and says so', async ({ page }) => {
    const scenario = new ScenarioPage(page);
    const responses = netResponses(page);
    await scenario.open('perf-10-urls', { mode: 'real', params: { urls: 3, latency_ms: 200 } });
    const doc = await scenario.runToEnd(20_000);
    await expect(page.getByTestId('real-io-fallback')).toBeVisible();
    expect(responses).toEqual([]);
    expect(doc.runs.map((r) => r.total_ms > 0)).toEqual([true, true]);
    for (const run of doc.runs) {
      expect.soft(withinRealTolerance(run.total_ms, run.ideal_ms), `${run.variant} ${run.total_ms}`).toBe(true);
    }
    // Playwright says why it refused the registration: the very case tested.
    expect(scenario.problems.filter((p) => !p.includes('Service Worker registration blocked by Playwright'))).toEqual([]);
  });
});
