// Real browser I/O for real mode (the Rust side imports this file as a
// wasm-bindgen snippet): the simulated network as real fetches answered by
// the page's service worker (js/sw.js, net/), the database as real
// IndexedDB transactions, CPU-bound work as real arithmetic in the page or
// in real Web Workers. Everything async returns a Promise that rejects only
// with an Error whose message a person can read; nothing throws
// synchronously. Only the pure parts are exported for tests/js/real_io.test.mjs
// beyond the API (netPath, dbParseOp, busyLoop, JobPool, CPU_WORKER_SOURCE).

/** A readable message for anything thrown or rejected. */
const message = (error) => (error && error.message) || String(error);

/** Resolves `promise`'s value, or `fallback` when `ms` pass first. */
function within(promise, ms, fallback) {
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(() => resolve(fallback), Math.max(0, ms));
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------- network

// js/sw.js marks its simulated answers with this header, so an older worker
// (or DevTools' "Bypass for network") is told from the real thing.
const NET_HEADER = 'X-Async-Playground';
let netOk = false;
// abortKey → the AbortControllers of its requests in flight.
const inFlight = new Map();

/**
 * The page-relative path (under the service worker's scope) that stands for
 * `url` with the given latency and status: https://host/p?q=1 →
 * "net/host/p?q=1&latency=500&status=200". js/sw.js reads it back (the
 * URL's own query is kept as it is, minus any `latency` or `status`
 * parameter of its own). Throws on a URL that is not absolute http(s).
 */
export function netPath(url, latencyMs, status) {
  const target = new URL(url);
  if (!/^https?:$/.test(target.protocol)) throw new Error(`not an http(s) URL: ${url}`);
  const ours = `latency=${Math.max(0, Number(latencyMs) || 0)}&status=${Number(status ?? 200)}`;
  return `net/${target.host}${target.pathname}${target.search ? `${target.search}&` : '?'}${ours}`;
}

/**
 * "" when a service worker controls this page and answers the simulated
 * network (checked by a probe request), else why not, in a short sentence.
 * Registers the worker if the page has not yet (js/bridge.js does
 * after the first paint), and on a first visit waits up to `timeoutMs` for it
 * to activate and claim the page. Never rejects. A "yes" is remembered.
 */
export async function netReady(timeoutMs = 10000) {
  if (netOk) return '';
  try {
    const reason = await netCheck(Number(timeoutMs) || 0);
    netOk = reason === '';
    return reason;
  } catch (error) {
    return `the service worker did not answer: ${message(error)}`;
  }
}

async function netCheck(timeoutMs) {
  if (globalThis.location?.protocol === 'file:') return 'the page is opened from a file: URL';
  const container = globalThis.navigator?.serviceWorker;
  if (!container) {
    return globalThis.isSecureContext === false
      ? 'the page is not served over https (service workers need it)'
      : 'no service worker in this browser';
  }
  const deadline = performance.now() + timeoutMs;
  let registration;
  try {
    // The same registration as js/bridge.js: a second call is a no-op.
    registration = await container.register(new URL('sw.js', document.baseURI).href);
  } catch (error) {
    return `the browser refused the service worker: ${message(error)}`;
  }
  // A stubbed register (Playwright's serviceWorkers: 'block') gives nothing.
  const worker = registration && (registration.installing || registration.waiting || registration.active);
  if (!worker) return 'the browser refused the service worker: it was not registered';
  if (!container.controller) {
    const claimed = new Promise((resolve) => {
      container.addEventListener('controllerchange', () => resolve(true), { once: true });
      // A worker that fails to install never will.
      worker.addEventListener('statechange', () => worker.state === 'redundant' && resolve(false));
    });
    // A new worker claims the page when it activates; an active one that
    // claimed its pages before this one loaded (or after a shift-reload)
    // is asked to.
    container.ready.then((ready) => ready.active?.postMessage('claim')).catch(() => {});
    await within(claimed, deadline - performance.now(), false);
    if (worker.state === 'redundant') return 'the service worker failed to install';
    if (!container.controller) return 'the service worker did not take control in time';
  }
  // The probe is not under net/, so it is not counted among the run's requests.
  const probe = new AbortController();
  const timer = setTimeout(() => probe.abort(), Math.max(1000, deadline - performance.now()));
  try {
    const response = await fetch(new URL('net-probe', document.baseURI), { cache: 'no-store', signal: probe.signal });
    await response.text();
    if (response.headers.get(NET_HEADER) !== 'simulated') {
      return 'the service worker does not answer the simulated network (an older version, or bypassed in DevTools): reload the page';
    }
    return '';
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A real fetch of `url` (GET, or POST sending `bodyJson`), answered by the
 * service worker after `latencyMs` with `status` (0: a network error, the
 * promise rejects). Resolves to JSON {"status": n, "body": …}: GET's body is
 * {"url": url}, POST's is its own body echoed. `netAbort(abortKey)` cancels it.
 * Call netReady first: without the worker this rejects.
 */
export async function netFetch(method, url, latencyMs, status, bodyJson, abortKey) {
  const verb = String(method).toUpperCase();
  if (verb !== 'GET' && verb !== 'POST') throw new Error(`${method} ${url}: only GET and POST are simulated`);
  let path;
  try {
    path = netPath(url, latencyMs, status);
  } catch {
    throw new Error(`${verb} ${url}: not an absolute http(s) URL`);
  }
  const controller = new AbortController();
  const key = abortKey == null ? null : String(abortKey);
  if (key !== null) {
    if (!inFlight.has(key)) inFlight.set(key, new Set());
    inFlight.get(key).add(controller);
  }
  try {
    const post = verb === 'POST';
    const response = await fetch(new URL(path, document.baseURI), {
      method: verb,
      body: post ? (bodyJson ?? 'null') : undefined,
      headers: post ? { 'Content-Type': 'application/json' } : undefined,
      cache: 'no-store',
      signal: controller.signal,
    });
    const text = await response.text();
    if (response.headers.get(NET_HEADER) !== 'simulated') {
      throw new Error(`the service worker did not answer (HTTP ${response.status} from the server)`);
    }
    let body;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch {
      body = text;
    }
    return JSON.stringify({ status: response.status, body });
  } catch (error) {
    if (controller.signal.aborted) {
      const cancelled = new Error(`${verb} ${url} was cancelled`);
      cancelled.name = 'AbortError';
      throw cancelled;
    }
    throw new Error(`${verb} ${url} failed: ${message(error)}`);
  } finally {
    const set = key === null ? null : inFlight.get(key);
    set?.delete(controller);
    if (set?.size === 0) inFlight.delete(key);
  }
}

/** Cancels the requests started with `abortKey`; false when none was in flight. */
export function netAbort(abortKey) {
  const set = inFlight.get(String(abortKey));
  if (!set) return false;
  inFlight.delete(String(abortKey));
  for (const controller of set) controller.abort();
  return true;
}

// ---------------------------------------------------------------- IndexedDB

const STORE = 'users';
// name → Promise of the open connection (one per database, reused by every
// round trip of the run).
const databases = new Map();

/**
 * The round trip asked for, checked: {"op":"add","rows":[{…}]},
 * {"op":"get","id":k}, {"op":"getAll"} or {"op":"getMany","ids":[…]}.
 * Throws a readable Error otherwise.
 */
export function dbParseOp(opJson) {
  let op;
  try {
    op = typeof opJson === 'string' ? JSON.parse(opJson) : opJson;
  } catch (error) {
    throw new Error(`the database operation is not JSON: ${message(error)}`);
  }
  const key = (k) => typeof k === 'number' || typeof k === 'string';
  const row = (r) => r !== null && typeof r === 'object' && !Array.isArray(r);
  switch (op?.op) {
    case 'add':
      if (Array.isArray(op.rows) && op.rows.every(row)) return op;
      throw new Error('add needs "rows": an array of objects');
    case 'get':
      if (key(op.id)) return op;
      throw new Error('get needs "id": a number or a string');
    case 'getAll':
      return op;
    case 'getMany':
      if (Array.isArray(op.ids) && op.ids.every(key)) return op;
      throw new Error('getMany needs "ids": an array of numbers or strings');
    default:
      throw new Error(`unknown database operation ${JSON.stringify(op?.op)} (add, get, getAll, getMany)`);
  }
}

/** The request's result, or a readable rejection. */
function settled(request, what) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(new Error(`${what}: ${message(request.error)}`));
  });
}

async function openStore(name, version) {
  if (!globalThis.indexedDB) throw new Error('IndexedDB is not available in this browser');
  const request = version ? indexedDB.open(name, version) : indexedDB.open(name);
  request.onupgradeneeded = () => {
    if (!request.result.objectStoreNames.contains(STORE)) {
      request.result.createObjectStore(STORE, { keyPath: 'id', autoIncrement: true });
    }
  };
  const db = await settled(request, `IndexedDB could not open "${name}"`);
  // A database of that name made by something else: upgrade it to add ours.
  if (!db.objectStoreNames.contains(STORE)) {
    db.close();
    return openStore(name, db.version + 1);
  }
  // Another tab deleting or upgrading it must not wait for this page.
  const forget = () => {
    db.close();
    databases.get(name)?.then((open) => open === db && databases.delete(name), () => {});
  };
  db.onversionchange = forget;
  db.onclose = forget;
  return db;
}

function connect(name) {
  const key = String(name);
  if (!databases.has(key)) {
    const open = openStore(key);
    databases.set(key, open);
    open.catch(() => databases.get(key) === open && databases.delete(key));
  }
  return databases.get(key);
}

/** Opens (creating if needed) database `name` with its "users" store. */
export async function dbOpen(name) {
  await connect(name);
}

/**
 * Exactly one IndexedDB transaction: resolves, once it has committed, to
 * JSON: add → the new ids; get → the row or null; getAll → every row;
 * getMany → the rows in order (null where none). A failed one is rolled back.
 */
export async function dbRoundTrip(name, opJson) {
  const op = dbParseOp(opJson);
  const db = await connect(name);
  return new Promise((resolve, reject) => {
    const fail = (error) => reject(new Error(`IndexedDB "${name}" ${op.op}: ${message(error)}`));
    let tx;
    try {
      tx = db.transaction(STORE, op.op === 'add' ? 'readwrite' : 'readonly');
    } catch (error) {
      fail(error);
      return;
    }
    let result = null;
    tx.oncomplete = () => resolve(JSON.stringify(result));
    tx.onabort = () => fail(tx.error || 'the transaction was aborted');
    try {
      const store = tx.objectStore(STORE);
      const each = (items, call) => {
        result = [];
        items.forEach((item, i) => {
          const request = call(item);
          request.onsuccess = () => {
            result[i] = request.result ?? null;
          };
        });
      };
      if (op.op === 'add') each(op.rows, (row) => store.add(row));
      if (op.op === 'getMany') each(op.ids, (id) => store.get(id));
      if (op.op === 'get' || op.op === 'getAll') {
        const request = op.op === 'get' ? store.get(op.id) : store.getAll();
        request.onsuccess = () => {
          result = request.result ?? null;
        };
      }
    } catch (error) {
      // A row IndexedDB cannot store (a bad key): nothing of it is kept.
      fail(error);
      tx.abort();
    }
  });
}

/**
 * Closes and deletes database `name` (the run's cleanup). Resolves also
 * when another tab still holds it open: the browser deletes it once that
 * tab lets go.
 */
export async function dbDelete(name) {
  const key = String(name);
  const open = databases.get(key);
  databases.delete(key);
  if (open) {
    try {
      (await open).close();
    } catch {
      // It never opened: nothing to close.
    }
  }
  if (!globalThis.indexedDB) throw new Error('IndexedDB is not available in this browser');
  const request = indexedDB.deleteDatabase(key);
  await new Promise((resolve, reject) => {
    request.onsuccess = () => resolve();
    request.onblocked = () => resolve();
    request.onerror = () => reject(new Error(`IndexedDB could not delete "${key}": ${message(request.error)}`));
  });
}

// ---------------------------------------------------------------- CPU

/**
 * Real arithmetic (a Lehmer random number generator) until `now()` has
 * passed `workMs` from the start; the count of iterations done. The clock is
 * read every 1,000 iterations. Self-contained: it is also the Worker's code.
 */
export function busyLoop(workMs, now) {
  const end = now() + workMs;
  let iterations = 0;
  let x = 1;
  while (now() < end) {
    for (let i = 0; i < 1000; i++) x = (x * 48271) % 2147483647;
    iterations += 1000;
  }
  // x is never 0 (2147483647 is prime): using it keeps the work observable,
  // so no engine can drop the loop.
  return x === 0 ? -1 : iterations;
}

/** CPU work of `workMs` in the calling thread (blocks it); the iterations. */
export function cpuInPage(workMs) {
  return busyLoop(Number(workMs) || 0, () => performance.now());
}

/**
 * A pool Worker's code (run as `(cpuWorkerMain)(self, busyLoop)`): each job
 * {workMs, label} is real CPU work, answered with its start and end as
 * absolute times (timeOrigin + now: the page converts them to its own
 * clock) and shown as a measure named `label` in DevTools' Performance panel.
 */
function cpuWorkerMain(scope, busy) {
  const clock = scope.performance;
  scope.onmessage = (event) => {
    const { workMs, label } = event.data;
    const t0 = clock.now();
    const iterations = busy(workMs, () => clock.now());
    const t1 = clock.now();
    try {
      clock.measure(label || 'cpu', { start: t0, end: t1 });
    } catch {
      // No User Timing here: the work still counts.
    }
    scope.postMessage({ started: clock.timeOrigin + t0, ended: clock.timeOrigin + t1, iterations });
  };
  scope.postMessage({ ready: true });
}

// The Worker's script, built from the two functions above so it needs no
// file of its own (a wasm-bindgen snippet is copied alone; Trunk copies only
// what index.html names): started from a Blob URL.
export const CPU_WORKER_SOURCE = `(${cpuWorkerMain})(self, ${busyLoop});\n`;

/**
 * A fixed set of workers, each running one job at a time; jobs wait FIFO for
 * the first free worker (the lowest index). `spawn(index)` makes a worker
 * (anything with postMessage, terminate, onmessage and onerror), which says
 * {ready: true} once, then answers each job with one message.
 */
export class JobPool {
  constructor(size, spawn) {
    this.size = size;
    this.spawn = spawn;
    this.workers = [];
    this.ready = [];
    this.running = []; // index → the job it runs, or null
    this.queue = [];
    this.stopped = false;
  }

  /** Starts the workers; resolves when all are ready (rejects if one fails or `timeoutMs` pass). */
  start(timeoutMs) {
    const all = [];
    for (let index = 0; index < this.size; index++) {
      all.push(
        new Promise((resolve, reject) => {
          const worker = this.spawn(index);
          this.workers[index] = worker;
          this.ready[index] = false;
          this.running[index] = null;
          worker.onmessage = (event) => {
            if (event.data && event.data.ready) {
              this.ready[index] = true;
              resolve();
            } else {
              this.#done(index, (job) => job.resolve({ worker: index, ...event.data }));
            }
          };
          worker.onerror = (event) => {
            event?.preventDefault?.();
            const error = new Error(`worker ${index + 1} failed: ${(event && event.message) || 'the browser stopped it'}`);
            reject(error);
            this.#done(index, (job) => job.reject(error));
          };
        }),
      );
    }
    return within(Promise.all(all), timeoutMs, 'late').then((outcome) => {
      if (outcome === 'late') throw new Error(`the workers did not start within ${timeoutMs} ms`);
      this.#next();
      return this.size;
    });
  }

  /** Queues one job; resolves to {worker: index, ...the worker's answer}. */
  run(payload) {
    if (this.stopped) return Promise.reject(new Error('the process pool was shut down'));
    return new Promise((resolve, reject) => {
      this.queue.push({ payload, resolve, reject });
      this.#next();
    });
  }

  /** Terminates every worker; rejects running and queued jobs with `error`; how many. */
  stop(error) {
    this.stopped = true;
    for (const worker of this.workers) worker?.terminate();
    const jobs = [...this.running.filter(Boolean), ...this.queue];
    this.running = this.running.map(() => null);
    this.queue = [];
    for (const job of jobs) job.reject(error);
    return jobs.length;
  }

  #done(index, settle) {
    const job = this.running[index];
    this.running[index] = null;
    if (job) settle(job);
    this.#next();
  }

  #next() {
    for (let index = 0; index < this.workers.length && this.queue.length > 0 && !this.stopped; index++) {
      if (this.ready[index] && this.running[index] === null) {
        const job = this.queue.shift();
        this.running[index] = job;
        this.workers[index].postMessage(job.payload);
      }
    }
  }
}

let pool = null;

/**
 * Starts `workers` real Web Workers (named process-1, process-2, … in
 * DevTools), stopping any earlier pool; resolves to their number once all
 * are running.
 */
export async function cpuPoolStart(workers) {
  cpuPoolStop();
  const size = Math.max(1, Math.floor(Number(workers)) || 1);
  if (typeof Worker !== 'function') throw new Error('no Web Workers in this browser');
  const url = URL.createObjectURL(new Blob([CPU_WORKER_SOURCE], { type: 'text/javascript' }));
  const started = new JobPool(size, (index) => new Worker(url, { name: `process-${index + 1}` }));
  pool = started;
  try {
    return await started.start(10000);
  } catch (error) {
    if (pool === started) cpuPoolStop();
    throw new Error(`the browser refused the Web Workers: ${message(error)}`);
  } finally {
    // Loaded by now (or never will be).
    URL.revokeObjectURL(url);
  }
}

/**
 * Runs CPU work of `workMs` on the first free worker (FIFO); resolves to
 * JSON {"worker": 0-based index, "started", "ended": the page's
 * performance.now() times, "iterations"}.
 */
export async function cpuPoolRun(workMs, label) {
  if (!pool) throw new Error('no process pool is running (cpuPoolStart first)');
  const answer = await pool.run({ workMs: Number(workMs) || 0, label: String(label ?? 'cpu') });
  const origin = performance.timeOrigin;
  return JSON.stringify({ worker: answer.worker, started: answer.started - origin, ended: answer.ended - origin, iterations: answer.iterations });
}

/** Terminates the pool's workers; its unfinished jobs reject. How many did. */
export function cpuPoolStop() {
  const stopping = pool;
  pool = null;
  return stopping ? stopping.stop(new Error('the process pool was shut down')) : 0;
}
