// Real mode's browser I/O (js/real_io.js and the net/ part of js/sw.js)
// under Node: the service worker as the build writes it (js/service-worker.mjs
// run on a fake staging folder) loaded with fake worker globals, the page
// side's pure parts, and the reasons and rejections that need no browser.
// What needs one (IndexedDB, Workers, the worker taking control) is
// real_io_browser.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** js/real_io.js as the page gets it (a data: URL: Node would warn that a .js file is an ES module). */
async function importRealIo() {
  const source = readFileSync(join(root, 'js', 'real_io.js'), 'utf8');
  return import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`);
}
const io = await importRealIo();

/** sw.js as Trunk's post-build hook writes it into a build. */
function builtSw() {
  const staging = mkdtempSync(join(tmpdir(), 'sw-staging-'));
  try {
    mkdirSync(join(staging, 'runtime'));
    writeFileSync(join(staging, 'index.html'), '<!doctype html>');
    writeFileSync(join(staging, 'app-1234.wasm'), 'wasm');
    writeFileSync(join(staging, 'runtime', 'manifest.json'), '{}');
    execFileSync('node', [join(root, 'js', 'service-worker.mjs')], { env: { ...process.env, TRUNK_STAGING_DIR: staging } });
    return readFileSync(join(staging, 'sw.js'), 'utf8');
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
const SW_SOURCE = builtSw();

/** The service worker loaded at `scope` with fake globals; fetch events dispatched by hand. */
function loadSw(scope = 'http://127.0.0.1:8080/sub/app/') {
  const listeners = {};
  const seen = { claims: 0, network: [] };
  const ctx = {
    URL, URLSearchParams, Request, Response, Headers, AbortController, setTimeout, clearTimeout, console,
    location: new URL('sw.js', scope),
    registration: { scope },
    clients: { claim: async () => { seen.claims += 1; } },
    skipWaiting: () => {},
    addEventListener: (type, listener) => (listeners[type] ??= []).push(listener),
    caches: {
      match: async () => undefined,
      open: async () => ({ put: async () => {}, addAll: async () => {} }),
      keys: async () => [],
      delete: async () => true,
    },
    fetch: async (request) => {
      seen.network.push(request);
      return new Response('from the network');
    },
  };
  ctx.self = ctx;
  vm.createContext(ctx);
  vm.runInContext(SW_SOURCE, ctx, { filename: 'sw.js' });
  /** The event's answer (a promise), or undefined when the worker left it to the browser. */
  const dispatch = (type, event) => {
    for (const listener of listeners[type] ?? []) listener(event);
  };
  const fetchEvent = (request) => {
    let answer;
    dispatch('fetch', { request, respondWith: (response) => (answer = Promise.resolve(response)) });
    return answer;
  };
  return { ctx, seen, dispatch, fetchEvent };
}

const SCOPE = 'http://127.0.0.1:8080/sub/app/';

test('the build still fills in the versions and the shell list', () => {
  assert.doesNotMatch(SW_SOURCE, /__SHELL__|__SHELL_VERSION__|__RUNTIME_VERSION__/);
  assert.match(SW_SOURCE, /const SHELL = \["\.\/","app-1234\.wasm","index\.html"\];/);
});

test('netAnswer: GET answers the simulated URL, without latency and status', () => {
  const { ctx } = loadSw();
  const answer = ctx.netAnswer('api.example.com/users/1', '?page=2&latency=500&status=404', 'GET', '');
  assert.equal(answer.url, 'https://api.example.com/users/1?page=2');
  assert.deepEqual({ ...answer }, { delay: 500, status: 404, body: JSON.stringify({ url: answer.url }), url: answer.url });
  assert.equal(ctx.netAnswer('example.com/', '', 'GET', '').status, 200, 'no status: 200');
  assert.equal(ctx.netAnswer('example.com/', '', 'GET', '').delay, 0, 'no latency: at once');
});

test('netAnswer: POST echoes its body; status 0 is a network error; bad values are bounded', () => {
  const { ctx } = loadSw();
  assert.equal(ctx.netAnswer('api.sendgrid.com/v3/mail/send', '?status=202', 'POST', '{"to":"a@b.c"}').body, '{"to":"a@b.c"}');
  assert.equal(ctx.netAnswer('h/p', '', 'POST', '').body, 'null');
  assert.equal(ctx.netAnswer('h/p', '?status=0', 'GET', '').status, 0);
  assert.equal(ctx.netAnswer('h/p', '?status=204', 'GET', '').body, null, 'a 204 has no body');
  for (const status of ['99', '600', '2.5', 'abc', '']) {
    const answer = ctx.netAnswer('h/p', `?status=${status}`, 'GET', '');
    assert.equal(answer.status, 400, status);
    assert.match(JSON.parse(answer.body).error, /status must be 0 or 200-599/);
  }
  assert.equal(ctx.netAnswer('h/p', '?latency=-5', 'GET', '').delay, 0);
  assert.equal(ctx.netAnswer('h/p', '?latency=abc', 'GET', '').delay, 0);
  assert.equal(ctx.netAnswer('h/p', '?latency=1e9', 'GET', '').delay, 120000);
});

test("netPath and the worker's netAnswer agree on the simulated URL", () => {
  const { ctx } = loadSw();
  for (const url of [
    'https://api.example.com/users/1',
    'https://example.com/',
    'https://api2.com/users/1/posts?limit=10&q=a%20b',
    'https://host.test:8443/a/b%2Fc',
  ]) {
    const path = io.netPath(url, 250, 503);
    assert.match(path, /^net\//);
    const asked = new URL(path, SCOPE);
    const answer = ctx.netAnswer(asked.pathname.slice(new URL(SCOPE).pathname.length + 'net/'.length), asked.search, 'GET', '');
    assert.equal(answer.url, url);
    assert.equal(answer.delay, 250);
    assert.equal(answer.status, 503);
  }
  // The page's own parameters win over the URL's of the same name.
  const own = new URL(io.netPath('https://h.test/p?latency=9&a=1', 5, 200), SCOPE);
  const answer = ctx.netAnswer('h.test/p', own.search, 'GET', '');
  assert.deepEqual([answer.url, answer.delay], ['https://h.test/p?a=1', 5]);
  assert.throws(() => io.netPath('/users/1', 0, 200));
  assert.throws(() => io.netPath('ftp://example.com/', 0, 200), /not an http\(s\) URL/);
});

test('a net/ request is answered by the worker after its latency, uncached, marked as simulated', async () => {
  const { fetchEvent, seen } = loadSw();
  const start = performance.now();
  const response = await fetchEvent(new Request(`${SCOPE}net/api.example.com/users/1?latency=40&status=404`));
  assert.ok(performance.now() - start >= 39, 'waited the latency');
  assert.equal(response.status, 404);
  assert.equal(response.headers.get('Cache-Control'), 'no-store');
  assert.equal(response.headers.get('Content-Type'), 'application/json');
  assert.equal(response.headers.get('X-Async-Playground'), 'simulated');
  assert.deepEqual(await response.json(), { url: 'https://api.example.com/users/1' });

  const posted = await fetchEvent(new Request(`${SCOPE}net/h/send?status=201`, { method: 'POST', body: '{"n":1}' }));
  assert.equal(posted.status, 201);
  assert.deepEqual(await posted.json(), { n: 1 });

  const failed = await fetchEvent(new Request(`${SCOPE}net/h/x?status=0`));
  assert.equal(failed.type, 'error', 'status 0: a network error');
  assert.equal(seen.network.length, 0, 'never the network');
});

test('an aborted net/ request stops waiting', async () => {
  const { fetchEvent } = loadSw();
  const abort = new AbortController();
  const start = performance.now();
  const answer = fetchEvent(new Request(`${SCOPE}net/h/slow?latency=5000`, { signal: abort.signal }));
  setTimeout(() => abort.abort(), 20);
  const response = await answer;
  assert.ok(performance.now() - start < 1000);
  assert.equal(response.type, 'error');
});

test('everything outside net/ is handled as before', async () => {
  const { fetchEvent, seen } = loadSw();
  const request = (url, method = 'GET', mode = 'cors') => ({ url, method, mode });
  // Not ours: left to the browser.
  assert.equal(fetchEvent(request('https://cdn.example.com/net/x')), undefined);
  assert.equal(fetchEvent(request('http://127.0.0.1:8080/net/x')), undefined, 'outside the scope');
  assert.equal(fetchEvent(request(`${SCOPE}api`, 'POST')), undefined, 'POST outside net/');
  assert.equal(fetchEvent(request(`${SCOPE}unknown.txt`)), undefined, 'not in the shell');
  // The page, the shell, the runtime: answered (here by the fake network).
  for (const url of [`${SCOPE}?demo=gather`, `${SCOPE}app-1234.wasm`, `${SCOPE}runtime/pyodide.js`]) {
    const answer = fetchEvent(request(url, 'GET', url.includes('?') ? 'navigate' : 'cors'));
    assert.ok(answer, url);
    assert.equal(await (await answer).text(), 'from the network');
  }
  assert.equal(seen.network.length, 3);
});

test("netReady's probe (net-probe, outside net/) is answered by the worker", async () => {
  const { fetchEvent, seen } = loadSw();
  const response = await fetchEvent(new Request(`${SCOPE}net-probe`));
  assert.equal(response.headers.get('X-Async-Playground'), 'simulated');
  assert.equal(seen.network.length, 0);
});

test('the page can ask an active worker to claim it', async () => {
  const { dispatch, seen } = loadSw();
  const waits = [];
  dispatch('message', { data: 'claim', waitUntil: (promise) => waits.push(promise) });
  await Promise.all(waits);
  assert.equal(seen.claims, 1);
});

test('dbParseOp accepts the four round trips and explains the rest', () => {
  assert.deepEqual(io.dbParseOp('{"op":"add","rows":[{"name":"a"}]}'), { op: 'add', rows: [{ name: 'a' }] });
  assert.deepEqual(io.dbParseOp('{"op":"get","id":3}'), { op: 'get', id: 3 });
  assert.deepEqual(io.dbParseOp('{"op":"getAll"}'), { op: 'getAll' });
  assert.deepEqual(io.dbParseOp('{"op":"getMany","ids":[1,2]}'), { op: 'getMany', ids: [1, 2] });
  assert.throws(() => io.dbParseOp('{'), /not JSON/);
  assert.throws(() => io.dbParseOp('{"op":"drop"}'), /unknown database operation "drop"/);
  assert.throws(() => io.dbParseOp('{"op":"add","rows":[1]}'), /array of objects/);
  assert.throws(() => io.dbParseOp('{"op":"get"}'), /"id"/);
  assert.throws(() => io.dbParseOp('{"op":"getMany","ids":[null]}'), /"ids"/);
});

test('busyLoop works until the clock has passed work_ms', () => {
  let t = 0;
  const clock = () => (t += 1); // every reading 1 ms later
  assert.equal(io.busyLoop(10, clock), 9 * 1000);
  assert.equal(io.busyLoop(0, () => 5), 0, 'no time: no work');
  const start = performance.now();
  const iterations = io.cpuInPage(30);
  const took = performance.now() - start;
  assert.ok(took >= 30 && took < 200, `${took} ms`);
  assert.ok(iterations > 0);
});

test("the Worker's script does real work and answers in absolute times", () => {
  const posted = [];
  const measures = [];
  const scope = {
    performance: { now: () => performance.now(), timeOrigin: performance.timeOrigin, measure: (name, span) => measures.push([name, span]) },
    postMessage: (message) => posted.push(message),
  };
  vm.runInNewContext(io.CPU_WORKER_SOURCE, { self: scope });
  assert.equal(JSON.stringify(posted), '[{"ready":true}]');
  scope.onmessage({ data: { workMs: 20, label: 'job-1' } });
  const { started, ended, iterations } = posted[1];
  assert.ok(ended - started >= 20);
  assert.ok(Math.abs(started - (performance.timeOrigin + performance.now())) < 1000, 'epoch-based');
  assert.ok(iterations > 0);
  assert.equal(measures[0][0], 'job-1');
});

/** Workers that answer when the test says so. */
function fakeWorkers({ fail = -1, silent = false } = {}) {
  const made = [];
  const spawn = (index) => {
    if (index === fail) throw new Error('refused');
    const worker = {
      index, jobs: [], terminated: false,
      postMessage(job) { this.jobs.push(job); },
      terminate() { this.terminated = true; },
      finish(answer) { this.onmessage({ data: answer }); },
    };
    made.push(worker);
    if (!silent) queueMicrotask(() => worker.onmessage({ data: { ready: true } }));
    return worker;
  };
  return { made, spawn };
}

test('JobPool: FIFO onto the first free worker', async () => {
  const { made, spawn } = fakeWorkers();
  const pool = new io.JobPool(2, spawn);
  assert.equal(await pool.start(1000), 2);
  const done = [1, 2, 3, 4].map((n) => pool.run({ n }));
  assert.deepEqual(made.map((w) => w.jobs.map((j) => j.n)), [[1], [2]]);
  made[1].finish({ iterations: 20 });
  assert.deepEqual(await done[1], { worker: 1, iterations: 20 });
  assert.deepEqual(made[1].jobs.map((j) => j.n), [2, 3], 'the next job goes to the free worker');
  made[0].finish({ iterations: 10 });
  assert.deepEqual(await done[0], { worker: 0, iterations: 10 });
  assert.deepEqual(made[0].jobs.map((j) => j.n), [1, 4]);
  made[0].finish({});
  made[1].finish({});
  assert.deepEqual((await Promise.all(done)).map((a) => a.worker), [0, 1, 1, 0]);
});

test('JobPool: stop terminates the workers and rejects running and queued jobs', async () => {
  const { made, spawn } = fakeWorkers();
  const pool = new io.JobPool(1, spawn);
  await pool.start(1000);
  const jobs = [pool.run({}), pool.run({})];
  assert.equal(pool.stop(new Error('shut down')), 2);
  assert.ok(made[0].terminated);
  for (const job of jobs) await assert.rejects(job, /shut down/);
  await assert.rejects(pool.run({}), /shut down/);
});

test('JobPool: a worker that cannot start, or never says ready, fails start', async () => {
  await assert.rejects(new io.JobPool(2, fakeWorkers({ fail: 1 }).spawn).start(1000), /refused/);
  await assert.rejects(new io.JobPool(1, fakeWorkers({ silent: true }).spawn).start(30), /did not start within 30 ms/);
});

/** Runs `body` with globalThis[name] = value, then puts it back. */
async function withGlobal(name, value, body) {
  const before = Object.getOwnPropertyDescriptor(globalThis, name);
  Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  try {
    return await body();
  } finally {
    if (before) Object.defineProperty(globalThis, name, before);
    else delete globalThis[name];
  }
}

test('netReady says why the simulated network cannot run', async () => {
  await withGlobal('location', { protocol: 'file:' }, async () => {
    assert.equal(await io.netReady(100), 'the page is opened from a file: URL');
  });
  await withGlobal('location', { protocol: 'https:' }, () =>
    withGlobal('navigator', {}, async () => {
      assert.equal(await io.netReady(100), 'no service worker in this browser');
      await withGlobal('isSecureContext', false, async () => {
        assert.match(await io.netReady(100), /not served over https/);
      });
    }),
  );
  const refusing = { serviceWorker: { register: async () => { throw new Error('The operation is insecure.'); } } };
  await withGlobal('location', { protocol: 'https:' }, () =>
    withGlobal('document', { baseURI: 'https://example.org/app/' }, () =>
      withGlobal('navigator', refusing, async () => {
        assert.equal(await io.netReady(100), 'the browser refused the service worker: The operation is insecure.');
      }),
    ),
  );
  // Playwright's serviceWorkers: 'block' makes register resolve to nothing.
  const stubbed = { serviceWorker: { register: async () => undefined } };
  await withGlobal('location', { protocol: 'https:' }, () =>
    withGlobal('document', { baseURI: 'https://example.org/app/' }, () =>
      withGlobal('navigator', stubbed, async () => {
        assert.equal(await io.netReady(100), 'the browser refused the service worker: it was not registered');
      }),
    ),
  );
});

test('the rest rejects (never throws) with a readable message', async () => {
  const calls = [
    [() => io.netFetch('PUT', 'https://h/', 0, 200), /only GET and POST/],
    [() => io.netFetch('GET', 'users/1', 0, 200), /not an absolute http\(s\) URL/],
    [() => io.dbOpen('x'), /IndexedDB is not available in this browser/],
    [() => io.dbRoundTrip('x', '{"op":"nope"}'), /unknown database operation/],
    [() => io.dbDelete('x'), /IndexedDB is not available/],
    [() => io.cpuPoolRun(10, 'a'), /no process pool is running/],
  ];
  for (const [call, expected] of calls) {
    const promise = call();
    assert.ok(promise instanceof Promise);
    await assert.rejects(promise, expected);
  }
  await withGlobal('Worker', undefined, () => assert.rejects(io.cpuPoolStart(2), /no Web Workers in this browser/));
  assert.equal(io.netAbort('nothing'), false);
  assert.equal(io.cpuPoolStop(), 0);
});
