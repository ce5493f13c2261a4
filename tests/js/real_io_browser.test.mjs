// Real mode's browser I/O (js/real_io.js, js/sw.js) in headless Chromium:
// the service worker taking a first-visit page and answering net/ (never the
// server), IndexedDB one transaction per round trip, CPU work in the page and
// in named Workers. Served from a sub-path, with real_io.js where
// wasm-bindgen puts snippets, as a build would be. Skipped without
// /usr/bin/chromium or playwright-core.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

const playwright = await import('playwright-core').catch(() => null);
const skip = !existsSync(CHROMIUM) ? `no ${CHROMIUM}` : !playwright ? 'no playwright-core' : false;

let site; // the served folder
let server;
let base; // the page's URL, under a sub-path
const served = []; // every path the server was asked for
let browser;
let page;

/** The folder a build would give: index.html, the snippet, sw.js from the post-build hook. */
function stage() {
  const dir = mkdtempSync(join(tmpdir(), 'real-io-'));
  const app = join(dir, 'sub', 'app');
  mkdirSync(join(app, 'snippets', 'async-playground-0', 'js'), { recursive: true });
  copyFileSync(join(root, 'js', 'real_io.js'), join(app, 'snippets', 'async-playground-0', 'js', 'real_io.js'));
  writeFileSync(
    join(app, 'index.html'),
    `<!doctype html><title>real io</title><script type="module">
      import * as io from './snippets/async-playground-0/js/real_io.js';
      window.io = io;
    </script>`,
  );
  execFileSync('node', [join(root, 'js', 'service-worker.mjs')], { env: { ...process.env, TRUNK_STAGING_DIR: app } });
  return dir;
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript' };

before(async () => {
  if (skip) return;
  site = stage();
  server = createServer((request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    served.push(path);
    const file = join(site, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(site) || !existsSync(file)) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}/sub/app/`;
  browser = await playwright.chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  page = await browser.newPage();
  await page.goto(`${base}?demo=gather`);
  await page.waitForFunction(() => window.io);
});

after(async () => {
  await browser?.close();
  server?.close();
  if (site) rmSync(site, { recursive: true, force: true });
});

test('first visit: netReady registers the worker, waits for it to take the page, probes it', { skip }, async () => {
  assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null);
  assert.equal(await page.evaluate(() => io.netReady(10000)), '');
  assert.equal(await page.evaluate(() => navigator.serviceWorker.controller.scriptURL), `${base}sw.js`);
  assert.equal(await page.evaluate(() => io.netReady(10)), '', 'remembered');
});

test('netFetch: real requests answered by the worker after their latency, never by the server', { skip }, async () => {
  const fromWorker = [];
  page.on('response', (response) => response.url().includes('/net/') && fromWorker.push(response.fromServiceWorker()));
  const get = await page.evaluate(async () => {
    const t0 = performance.now();
    const answer = JSON.parse(await io.netFetch('GET', 'https://api.example.com/users/1?x=1', 150, 200, null));
    return { answer, took: performance.now() - t0 };
  });
  assert.deepEqual(get.answer, { status: 200, body: { url: 'https://api.example.com/users/1?x=1' } });
  assert.ok(get.took >= 149, `${get.took} ms`);
  const post = await page.evaluate(() => io.netFetch('post', 'https://api.sendgrid.com/v3/mail/send', 0, 202, '{"to":"a@b.c"}'));
  assert.deepEqual(JSON.parse(post), { status: 202, body: { to: 'a@b.c' } });
  const missing = await page.evaluate(() => io.netFetch('GET', 'https://api.example.com/users/999', 0, 404, null));
  assert.equal(JSON.parse(missing).status, 404);
  const down = await page.evaluate(() => io.netFetch('GET', 'https://api.example.com/', 0, 0, null).catch((e) => e.message));
  assert.match(down, /^GET https:\/\/api\.example\.com\/ failed: /);
  const cancelled = await page.evaluate(async () => {
    const t0 = performance.now();
    const request = io.netFetch('GET', 'https://slow.example.com/', 5000, 200, null, 'task-7');
    setTimeout(() => io.netAbort('task-7'), 50);
    const outcome = await request.catch((e) => `${e.name}: ${e.message}`);
    return { outcome, took: performance.now() - t0 };
  });
  assert.equal(cancelled.outcome, 'AbortError: GET https://slow.example.com/ was cancelled');
  assert.ok(cancelled.took < 1000);
  assert.deepEqual(served.filter((path) => path.includes('/net/')), [], 'the server never saw net/');
  assert.ok(fromWorker.length >= 3 && fromWorker.every(Boolean), 'answered by the service worker');
});

test('IndexedDB: one transaction per round trip, visible while it runs, deleted after', { skip }, async () => {
  const result = await page.evaluate(async () => {
    const name = 'async-playground-database';
    const trip = async (op) => JSON.parse(await io.dbRoundTrip(name, JSON.stringify(op)));
    await io.dbOpen(name);
    const ids = await trip({ op: 'add', rows: [{ name: 'Alice' }, { name: 'Bob' }, { name: 'Carol' }] });
    const one = await trip({ op: 'get', id: 2 });
    const none = await trip({ op: 'get', id: 99 });
    const many = await trip({ op: 'getMany', ids: [3, 99, 1] });
    // A duplicate id fails the whole transaction: Dave is not kept either.
    const duplicate = await io.dbRoundTrip(name, JSON.stringify({ op: 'add', rows: [{ name: 'Dave' }, { id: 1, name: 'again' }] })).catch((e) => e.message);
    const all = await trip({ op: 'getAll' });
    const listed = (await indexedDB.databases()).some((db) => db.name === name);
    await io.dbDelete(name);
    const gone = !(await indexedDB.databases()).some((db) => db.name === name);
    return { ids, one, none, many, duplicate, all, listed, gone };
  });
  assert.deepEqual(result.ids, [1, 2, 3]);
  assert.deepEqual(result.one, { name: 'Bob', id: 2 });
  assert.equal(result.none, null);
  assert.deepEqual(result.many.map((row) => row?.name ?? null), ['Carol', null, 'Alice']);
  assert.match(result.duplicate, /^IndexedDB "async-playground-database" add: /);
  assert.deepEqual(result.all.map((row) => row.name), ['Alice', 'Bob', 'Carol']);
  assert.ok(result.listed, 'visible in the browser');
  assert.ok(result.gone, 'deleted after the run');
});

test('CPU: real work blocks the page in the loop, runs beside it in named Workers', { skip }, async () => {
  const inPage = await page.evaluate(() => {
    const t0 = performance.now();
    const iterations = io.cpuInPage(60);
    return { iterations, took: performance.now() - t0 };
  });
  assert.ok(inPage.took >= 60 && inPage.iterations > 0);

  assert.equal(await page.evaluate(() => io.cpuPoolStart(2)), 2);
  const names = await Promise.all(page.workers().map((worker) => worker.evaluate(() => self.name)));
  assert.deepEqual(names.sort(), ['process-1', 'process-2']);
  const pooled = await page.evaluate(async () => {
    let beats = 0;
    const heartbeat = setInterval(() => (beats += 1), 10);
    const t0 = performance.now();
    const jobs = await Promise.all([1, 2, 3].map((n) => io.cpuPoolRun(120, `job-${n}`).then(JSON.parse)));
    const t1 = performance.now();
    clearInterval(heartbeat);
    return { jobs, beats, t0, t1 };
  });
  const [a, b, c] = pooled.jobs;
  assert.deepEqual([a.worker, b.worker], [0, 1], 'the first two run at once');
  assert.ok(a.started < b.ended && b.started < a.ended, 'in parallel');
  assert.ok(c.started >= Math.min(a.ended, b.ended) - 1, 'the third waits for a free worker');
  for (const job of pooled.jobs) {
    assert.ok(job.ended - job.started >= 119 && job.iterations > 0);
    assert.ok(job.started >= pooled.t0 - 1 && job.ended <= pooled.t1 + 1, "in the page's clock");
  }
  assert.ok(pooled.beats >= 3, `the page kept beating (${pooled.beats})`);

  const stopped = await page.evaluate(async () => {
    const jobs = [1, 2, 3].map(() => io.cpuPoolRun(2000, 'long').catch((e) => e.message));
    const count = io.cpuPoolStop();
    return { count, outcomes: await Promise.all(jobs) };
  });
  assert.equal(stopped.count, 3);
  assert.deepEqual(stopped.outcomes, Array(3).fill('the process pool was shut down'));
});

test('a page the active worker does not control (a shift-reload) is claimed on request', { skip }, async () => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setBypassServiceWorker', { bypass: true });
  await page.reload();
  await page.waitForFunction(() => window.io);
  await cdp.send('Network.setBypassServiceWorker', { bypass: false });
  assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null);
  assert.equal(await page.evaluate(() => io.netReady(5000)), '');
  const answer = await page.evaluate(() => io.netFetch('GET', 'https://api.example.com/', 0, 200, null));
  assert.equal(JSON.parse(answer).status, 200);
});

test('a page whose requests bypass the worker (DevTools) falls back, and says why', { skip }, async () => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setBypassServiceWorker', { bypass: true });
  try {
    await page.reload();
    await page.waitForFunction(() => window.io);
    // The page is claimed, but its probe goes to the server.
    assert.match(await page.evaluate(() => io.netReady(2000)), /^the service worker does not answer the simulated network/);
  } finally {
    await cdp.send('Network.setBypassServiceWorker', { bypass: false });
  }
});

test("a blocked registration (Playwright's serviceWorkers: 'block') falls back at once", { skip }, async () => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const blocked = await context.newPage();
    await blocked.goto(base);
    await blocked.waitForFunction(() => window.io);
    const { reason, took } = await blocked.evaluate(async () => {
      const t0 = performance.now();
      return { reason: await io.netReady(10000), took: performance.now() - t0 };
    });
    assert.equal(reason, 'the browser refused the service worker: it was not registered');
    assert.ok(took < 1000, `${took} ms`);
  } finally {
    await context.close();
  }
});
