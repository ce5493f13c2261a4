// The page's side of the JavaScript runtime: a fresh Worker per run
// (runtime/js-worker.js, loaded on the first JavaScript run, never for the
// first paint), its live events forwarded, one promise settled per run.
// Stop terminates the Workers of one group (the page's run, or the
// comparison beside it), which always works; so does a watchdog when a
// Worker stops answering (a loop that never yields to the runtime; a
// running program's Worker says it is alive at least once a second).
const SILENCE_MS = 10_000;
const running = new Set();

function settleWith(json) {
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

/** Stops the group's running programs at once; false when none was running. */
export function js_stop(group) {
  const stopped = [...running].filter((run) => run.group === group);
  for (const run of stopped) run.stop(settleWith({ error: "Stopped" }));
  return stopped.length > 0;
}
