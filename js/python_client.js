// The page's side of the Python runtime: starts the Worker on the first
// Python run (never for the first paint), forwards its loading progress,
// and settles one promise per run. Stop terminates the Worker, which always
// works, even when the program never yields; the next run starts a fresh one.
let worker = null;
let nextId = 1;
let pending = null; // { id, resolve, onLive }
let progress = () => {};
let ready = false;

function start() {
  worker = new Worker(new URL("runtime/python-worker.mjs", document.baseURI), { type: "module" });
  ready = false;
  worker.onmessage = (event) => {
    const message = event.data;
    if (message.kind === "progress") {
      progress(message.phase, message.loaded ?? 0, message.total ?? 0);
    } else if (message.kind === "ready") {
      ready = true;
      progress("ready", 0, 0, message.version);
    } else if (message.kind === "fatal") {
      progress("failed", 0, 0, message.message);
      settle(JSON.stringify({ events: [], error: message.message, halted: "tracer" }));
      worker.terminate();
      worker = null;
    } else if (pending && message.id === pending.id) {
      if (message.kind === "live") pending.onLive(message.events);
      if (message.kind === "result") settle(message.json);
    }
  };
  worker.onerror = (event) => {
    progress("failed", 0, 0, event.message || "the Python worker failed");
    settle(JSON.stringify({ events: [], error: `TracerError: ${event.message || "the Python worker failed"}`, halted: "tracer" }));
    worker = null;
  };
}

function settle(json) {
  if (!pending) return;
  const { resolve } = pending;
  pending = null;
  resolve(json);
}

/** Follows the loading: (phase, loaded bytes, total bytes, detail). */
export function python_on_progress(callback) {
  progress = callback;
}

export function python_is_ready() {
  return ready && worker !== null;
}

/** Runs one program; resolves with the tracer's JSON text. */
export function python_run(request, onLive) {
  if (!worker) start();
  settle(JSON.stringify({ events: [], error: "Stopped: superseded by another run", halted: "stopped" }));
  const id = nextId++;
  return new Promise((resolve) => {
    pending = { id, resolve, onLive };
    worker.postMessage({ ...request, id });
  });
}

/** Stops the running program at once; false when nothing was running. */
export function python_stop() {
  if (!pending) return false;
  worker?.terminate();
  worker = null;
  ready = false;
  settle(JSON.stringify({ events: [], error: "Stopped", halted: "stopped" }));
  progress("stopped", 0, 0);
  return true;
}
