// The page's side of the JavaScript runtime: a fresh Worker per run
// (runtime/js-worker.js, loaded on the first JavaScript run, never for the
// first paint), its live events forwarded, one promise settled per run.
// Stop terminates the Workers, which always works; so does a watchdog when
// a Worker stops answering (a loop that never yields to the runtime).
const SILENCE_MS = 10_000;
const running = new Set();

function settleWith(json) {
  return JSON.stringify({ events: [], halted: "stopped", ...json });
}

/** Runs one program; resolves with the runtime's JSON text. */
export function js_run(request, onLive) {
  return new Promise((resolve) => {
    const worker = new Worker(new URL("runtime/js-worker.js", document.baseURI), { type: "module" });
    let heard = performance.now();
    const run = {
      stop(json) {
        clearInterval(watchdog);
        worker.terminate();
        running.delete(run);
        resolve(json);
      },
    };
    running.add(run);
    const watchdog = setInterval(() => {
      if (performance.now() - heard > SILENCE_MS) {
        run.stop(settleWith({ error: `Halted: the program ran ${SILENCE_MS / 1000} s without ever letting the runtime in (a loop that never awaits?)`, halted: "time" }));
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
      run.stop(settleWith({ error: `TracerError: ${event.message || "the JavaScript worker failed"}`, halted: "tracer" }));
    };
  });
}

/** Stops every running program at once; false when nothing was running. */
export function js_stop() {
  if (!running.size) return false;
  for (const run of [...running]) run.stop(settleWith({ error: "Stopped" }));
  return true;
}
