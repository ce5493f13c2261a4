// The Python runtime's Web Worker: loads Pyodide once (reporting the bytes
// fetched), installs the project's tracer, and runs one program per
// message. It stays alive between runs; the page terminates it to stop a
// program that does not yield, and starts a fresh one for the next run.
import { loadPyodide } from "./pyodide/pyodide.mjs";

const post = (message) => self.postMessage(message);

/** fetch, counting the body's bytes as they arrive, for the loading bar. */
function countingFetch(manifest) {
  const realFetch = self.fetch.bind(self);
  const total = Object.values(manifest.sizes).reduce((a, b) => a + b, 0);
  let loaded = 0;
  const report = () => post({ kind: "progress", phase: "download", loaded, total });
  return async (input, init) => {
    const response = await realFetch(input, init);
    if (!response.body) return response;
    const counter = new TransformStream({
      transform(chunk, controller) {
        loaded += chunk.byteLength;
        report();
        controller.enqueue(chunk);
      },
    });
    return new Response(response.body.pipeThrough(counter), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

async function boot() {
  const base = new URL("./", import.meta.url);
  const manifest = await (await fetch(new URL("manifest.json", base))).json();
  self.fetch = countingFetch(manifest);
  const pyodide = await loadPyodide({
    indexURL: new URL("pyodide/", base).href,
    stdout: () => {},
    stderr: () => {},
  });
  post({ kind: "progress", phase: "starting" });
  pyodide.FS.mkdirTree("/home/pyodide/playground");
  for (const name of Object.keys(manifest.sizes).filter((n) => n.startsWith("playground/"))) {
    const text = await (await fetch(new URL(name, base))).text();
    pyodide.FS.writeFile(`/home/pyodide/${name}`, text);
  }
  pyodide.runPython("import sys\nsys.path.insert(0, '/home/pyodide')\nimport playground.worker");
  post({ kind: "ready", version: pyodide.runPython("import sys; sys.version.split()[0]") });
  return pyodide;
}

const booting = boot().catch((error) => {
  post({ kind: "fatal", message: `Python could not start: ${error && error.message ? error.message : error}` });
  throw error;
});

self.onmessage = async (event) => {
  const request = event.data;
  let pyodide;
  try {
    pyodide = await booting;
  } catch {
    return;
  }
  const run = pyodide.globals.get("__import__")("playground.worker").worker.run_for_page;
  try {
    const json = run(
      request.source,
      request.mode,
      request.entry ?? undefined,
      request.setup ?? undefined,
      request.latency_ms ?? 500,
      (events) => post({ kind: "live", id: request.id, events }),
    );
    post({ kind: "result", id: request.id, json });
  } catch (error) {
    post({ kind: "result", id: request.id, json: JSON.stringify({ events: [], error: `TracerError: ${error.message}`, halted: "tracer" }) });
  } finally {
    run.destroy?.();
  }
};
