// Checking the guide: `/?demo=check` runs every scenario and variant in
// virtual time and puts each claim of the guide next to what ran. Every row
// must pass, in both languages, and there must be one row per
// scenario × variant pair of the catalogue (shared/spec/scenarios.md).
import { test, expect } from '@playwright/test';
import { ScenarioPage } from './pages/scenario_page';

/** The catalogue's variants per scenario, copied from shared/spec/scenarios.md,
 * plus the event-loop scenario its issue asked for. */
const CATALOGUE_VARIANTS: Record<string, string[]> = {
  'sync-vs-async': ['serial', 'concurrent'],
  'await-basics': ['awaited', 'not-awaited'],
  'coroutine-vs-task': ['create-task', 'await-in-turn'],
  // The guide's 事件循环 section (方式 1 / 方式 2), added with issue 18.
  'event-loop': ['asyncio-run', 'get-event-loop', 'runner'],
  'blocking-call': ['time-sleep', 'asyncio-sleep'],
  gather: ['all-succeed', 'one-fails', 'return-exceptions'],
  'background-task': ['cancel-after'],
  'wait-first-completed': ['first-completed'],
  'as-completed': ['as-completed'],
  'wait-for': ['times-out', 'completes'],
  semaphore: ['limited'],
  'race-condition': ['no-lock', 'with-lock'],
  'serial-loop': ['for-await', 'gather'],
  'async-context-manager': ['normal', 'error-inside'],
  'async-generator': ['async-range', 'paginated'],
  'dashboard-queries': ['sequential', 'gather'],
  'http-requests': ['get-many', 'post', 'timeout'],
  'bulk-email': ['gather'],
  'multi-api': ['gather'],
  'async-cache': ['ttl', 'stampede'],
  'perf-10-urls': ['sync', 'async'],
  'error-handling': ['ok', 'http-error', 'unknown-error'],
  // The rest of the guide, added in November 2026.
  database: ['crud', 'refresh-in-loop', 'one-query'],
  'web-server': ['async-route', 'blocking-route', 'thread-pool'],
  'sync-calls-async': ['await-in-sync', 'run-in-sync', 'run-inside-loop'],
  'cpu-bound': ['in-loop', 'process-pool'],
};

const PAIRS = Object.entries(CATALOGUE_VARIANTS).flatMap(([id, variants]) => variants.map((v) => `${id}/${v}`));

test('the catalogue counts 26 scenarios and 53 scenario × variant pairs', () => {
  expect(Object.keys(CATALOGUE_VARIANTS)).toHaveLength(26);
  expect(PAIRS).toHaveLength(53);
});

for (const lang of ['en', 'zh'] as const) {
  test(`the self-check view passes every claim of the guide (${lang})`, async ({ page }) => {
    const scenario = new ScenarioPage(page);
    await page.goto(`/?demo=check&lang=${lang}`);
    await expect(page.getByTestId('check-view')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', lang === 'zh' ? 'zh-CN' : 'en');

    const summary = page.getByTestId('check-summary');
    await expect(summary).toHaveAttribute('data-total', String(PAIRS.length));
    await expect(summary).toHaveAttribute('data-passed', String(PAIRS.length));

    const rows = page.getByTestId('check-row');
    await expect(rows).toHaveCount(PAIRS.length);
    const seen = await rows.evaluateAll((all) =>
      all.map((r) => ({
        pair: `${r.getAttribute('data-scenario')}/${r.getAttribute('data-variant')}`,
        pass: r.getAttribute('data-pass'),
      })),
    );
    expect(seen.map((r) => r.pair).sort()).toEqual([...PAIRS].sort());
    expect(seen.filter((r) => r.pass !== 'true').map((r) => r.pair)).toEqual([]);
    scenario.expectNoProblems();
  });
}
