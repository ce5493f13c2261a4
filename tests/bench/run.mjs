// Bench runner, run by `make bench` after a release build into dist/ and the
// native engine bench (target/bench/native.json). Prints one table (figure,
// value, goal, met) on stdout and writes the same figures as JSON to
// target/bench/bench.json (the size rows also to target/bench/sizes.json).
// It reports; a missed goal never fails it.
//
//   1. real mode: 10,000 concurrent 100 ms sleeps, engine vs Promise.all
//   2. virtual mode: scheduler events/s and the 100,000-task semaphore
//      scenario, in the browser and natively
//   3. first render of a 10,000-task timeline, frame times while scrolling it
//   4. sizes of the shipped wasm, JS and CSS (raw, gzip, brotli)
//   5. navigation to an interactive page on loopback
//   6. the step view: a step forward and back on a 10,000-task run
//
// Browser figures come from Debian's /usr/bin/chromium driven by
// @playwright/test, against tests/e2e/static-server.mjs serving dist/.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { brotliCompressSync, constants, deflateRawSync, gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..');
const dist = join(root, 'dist');
const outDir = join(root, 'target', 'bench');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

// Workload and repetitions.
const SLEEPS = 10_000;
const SLEEP_MS = 100;
const REAL_REPS = 5;
const VIRTUAL_SLEEPERS = 50_000; // same load as tests/bench/engine.rs
const SEMAPHORE_URLS = 100_000;
const RENDER_URLS = 10_000;
const RENDER_REPS = 5;
const SCROLL_MS = 2_000;
const LOAD_REPS = 5;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ------------------------------------------------------------------ sizes

const KINDS = { '.wasm': 'wasm', '.js': 'js', '.css': 'css' };

function sizes() {
  let files;
  try {
    // sw.js is the service worker: registered after the first paint, not part
    // of it. The wasm's glue imports its snippets (js/bridge.js) at once, so
    // they are part of the first load; runtime/ is fetched on demand.
    files = readdirSync(dist, { recursive: true })
      .filter((f) => extname(f) in KINDS && (!f.includes('/') || f.startsWith('snippets/')) && f !== 'sw.js')
      .sort();
  } catch {
    console.error(`no ${dist}: run \`make build\` first`);
    process.exit(1);
  }
  if (!files.some((f) => f.endsWith('.wasm'))) {
    console.error(`no .wasm in ${dist}: run \`make build\` first`);
    process.exit(1);
  }
  return files.map((file) => {
    const bytes = readFileSync(join(dist, file));
    return {
      kind: KINDS[extname(file)],
      file,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, {
        params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
      }).length,
    };
  });
}

// ------------------------------------------------------------------ python

/** A semaphore program of `n` tasks, as a learner would write it. */
const semaphoreProgram = (n) => `import asyncio

async def fetch(i, sem):
    async with sem:
        await asyncio.sleep(0.5)
        return i

async def main():
    sem = asyncio.Semaphore(5)
    return len(await asyncio.gather(*(fetch(i, sem) for i in range(${n}))))

asyncio.run(main())
`;
const codeParam = (program) => deflateRawSync(Buffer.from(program, 'utf8')).toString('base64url');
const PYTHON_WARM_REPS = 5;

/** Run click → the run's lanes painted, in the page (ms). */
const runAndPaint = (page, timeout = 60_000) =>
  page.evaluate(
    (timeout) =>
      new Promise((done, fail) => {
        const start = performance.now();
        const status = () => document.querySelector('[data-testid=run-status]').getAttribute('data-state');
        const count = Number(document.querySelector('[data-testid=run-status]').getAttribute('data-run-count'));
        document.querySelector('[data-testid=run]').click();
        const poll = () => {
          const runCount = Number(document.querySelector('[data-testid=run-status]').getAttribute('data-run-count'));
          if (runCount > count && status() === 'done' && document.querySelector('.timeline-scroll g.lane')) {
            requestAnimationFrame(() => setTimeout(() => done(performance.now() - start), 0));
          } else if (performance.now() - start > timeout) {
            fail(new Error(`no painted run after ${timeout} ms (${status()})`));
          } else {
            requestAnimationFrame(poll);
          }
        };
        poll();
      }),
    timeout,
  );

async function pythonRuns(browser, base) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const runtimeRequests = [];
  // Pyodide and its Worker only: the scratchpad's editor (runtime/editor.js)
  // is fetched with the scratchpad, on purpose.
  page.on('request', (r) => {
    if (/\/runtime\/(pyodide\/|python-worker)/.test(r.url())) runtimeRequests.push(r.url());
  });
  await page.goto(`${base}?demo=scratch&mode=virtual&lang=en&code=${codeParam(semaphoreProgram(20))}`);
  await page.waitForSelector('[data-testid=run]');
  await page.waitForLoadState('networkidle');
  const fetched_on_load = runtimeRequests.length;
  const cold_ms = await runAndPaint(page);
  const warm = [];
  for (let i = 0; i < PYTHON_WARM_REPS; i++) warm.push(await runAndPaint(page));
  // The same page keeps its Python: change the program in place.
  await page.evaluate((href) => {
    history.pushState(null, '', href);
    dispatchEvent(new PopStateEvent('popstate'));
  }, `?demo=scratch&mode=virtual&lang=en&code=${codeParam(semaphoreProgram(10_000))}`);
  await page.waitForFunction((n) => document.querySelector('[data-testid=scratch-code]')?.textContent.includes(n), '10000');
  const big_ms = await runAndPaint(page, 120_000);
  await context.close();
  return { fetched_on_load, cold_ms, warm_ms: median(warm), big_ms, edit: await editorOpens(browser, base) };
}

/** Edit click → an editor that takes keys (the module fetched on demand). */
async function editorOpens(browser, base) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const editorRequests = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/runtime/editor.js')) editorRequests.push(r.url());
  });
  await page.goto(`${base}?demo=semaphore&mode=virtual`);
  await page.waitForSelector('[data-testid=edit-code]');
  await page.waitForLoadState('networkidle');
  const fetched_on_load = editorRequests.length;
  const ms = await page.evaluate(
    () =>
      new Promise((done) => {
        const start = performance.now();
        document.querySelector('[data-testid=edit-code]').click();
        const poll = () =>
          document.querySelector('[data-testid=editor][data-ready=true] .cm-content')
            ? done(performance.now() - start)
            : requestAnimationFrame(poll);
        poll();
      }),
  );
  await context.close();
  return { fetched_on_load, ms };
}

// The JavaScript runtime's overhead: 10,000 async calls each awaiting a
// 100 ms timer, in real time, in the runtime's Worker with its
// instrumentation and without it (a fresh Worker each, the same program),
// alternating which goes first. Page-side time from the request to the
// result, Worker start excluded (the request is sent once it is ready).
async function javascriptRuntime(context, base) {
  const page = await openApp(context, base);
  const program = `
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function task(i) { await sleep(100); return i; }
await Promise.all(Array.from({ length: 10000 }, (_, i) => task(i)));`;
  const once = (instrumented) =>
    page.evaluate(
      ([source, instrumented]) =>
        new Promise((done) => {
          const worker = new Worker(new URL('runtime/js-worker.js', document.baseURI), { type: 'module' });
          let start = 0;
          worker.onmessage = (event) => {
            if (event.data.kind === 'ready') {
              start = performance.now();
              worker.postMessage({ source, mode: 'real', latency_ms: 500, instrumented });
            } else if (event.data.kind === 'result') {
              const elapsed = performance.now() - start;
              worker.terminate();
              done({ elapsed, error: JSON.parse(event.data.json).error });
            }
          };
        }),
      [program, instrumented],
    );
  const traced = [];
  const plain = [];
  for (let rep = 0; rep < 6; rep++) {
    const order = rep % 2 ? [false, true] : [true, false];
    for (const instrumented of order) {
      const { elapsed, error } = await once(instrumented);
      if (error) throw new Error(`the runtime bench program failed: ${error}`);
      (instrumented ? traced : plain).push(elapsed);
    }
  }
  await page.close();
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { traced_ms: median(traced), plain_ms: median(plain) };
}

// ------------------------------------------------------------------ server

function startServer() {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(root, 'tests', 'e2e', 'static-server.mjs'), dist], {
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const m = buffered.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) resolvePromise({ child, base: m[0] });
    });
    child.on('exit', (code) => reject(new Error(`static server exited (${code})`)));
  });
}

// ------------------------------------------------------------------ browser

const launch = () =>
  chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });

async function openApp(context, url) {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.wasmBindings !== undefined);
  return page;
}

// 1. Real mode, both sides in one page, rotating which goes first. A third
// side, the engine on a clock that caches the Performance object, shows what
// that one change would buy (see bench_real_sleeps_cached_clock).
async function realSleeps(context, base) {
  const page = await openApp(context, base);
  const wasm = (name) => (n, ms) =>
    page.evaluate(async ([name, n, ms]) => JSON.parse(await window.wasmBindings[name](n, ms)), [name, n, ms]);
  const js = (n, ms) =>
    page.evaluate(
      async ([n, ms]) => {
        const start = performance.now();
        const all = [];
        for (let i = 0; i < n; i++) all.push(new Promise((r) => setTimeout(r, ms)));
        await Promise.all(all);
        return { elapsed_ms: performance.now() - start };
      },
      [n, ms],
    );
  const jsPhases = (n, ms) =>
    page.evaluate(
      async ([n, ms]) => {
        const start = performance.now();
        let firstWake = NaN;
        let lastWake = NaN;
        const all = [];
        for (let i = 0; i < n; i++) {
          all.push(
            new Promise((r) =>
              setTimeout(() => {
                const t = performance.now() - start;
                if (Number.isNaN(firstWake)) firstWake = t;
                lastWake = t;
                r();
              }, ms),
            ),
          );
        }
        const lastSleep = performance.now() - start;
        await Promise.all(all);
        return {
          elapsed_ms: performance.now() - start,
          last_sleep_ms: lastSleep,
          first_wake_ms: firstWake,
          last_wake_ms: lastWake,
        };
      },
      [n, ms],
    );
  const sides = {
    engine: wasm('bench_real_sleeps'),
    js,
    engine_cached_clock: wasm('bench_real_sleeps_cached_clock'),
  };
  const names = Object.keys(sides);
  // Warm-up: compile every path, grow the wasm memory once.
  for (const name of names) await sides[name](SLEEPS, SLEEP_MS);
  const runs = Object.fromEntries(names.map((name) => [name, []]));
  for (let i = 0; i < REAL_REPS; i++) {
    const order = names.map((_, k) => names[(k + i) % names.length]);
    for (const name of order) {
      await sleep(100);
      runs[name].push((await sides[name](SLEEPS, SLEEP_MS)).elapsed_ms - SLEEP_MS);
    }
  }
  // The breakdown: instrumented runs of each side, medians of 3.
  const phases = { engine: [], js: [] };
  for (let i = 0; i < 3; i++) {
    await sleep(100);
    phases.engine.push(await wasm('bench_real_sleeps_phases')(SLEEPS, SLEEP_MS));
    await sleep(100);
    phases.js.push(await jsPhases(SLEEPS, SLEEP_MS));
  }
  const medianPhases = (list) =>
    Object.fromEntries(Object.keys(list[0]).map((k) => [k, median(list.map((p) => p[k]))]));
  const cpu = [];
  for (let i = 0; i < 3; i++) {
    cpu.push(await page.evaluate(([n, ms]) => JSON.parse(window.wasmBindings.bench_virtual_sleeps(n, ms)), [SLEEPS, SLEEP_MS]));
  }
  const clock = await page.evaluate(() => JSON.parse(window.wasmBindings.bench_clock_read(200_000)));
  await page.close();
  return {
    engine_overshoot_ms: median(runs.engine),
    js_overshoot_ms: median(runs.js),
    engine_cached_clock_overshoot_ms: median(runs.engine_cached_clock),
    runs_ms: runs,
    engine_phases: medianPhases(phases.engine),
    js_phases: medianPhases(phases.js),
    engine_cpu_ms: median(cpu.map((c) => c.cpu_ms)),
    engine_events: cpu[0].events,
    clock_read_us: clock,
  };
}

// 2. Virtual mode in the browser.
async function virtualInBrowser(context, base) {
  const page = await openApp(context, base);
  const call = (name, ...args) =>
    page.evaluate(([name, args]) => JSON.parse(window.wasmBindings[name](...args)), [name, args]);
  // First engine call in a fresh page: V8 still runs the baseline (Liftoff)
  // code, as on a visitor's first Run; the figures below are warmed up.
  const cold = await call('bench_semaphore_virtual', RENDER_URLS, 960);
  await call('bench_virtual_events', 5_000); // warm-up
  const rates = [];
  for (let i = 0; i < 3; i++) {
    const r = await call('bench_virtual_events', VIRTUAL_SLEEPERS);
    rates.push(r.events / (r.ms / 1000));
  }
  const sims = [];
  let tasks = 0;
  for (let i = 0; i < 3; i++) {
    const r = await call('bench_semaphore_virtual', SEMAPHORE_URLS, 960);
    if (r.error) throw new Error(r.error);
    sims.push(r.simulate_ms);
    tasks = r.tasks;
  }
  // What the page does for the render figure, without the DOM.
  const small = [];
  for (let i = 0; i < 3; i++) small.push(await call('bench_semaphore_virtual', RENDER_URLS, 960));
  await page.close();
  return {
    events_per_sec: median(rates),
    semaphore_ms: median(sims),
    semaphore_tasks: tasks,
    render_simulate_ms: median(small.map((r) => r.simulate_ms)),
    render_layout_ms: median(small.map((r) => r.layout_ms)),
    render_clone_ms: median(small.map((r) => r.clone_ms)),
    render_to_json_ms: median(small.map((r) => r.to_json_ms)),
    render_json_bytes: small[0].json_bytes,
    render_cold: cold,
  };
}

// 3. First render of a 10,000-task timeline, then scrolling it.
async function renderAndScroll(context, base) {
  const url = `${base}?demo=semaphore&mode=virtual&urls=${RENDER_URLS}`;
  const renders = [];
  let scroll = null;
  let plain = null;
  for (let i = 0; i < RENDER_REPS; i++) {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(url);
    await page.waitForSelector('[data-testid=run]');
    await sleep(200);
    const r = await page.evaluate(
      () =>
        new Promise((done) => {
          const marks = {};
          const lanesIn = () => document.querySelector('.timeline-scroll g.lane');
          const observer = new MutationObserver(() => {
            if (marks.lanes_ms === undefined && lanesIn()) {
              marks.lanes_ms = performance.now() - start;
              observer.disconnect();
              requestAnimationFrame(() => {
                marks.frame_ms = performance.now() - start;
                // A task queued from rAF runs after that frame's paint.
                setTimeout(() => {
                  marks.painted_ms = performance.now() - start;
                  marks.lanes = document.querySelectorAll('.timeline-scroll g.lane').length;
                  done(marks);
                }, 0);
              });
            }
          });
          observer.observe(document.body, { childList: true, subtree: true });
          const start = performance.now();
          document.querySelector('[data-testid=run]').click();
          marks.click_ms = performance.now() - start;
        }),
    );
    renders.push(r);
    if (i === RENDER_REPS - 1) {
      await sleep(300);
      scroll = await page.evaluate(
        (duration) =>
          new Promise((done) => {
            const el = document.querySelector('.timeline-scroll');
            const max = el.scrollHeight - el.clientHeight;
            const deltas = [];
            // The display's frame interval, from 30 idle frames first.
            const idle = [];
            let start = null;
            let last = null;
            const idleFrame = (t) => {
              if (last !== null) idle.push(t - last);
              last = t;
              if (idle.length < 30) requestAnimationFrame(idleFrame);
              else {
                last = null;
                requestAnimationFrame(frame);
              }
            };
            const frame = (t) => {
              if (start === null) start = t;
              if (last !== null) deltas.push(t - last);
              last = t;
              const p = Math.min(1, (t - start) / duration);
              el.scrollTop = p * max;
              if (p < 1) requestAnimationFrame(frame);
              else
                requestAnimationFrame((t2) => {
                  deltas.push(t2 - last);
                  done({
                    deltas,
                    display_frame_ms: [...idle].sort((a, b) => a - b)[idle.length >> 1],
                    scroll_px: max,
                    lanes_at_bottom: document.querySelectorAll('.timeline-scroll g.lane').length,
                    last_task: document.querySelector('.timeline-scroll g.lane:last-of-type')?.dataset.task,
                  });
                });
            };
            requestAnimationFrame(idleFrame);
          }),
        SCROLL_MS,
      );
      // The baseline: 10,000 plain rows of a lane's size, in the same page,
      // from inserting them to their first painted frame.
      plain = await page.evaluate(
        (count) =>
          new Promise((done) => {
            const box = document.querySelector('.timeline-scroll');
            const height = box.querySelector('g.lane rect')?.getBBox().height || 22;
            const start = performance.now();
            const rows = document.createElement('div');
            rows.style.cssText = `position:fixed;inset:0;overflow:auto;background:#fff;z-index:99`;
            rows.innerHTML = Array.from(
              { length: count },
              (_, i) => `<div style="height:${height}px;border-bottom:1px solid #ccc">task ${i}</div>`,
            ).join('');
            document.body.append(rows);
            requestAnimationFrame(() => setTimeout(() => done({ painted_ms: performance.now() - start, rows: rows.children.length }), 0));
          }),
        RENDER_URLS,
      );
    }
    await page.close();
  }
  return {
    first_render_ms: median(renders.map((r) => r.frame_ms)),
    click_ms: median(renders.map((r) => r.click_ms)),
    lanes_ms: median(renders.map((r) => r.lanes_ms)),
    painted_ms: median(renders.map((r) => r.painted_ms)),
    lanes_drawn: renders[0].lanes,
    renders,
    scroll_mean_ms: mean(scroll.deltas),
    display_frame_ms: scroll.display_frame_ms,
    // A frame is late when it took longer than the display's frame (with
    // half a frame of slack: rAF timestamps jitter by a fraction of a ms).
    scroll_late_frames: scroll.deltas.filter((d) => d > 1.5 * Math.min(scroll.display_frame_ms, 1000 / 60)).length,
    scroll_p95_ms: percentile(scroll.deltas, 95),
    scroll_max_ms: Math.max(...scroll.deltas),
    scroll_frames: scroll.deltas.length,
    scroll_px: scroll.scroll_px,
    scroll_lanes_at_bottom: scroll.lanes_at_bottom,
    scroll_last_task: scroll.last_task,
    plain_rows_ms: plain.painted_ms,
    plain_rows: plain.rows,
  };
}

// 6. The step view on a 10,000-task run (the semaphore scenario): click
// Step forward / Step back → the next frame after the view shows the step.
const STEP_URLS = 10_000;
const STEP_AT = 25_000;
const STEP_REPS = 7;
async function stepping(context, base) {
  const page = await context.newPage();
  await page.goto(`${base}?demo=semaphore&mode=virtual&lang=en&urls=${STEP_URLS}&max_concurrent=100&step=${STEP_AT}&run=1`);
  await page.waitForSelector(`[data-testid=step-view][data-step="${STEP_AT}"]`, { timeout: 60_000 });
  const steps = Number(await page.getAttribute('[data-testid=step-view]', 'data-steps'));
  const once = (button, expected) =>
    page.evaluate(
      ([button, expected]) =>
        new Promise((resolve) => {
          const view = document.querySelector('[data-testid=step-view]');
          const start = performance.now();
          const observer = new MutationObserver(() => {
            if (view.getAttribute('data-step') !== expected) return;
            observer.disconnect();
            const updated = performance.now() - start;
            requestAnimationFrame(() => setTimeout(() => resolve([updated, performance.now() - start])));
          });
          observer.observe(view, { attributes: true });
          document.querySelector(`[data-testid=${button}]`).click();
        }),
      [button, expected],
    );
  const forward = [];
  const back = [];
  for (let i = 0; i < STEP_REPS; i++) {
    forward.push(await once('step-forward', String(STEP_AT + 1)));
    back.push(await once('step-back', String(STEP_AT)));
  }
  await page.close();
  const at = (runs, i) => median(runs.map((r) => r[i]));
  return {
    steps,
    forward_ms: at(forward, 0),
    back_ms: at(back, 0),
    forward_painted_ms: at(forward, 1),
    back_painted_ms: at(back, 1),
  };
}

// 5. Navigation start to a Run button that exists and responds.
async function timeToInteractive(browser, base) {
  const url = `${base}?demo=semaphore`;
  const loads = [];
  for (let i = 0; i < LOAD_REPS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__bench = {};
      addEventListener('TrunkApplicationStarted', () => {
        window.__bench.wasm_started_ms = performance.now();
      });
      const seen = () => {
        if (document.querySelector('[data-testid=run]')) {
          window.__bench.run_button_ms = performance.now();
          return true;
        }
        return false;
      };
      new MutationObserver((_, observer) => {
        if (seen()) observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(url);
    await page.waitForSelector('[data-testid=run]');
    const evaluated = await page.evaluate(() => performance.now());
    // Responds: a click starts a run (status leaves idle).
    await page.click('[data-testid=run]');
    const responds = await page
      .waitForFunction(() => document.querySelector('[data-testid=run-status]')?.dataset.state !== 'idle', null, {
        timeout: 5_000,
      })
      .then(() => true)
      .catch(() => false);
    const marks = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const wasm = performance.getEntriesByType('resource').find((r) => r.name.endsWith('.wasm'));
      return {
        ...window.__bench,
        wasm_response_end_ms: wasm?.responseEnd ?? NaN,
        response_end_ms: nav.responseEnd,
        dom_content_loaded_ms: nav.domContentLoadedEventEnd,
      };
    });
    loads.push({ ...marks, evaluated_ms: evaluated, responds });
    await context.close();
  }
  return {
    interactive_ms: median(loads.map((l) => l.run_button_ms)),
    evaluated_ms: median(loads.map((l) => l.evaluated_ms)),
    response_end_ms: median(loads.map((l) => l.response_end_ms)),
    wasm_response_end_ms: median(loads.map((l) => l.wasm_response_end_ms)),
    dom_content_loaded_ms: median(loads.map((l) => l.dom_content_loaded_ms)),
    wasm_started_ms: median(loads.map((l) => l.wasm_started_ms)),
    responds: loads.every((l) => l.responds),
    loads,
  };
}

// ------------------------------------------------------------------ main

const sizeRows = sizes();
const native = (() => {
  const file = join(outDir, 'native.json');
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8').trim().split('\n').pop());
  } catch {
    return null;
  }
})();

const loadBefore = loadavg();
const { child: server, base } = await startServer();
const browser = await launch();
const browserVersion = browser.version();
// One failing section (a changed selector, a crashed page) leaves the others'
// figures standing; it is reported, and the run exits non-zero at the end.
const errors = [];
const attempt = async (name, run) => {
  try {
    return await run();
  } catch (error) {
    errors.push(`${name}: ${String(error?.message ?? error).split('\n')[0]}`);
    return null;
  }
};
let real;
let virt;
let render;
let load;
let python;
let steps;
let jsRuntime;
try {
  const context = await browser.newContext();
  real = await attempt('real mode', () => realSleeps(context, base));
  virt = await attempt('virtual mode', () => virtualInBrowser(context, base));
  render = await attempt('render', () => renderAndScroll(context, base));
  steps = await attempt('step view', () => stepping(context, base));
  jsRuntime = await attempt('javascript runtime', () => javascriptRuntime(context, base));
  await context.close();
  load = await attempt('load', () => timeToInteractive(browser, base));
  python = await attempt('python', () => pythonRuns(browser, base));
} finally {
  await browser.close();
  server.kill('SIGTERM');
}

const sum = (kinds, key) => sizeRows.filter((r) => kinds.includes(r.kind)).reduce((a, r) => a + r[key], 0);
const fmt = (n, digits = 1) => (n === null || n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(digits));
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const num = (n) => (n === null || n === undefined ? 'n/a' : Math.round(n).toLocaleString('en-US'));

// Every figure: id, what, value (number), shown text, unit, goal text, met.
const figures = [];
const add = (id, label, value, unit, shown, goal = '', met = null) =>
  figures.push({ id, label, value, unit, shown, goal, met });

if (real) {
  const ratio = real.engine_overshoot_ms / real.js_overshoot_ms;
  add('real.engine_overshoot', `real: ${num(SLEEPS)} × sleep(${SLEEP_MS} ms), engine, late by`, real.engine_overshoot_ms, 'ms', `${fmt(real.engine_overshoot_ms)} ms`);
  add('real.js_overshoot', `real: ${num(SLEEPS)} × setTimeout(${SLEEP_MS} ms), Promise.all, late by`, real.js_overshoot_ms, 'ms', `${fmt(real.js_overshoot_ms)} ms`);
  add('real.ratio', `real: engine / JS overshoot (medians of ${REAL_REPS})`, ratio, 'ratio', fmt(ratio, 2), '≤ 1.0', ratio <= 1.0);
  const ep = real.engine_phases;
  const jp = real.js_phases;
  add('real.engine_phases', '  engine (instrumented): last sleep set / first wake / last wake', ep.last_wake_ms, 'ms', `${fmt(ep.last_sleep_ms)} / ${fmt(ep.first_wake_ms)} / ${fmt(ep.last_wake_ms)} ms`);
  add('real.js_phases', '  JS (instrumented): last timer set / first fires / last fires', jp.last_wake_ms, 'ms', `${fmt(jp.last_sleep_ms)} / ${fmt(jp.first_wake_ms)} / ${fmt(jp.last_wake_ms)} ms`);
  add('real.engine_cpu', '  engine CPU for the same work on a virtual clock (events)', real.engine_cpu_ms, 'ms', `${fmt(real.engine_cpu_ms)} ms (${num(real.engine_events)})`);
  const reads = ep.clock_reads;
  const clockMs = (reads * (real.clock_read_us.page_us - real.clock_read_us.cached_us)) / 1000;
  add('real.clock_reads', '  clock reads per run × µs per read, page now_ms vs cached', reads, 'reads', `${num(reads)} × ${fmt(real.clock_read_us.page_us, 3)} vs ${fmt(real.clock_read_us.cached_us, 3)} µs (≈ ${fmt(clockMs)} ms)`);
  const cachedRatio = real.engine_cached_clock_overshoot_ms / real.js_overshoot_ms;
  add('real.engine_cached_clock', '  what-if: engine with a cached Performance clock, late by (/ JS)', real.engine_cached_clock_overshoot_ms, 'ms', `${fmt(real.engine_cached_clock_overshoot_ms)} ms (${fmt(cachedRatio, 2)})`);
}

if (virt) {
  add('virtual.events_per_sec.browser', `virtual: scheduler events/s, browser (${num(VIRTUAL_SLEEPERS)} tasks × 4 sleeps)`, virt.events_per_sec, 'events/s', num(virt.events_per_sec), '≥ 1,000,000', virt.events_per_sec >= 1e6);
}
if (native) {
  add('virtual.events_per_sec.native', `virtual: scheduler events/s, native (${num(native.sleepers)} tasks × 4 sleeps)`, native.events_per_sec, 'events/s', num(native.events_per_sec), '≥ 1,000,000', native.events_per_sec >= 1e6);
}
if (virt) {
  add('virtual.semaphore.browser', `virtual: simulate semaphore, ${num(SEMAPHORE_URLS)} tasks, browser`, virt.semaphore_ms, 'ms', `${fmt(virt.semaphore_ms, 0)} ms`, '< 1000 ms', virt.semaphore_ms < 1000);
}
if (native) {
  add('virtual.semaphore.native', `virtual: simulate semaphore, ${num(SEMAPHORE_URLS)} tasks, native`, native.semaphore_ms, 'ms', `${fmt(native.semaphore_ms, 0)} ms`, '< 1000 ms', native.semaphore_ms < 1000);
}

if (render) {
  add('render.first', `render: Run click → first lanes painted, ${num(RENDER_URLS)} tasks`, render.first_render_ms, 'ms', `${fmt(render.first_render_ms)} ms`, '≤ 200 ms', render.first_render_ms <= 200);
  add('render.page', '  page: click handler returns / lanes in the DOM / painted', render.lanes_ms, 'ms', `${fmt(render.click_ms)} / ${fmt(render.lanes_ms)} / ${fmt(render.painted_ms)} ms`);
  const ratio = render.painted_ms / render.plain_rows_ms;
  add('render.vs_plain', `  Run → painted / ${num(render.plain_rows)} plain rows inserted → painted (${fmt(render.plain_rows_ms)} ms), same page`, ratio, 'ratio', `${fmt(ratio, 2)}`, '≤ 2', ratio <= 2);
}
if (virt) {
  const c = virt.render_cold;
  add('render.parts_cold', '  alone, first call in a fresh page: simulate / clone / JSON / layout', c.simulate_ms, 'ms', `${fmt(c.simulate_ms)} / ${fmt(c.clone_ms)} / ${fmt(c.to_json_ms)} / ${fmt(c.layout_ms)} ms`);
  add('render.parts', '  alone, warmed up: simulate / clone doc / JSON export / layout', virt.render_simulate_ms, 'ms', `${fmt(virt.render_simulate_ms)} / ${fmt(virt.render_clone_ms)} / ${fmt(virt.render_to_json_ms)} / ${fmt(virt.render_layout_ms)} ms`);
}
if (render) {
  // rAF timestamps fall on the display's frames, so a frame on time measures
  // one display frame (16.7 ms at 60 Hz, give or take 0.1 ms) and a late one
  // two or more: "p95 ≤ 16.7 ms" means the p95 frame is one display frame.
  // A display slower than 60 Hz never meets the goal.
  const frame = Math.min(render.display_frame_ms, 1000 / 60);
  add('render.scroll_mean', `scroll: mean frame time, top to bottom in ${SCROLL_MS / 1000} s (${num(render.scroll_frames)} frames; display frame ${fmt(render.display_frame_ms, 2)} ms)`, render.scroll_mean_ms, 'ms', `${fmt(render.scroll_mean_ms)} ms`);
  add('render.scroll_p95', 'scroll: p95 / max frame time', render.scroll_p95_ms, 'ms', `${fmt(render.scroll_p95_ms)} / ${fmt(render.scroll_max_ms)} ms`, '≤ 16.7 ms (one frame)', render.scroll_p95_ms <= 1.5 * frame);
  add('render.scroll_late', '  frames later than one display frame', render.scroll_late_frames, 'frames', `${num(render.scroll_late_frames)} of ${num(render.scroll_frames)}`, '≤ 5%', render.scroll_late_frames <= 0.05 * render.scroll_frames);
}

if (steps) {
  add('steps.forward', `step view: Step forward / Step back → page updated, ${num(STEP_URLS)} tasks (${num(steps.steps)} steps, median of ${STEP_REPS})`, steps.forward_ms, 'ms', `${fmt(steps.forward_ms)} / ${fmt(steps.back_ms)} ms`, '≤ 16 ms each', steps.forward_ms <= 16 && steps.back_ms <= 16);
  add('steps.painted', '  → the next frame after it (waits for the display\'s frame)', steps.forward_painted_ms, 'ms', `${fmt(steps.forward_painted_ms)} / ${fmt(steps.back_painted_ms)} ms`);
}
if (native && native.step_forward_ms !== undefined) {
  add('steps.native', `  snapshot alone, native: forward / back (${num(native.steps_10k)} steps)`, native.step_forward_ms, 'ms', `${fmt(native.step_forward_ms, 3)} / ${fmt(native.step_back_ms, 3)} ms`);
  add('steps.history', `step view: memory held by the step history of a ${num(native.history_steps)}-step run`, native.history_bytes, 'bytes', `${fmt(native.history_bytes / 1e6)} MB (recorded in ${fmt(native.history_record_ms, 0)} ms)`);
}

for (const r of sizeRows) {
  add(`size.${r.file}`, `size: ${r.file} raw / gzip / brotli`, r.brotli, 'bytes', `${kib(r.raw)} / ${kib(r.gzip)} / ${kib(r.brotli)}`);
}
const shipped = sum(['wasm', 'js', 'css'], 'brotli');
add('size.first_load_brotli', 'size: first load (wasm + JS + CSS), brotli', shipped, 'bytes', `${kib(shipped)} (${num(shipped)} B)`, '≤ 200,000 B', shipped <= 200_000);

if (load) {
  add('load.interactive', `load: navigation → Run button attached (median of ${LOAD_REPS})`, load.interactive_ms, 'ms', `${fmt(load.interactive_ms)} ms`, '≤ 300 ms', load.interactive_ms <= 300 && load.responds);
  add('load.split', '  HTML / wasm received / app started event / evaluate sees button', load.wasm_response_end_ms, 'ms', `${fmt(load.response_end_ms)} / ${fmt(load.wasm_response_end_ms)} / ${fmt(load.wasm_started_ms)} / ${fmt(load.evaluated_ms)} ms${load.responds ? '' : ' (Run did not respond!)'}`);
}

if (python) {
  add('python.first_load', 'python: files of Pyodide fetched by the first page load', python.fetched_on_load, 'requests', String(python.fetched_on_load), '0', python.fetched_on_load === 0);
  add('python.cold', 'python: Pyodide cold load, Run → first painted result (20 tasks)', python.cold_ms, 'ms', `${fmt(python.cold_ms)} ms`, '≤ 4000 ms', python.cold_ms <= 4000);
  add('python.warm', `python: warm 20-task semaphore, Run → painted lanes (median of ${PYTHON_WARM_REPS})`, python.warm_ms, 'ms', `${fmt(python.warm_ms)} ms`, '≤ 50 ms', python.warm_ms <= 50);
  add('editor.first_load', 'editor: editor.js fetched by the first page load', python.edit.fetched_on_load, 'requests', String(python.edit.fetched_on_load), '0', python.edit.fetched_on_load === 0);
  add('editor.open', 'editor: Edit click → editor usable (first time, module fetched)', python.edit.ms, 'ms', `${fmt(python.edit.ms)} ms`);
  add('python.big', 'python: 10,000-task semaphore program, virtual time, Run → painted', python.big_ms, 'ms', `${fmt(python.big_ms)} ms`, '≤ 3000 ms', python.big_ms <= 3000);
}
if (jsRuntime) {
  const ratio = jsRuntime.traced_ms / jsRuntime.plain_ms;
  const excess = (jsRuntime.traced_ms - 100) / (jsRuntime.plain_ms - 100);
  add('js.overhead', 'js runtime: 10,000 async calls × 100 ms timer, real, instrumented / plain (a fresh Worker each, the same program)', ratio, 'ratio', `${fmt(jsRuntime.traced_ms)} / ${fmt(jsRuntime.plain_ms)} ms = ${fmt(ratio, 2)} (beyond the 100 ms: ${fmt(excess, 2)})`);
}

const header = ['figure', 'value', 'goal', 'met'];
const rows = figures.map((f) => [f.label, f.shown, f.goal, f.met === null ? '' : f.met ? 'yes' : 'NO']);
const widths = header.map((_, i) => Math.max(header[i].length, ...rows.map((row) => row[i].length)));
const line = (row) => row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of rows) console.log(line(row));
const loadAfter = loadavg();
console.log(
  `\nmachine: ${cpus().length} cores, load average ${loadBefore[0].toFixed(2)} before / ${loadAfter[0].toFixed(2)} after` +
    ' (browser figures are wall-clock times on a shared machine: compare runs at similar load)',
);
if (!native) console.log('(no target/bench/native.json: run `cargo bench --bench engine -- --json > target/bench/native.json` for the native rows)');
for (const error of errors) console.log(`NOT MEASURED: ${error}`);

mkdirSync(outDir, { recursive: true });
const report = {
  generated: new Date().toISOString(),
  browser: `chromium ${browserVersion}`,
  machine: { cores: cpus().length, loadavg_before: loadBefore, loadavg_after: loadAfter },
  figures,
  errors,
  details: { real, virtual_browser: virt, native, render, steps, load, sizes: sizeRows },
};
writeFileSync(join(outDir, 'bench.json'), JSON.stringify(report, null, 2) + '\n');
writeFileSync(
  join(outDir, 'sizes.json'),
  JSON.stringify({ generated: report.generated, unit: 'bytes', files: sizeRows }, null, 2) + '\n',
);
console.log(`\nwrote ${join('target', 'bench', 'bench.json')}`);
if (errors.length) process.exitCode = 1;
