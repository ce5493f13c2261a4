// The page's side of everything that runs off the first paint or off the
// page's thread, in one module for the wasm to import: the offline service
// worker, the editor, the Python and JavaScript runtimes' Workers and real
// mode's browser I/O. Each part loads what it drives on first need.
//
// One file, not five: the wasm's glue imports its snippets all at once, so
// five files were five parallel requests on the first paint (and, in
// wasm-bindgen-test-runner's server, a race that at times left one of them
// unanswered: the test page never loaded).

// ---------------------------------------------------------------- the offline service worker (js/sw.js)

// The page's side of the offline service worker (js/sw.js): registered once
// the page is up, only where it can work (http or https, a browser that has
// service workers); `onUpdate` is called when a new version of the page has
// been downloaded and waits for this one to close.
export function registerOffline(onUpdate) {
  if (!('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return false;
  navigator.serviceWorker
    .register('./sw.js')
    .then((registration) => {
      const waiting = () => {
        if (registration.waiting && navigator.serviceWorker.controller) onUpdate();
      };
      waiting();
      registration.addEventListener('updatefound', () => {
        const next = registration.installing;
        if (!next) return;
        next.addEventListener('statechange', () => {
          if (next.state === 'installed') waiting();
        });
      });
    })
    .catch(() => {});
  return true;
}

// Switches to the waiting version now, and reloads into it.
export function useNewVersion() {
  navigator.serviceWorker.getRegistration().then((registration) => {
    if (!registration || !registration.waiting) return;
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
    registration.waiting.postMessage('skip-waiting');
  });
}

// ---------------------------------------------------------------- the editor (runtime/editor.js)

// The page's side of the editor: imports runtime/editor.js (CodeMirror,
// bundled by esbuild) the first time an editor is shown, never before.
let editorModule = null;

/** Mounts an editor in `parent`; resolves with its handle. */
export async function editor_mount(parent, doc, onChange, onRun, label, placeholder, language) {
  editorModule ??= import(new URL("runtime/editor.js", document.baseURI).href);
  const editor = await editorModule;
  return editor.mount(parent, doc, onChange, onRun, label, placeholder, language);
}

// ---------------------------------------------------------------- the Python runtime (runtime/python-worker.mjs)

// The page's side of the Python runtime: starts the Worker on the first
// Python run (never for the first paint), forwards its loading progress,
// and settles one promise per run. Stop terminates the Worker, which always
// works, even when the program never yields; the next run starts a fresh one.
let pythonWorker = null;
let pythonNextId = 1;
let pythonPending = null; // { id, resolve, onLive }
let pythonProgress = () => {};
let pythonReady = false;

function startPython() {
  pythonWorker = new Worker(new URL("runtime/python-worker.mjs", document.baseURI), { type: "module" });
  pythonReady = false;
  pythonWorker.onmessage = (event) => {
    const message = event.data;
    if (message.kind === "progress") {
      pythonProgress(message.phase, message.loaded ?? 0, message.total ?? 0);
    } else if (message.kind === "ready") {
      pythonReady = true;
      pythonProgress("ready", 0, 0, message.version);
    } else if (message.kind === "fatal") {
      pythonProgress("failed", 0, 0, message.message);
      settlePython(JSON.stringify({ events: [], error: message.message, halted: "tracer" }));
      pythonWorker.terminate();
      pythonWorker = null;
    } else if (pythonPending && message.id === pythonPending.id) {
      if (message.kind === "live") pythonPending.onLive(message.events);
      if (message.kind === "result") settlePython(message.json);
    }
  };
  pythonWorker.onerror = (event) => {
    pythonProgress("failed", 0, 0, event.message || "the Python worker failed");
    settlePython(JSON.stringify({ events: [], error: `TracerError: ${event.message || "the Python worker failed"}`, halted: "tracer" }));
    pythonWorker = null;
  };
}

function settlePython(json) {
  if (!pythonPending) return;
  const { resolve } = pythonPending;
  pythonPending = null;
  resolve(json);
}

/** Follows the loading: (phase, loaded bytes, total bytes, detail). */
export function python_on_progress(callback) {
  pythonProgress = callback;
}

export function python_is_ready() {
  return pythonReady && pythonWorker !== null;
}

/** Runs one program; resolves with the tracer's JSON text. */
export function python_run(request, onLive) {
  if (!pythonWorker) startPython();
  settlePython(JSON.stringify({ events: [], error: "Stopped: superseded by another run", halted: "stopped" }));
  const id = pythonNextId++;
  return new Promise((resolve) => {
    pythonPending = { id, resolve, onLive };
    pythonWorker.postMessage({ ...request, id });
  });
}

/** Stops the running program at once; false when nothing was running. */
export function python_stop() {
  if (!pythonPending) return false;
  pythonWorker?.terminate();
  pythonWorker = null;
  pythonReady = false;
  settlePython(JSON.stringify({ events: [], error: "Stopped", halted: "stopped" }));
  pythonProgress("stopped", 0, 0);
  return true;
}

// ---------------------------------------------------------------- the JavaScript runtime (runtime/js-worker.js)

// The page's side of the JavaScript runtime: a fresh Worker per run
// (runtime/js-worker.js, loaded on the first JavaScript run, never for the
// first paint), its live events forwarded, one promise settled per run.
// Stop terminates the Workers of one group (the page's run, or the
// comparison beside it), which always works; so does a watchdog when a
// Worker stops answering (a loop that never yields to the runtime; a
// running program's Worker says it is alive at least once a second).
const SILENCE_MS = 10_000;
const jsRuns = new Set();

function stoppedJsRun(json) {
  return JSON.stringify({ events: [], halted: "stopped", ...json });
}

/** Runs one program; resolves with the runtime's JSON text. */
export function js_run(request, onLive, group) {
  return new Promise((resolve) => {
    const worker = new Worker(new URL("runtime/js-worker.js", document.baseURI), { type: "module" });
    let heard = performance.now();
    const run = {
      group,
      stop(json) {
        clearInterval(watchdog);
        worker.terminate();
        jsRuns.delete(run);
        resolve(json);
      },
    };
    jsRuns.add(run);
    const watchdog = setInterval(() => {
      if (performance.now() - heard > SILENCE_MS) {
        run.stop(stoppedJsRun({ error: `Halted: the program ran ${SILENCE_MS / 1000} s without ever letting the runtime in (a loop that never awaits?)`, halted: "time" }));
      }
    }, 1000);
    worker.onmessage = (event) => {
      heard = performance.now();
      const message = event.data;
      if (message.kind === "ready") worker.postMessage(request);
      if (message.kind === "live" && message.events !== "[]") onLive(message.events);
      if (message.kind === "result") run.stop(message.json);
    };
    worker.onerror = (event) => {
      event.preventDefault?.();
      run.stop(stoppedJsRun({ error: `TracerError: ${event.message || "the JavaScript worker failed"}`, halted: "tracer" }));
    };
  });
}

/** Stops the group's running programs at once; false when none was running. */
export function js_stop(group) {
  const stopped = [...jsRuns].filter((run) => run.group === group);
  for (const run of stopped) run.stop(stoppedJsRun({ error: "Stopped" }));
  return stopped.length > 0;
}

// ---------------------------------------------------------------- real mode's browser I/O (runtime/real-io.js)

// The page's side of real mode's browser I/O (js/real_io.js, minified into
// runtime/real-io.js): imported the first time a real run needs the network,
// IndexedDB or Web Workers, never by the first paint.
let ioModule = null;
/** The module once imported, for the calls that must answer at once. */
let ioLoaded = null;
/** The pool being started, which the pool's jobs wait for. */
let poolStarted = null;

function realIo() {
  ioModule ??= import(new URL("runtime/real-io.js", document.baseURI).href).then((m) => (ioLoaded = m));
  return ioModule;
}

export async function netReady(timeoutMs) {
  try {
    return (await realIo()).netReady(timeoutMs);
  } catch (error) {
    return `the page could not load its network module: ${error?.message ?? error}`;
  }
}

export async function netFetch(method, url, latencyMs, status, bodyJson, abortKey) {
  return (await realIo()).netFetch(method, url, latencyMs, status, bodyJson, abortKey);
}

export function netAbort(abortKey) {
  return ioLoaded ? ioLoaded.netAbort(abortKey) : false;
}

export async function dbRoundTrip(name, opJson) {
  return (await realIo()).dbRoundTrip(name, opJson);
}

export async function dbDelete(name) {
  return (await realIo()).dbDelete(name);
}

/** Starts the pool; a refusal surfaces in its jobs, not as an unhandled rejection. */
export function cpuPoolStart(workers) {
  const starting = realIo().then((m) => m.cpuPoolStart(workers));
  poolStarted = starting;
  starting.catch(() => {});
  return starting;
}

export async function cpuPoolRun(workMs, label) {
  const m = await realIo();
  await poolStarted;
  return m.cpuPoolRun(workMs, label);
}

/** Stops the pool, even one still being started. */
export function cpuPoolStop() {
  const starting = poolStarted;
  poolStarted = null;
  // A start still in flight stops once it is done, unless a newer one began.
  starting?.then(() => poolStarted === null && ioLoaded?.cpuPoolStop(), () => {});
  return ioLoaded ? ioLoaded.cpuPoolStop() : 0;
}
