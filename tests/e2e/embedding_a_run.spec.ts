// Embedding: "Copy embed code" gives an <iframe> snippet; pasted into a page
// on another origin (its own server here), the frame shows only the code,
// Run, the timeline and the console, and a run works inside it.
import { test, expect } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ScenarioPage } from './pages/scenario_page';

/** Serves one HTML page on localhost (the app is on 127.0.0.1: another origin). */
async function serveHost(html: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((done) => server.listen(0, 'localhost', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://localhost:${port}/`, server };
}

test('the embed snippet runs a scenario inside a page on another origin', async ({ page, context, browser }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const scenario = new ScenarioPage(page);
  await scenario.open('coroutine-vs-task', { mode: 'virtual' });
  await page.getByTestId('copy-embed').click();
  await expect(page.getByTestId('embed-note')).toHaveText('Copied!');
  const snippet = await page.evaluate(() => navigator.clipboard.readText());
  expect(snippet).toMatch(/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?demo=coroutine-vs-task&amp;mode=virtual&amp;lang=en&amp;embed=1"/);

  const host = await serveHost(`<!doctype html><html lang="en"><title>Docs</title><h1>Some documentation</h1>${snippet}</html>`);
  try {
    const reader = await browser.newPage();
    await reader.goto(host.url);
    expect(new URL(reader.url()).origin).not.toBe(new URL(page.url()).origin);
    const frame = reader.frameLocator('iframe');
    await expect(frame.getByTestId('scenario')).toHaveAttribute('data-scenario', 'coroutine-vs-task');
    // Only the code, Run, the timeline and the console.
    await expect(frame.getByTestId('code')).toBeVisible();
    await expect(frame.getByTestId('run')).toBeVisible();
    for (const hidden of ['header', 'sidebar', 'params', 'export-panel', 'copy-link', 'prediction', 'pin-run', 'step-view-toggle']) {
      await expect(frame.getByTestId(hidden)).toBeHidden();
    }
    await frame.getByTestId('run').click();
    await expect(frame.getByTestId('run-status')).toHaveAttribute('data-state', 'done');
    await expect(frame.getByTestId('console-line')).toHaveCount(8);
    await expect(frame.locator('.timeline-scroll g.lane')).toHaveCount(4);
    await expect(frame.getByTestId('embed-open')).toHaveAttribute('href', /demo=coroutine-vs-task(?!.*embed=1)/);
    await reader.close();
  } finally {
    host.server.close();
  }
});
