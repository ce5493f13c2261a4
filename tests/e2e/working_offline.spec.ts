// Offline: after one visit the service worker has the app shell, so the
// page loads and runs a scenario with the network cut; a new build is
// noticed and offered; the worker is served from dist/ at the page's own
// folder.
import { test, expect } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Playground } from './pages/playground';

test.use({ locale: 'en-US' });

const swFile = join(__dirname, '..', '..', 'dist', 'sw.js');

test('after one visit the page loads and runs a scenario with the network cut', async ({ page, context }) => {
  const pg = new Playground(page);
  await pg.open('demo=semaphore&mode=virtual&lang=en');
  // The worker takes over the page and has cached the shell.
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await expect
    .poll(() => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('async-playground-shell-')).length))
    .toBe(1);

  await context.setOffline(true);
  await page.reload();
  await expect(pg.sidebar).toBeVisible();
  await pg.runToEnd();
  // Semaphore(5), 20 requests of 500 ms: four waves.
  expect(JSON.parse(await pg.traceJson()).runs[0].total_ms).toBe(4 * 500);
  // Another link of the same page, typed while offline.
  await page.goto('/?demo=coroutine-vs-task&mode=virtual&lang=zh');
  await expect(pg.scenario).toHaveAttribute('data-scenario', 'coroutine-vs-task');
  await pg.runToEnd();
  expect(JSON.parse(await pg.traceJson()).runs[0].total_ms).toBe(1000);
  await context.setOffline(false);
});

test('a new build is downloaded in the background and offered with a small notice', async ({ page }) => {
  const pg = new Playground(page);
  await pg.open('demo=semaphore&lang=en');
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await expect(page.getByTestId('update-notice')).toHaveCount(0);
  const original = readFileSync(swFile, 'utf8');
  try {
    // What a new build looks like to the browser: another sw.js.
    writeFileSync(swFile, `${original}\n// another build\n`);
    await page.reload();
    await expect(page.getByTestId('update-notice')).toBeVisible({ timeout: 15_000 });
    await page.getByTestId('update-reload').click();
    await expect(pg.sidebar).toBeVisible();
    await expect(page.getByTestId('update-notice')).toHaveCount(0);
  } finally {
    writeFileSync(swFile, original);
  }
  pg.expectNoProblems();
});
