// The page's side of real mode's browser I/O (js/real_io.js, minified into
// runtime/real-io.js): imported the first time a real run needs the network,
// IndexedDB or Web Workers, never by the first paint.
let module = null;
/** The module once imported, for the calls that must answer at once. */
let loaded = null;
/** The pool being started, which the pool's jobs wait for. */
let started = null;

function io() {
  module ??= import(new URL("runtime/real-io.js", document.baseURI).href).then((m) => (loaded = m));
  return module;
}

export async function netReady(timeoutMs) {
  try {
    return (await io()).netReady(timeoutMs);
  } catch (error) {
    return `the page could not load its network module: ${error?.message ?? error}`;
  }
}

export async function netFetch(method, url, latencyMs, status, bodyJson, abortKey) {
  return (await io()).netFetch(method, url, latencyMs, status, bodyJson, abortKey);
}

export function netAbort(abortKey) {
  return loaded ? loaded.netAbort(abortKey) : false;
}

export async function dbRoundTrip(name, opJson) {
  return (await io()).dbRoundTrip(name, opJson);
}

export async function dbDelete(name) {
  return (await io()).dbDelete(name);
}

/** Starts the pool; a refusal surfaces in its jobs, not as an unhandled rejection. */
export function cpuPoolStart(workers) {
  const starting = io().then((m) => m.cpuPoolStart(workers));
  started = starting;
  starting.catch(() => {});
  return starting;
}

export async function cpuPoolRun(workMs, label) {
  const m = await io();
  await started;
  return m.cpuPoolRun(workMs, label);
}

/** Stops the pool, even one still being started. */
export function cpuPoolStop() {
  const starting = started;
  started = null;
  // A start still in flight stops once it is done, unless a newer one began.
  starting?.then(() => started === null && loaded?.cpuPoolStop(), () => {});
  return loaded ? loaded.cpuPoolStop() : 0;
}
