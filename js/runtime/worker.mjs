// The JavaScript runtime's Web Worker: one program per Worker. The page
// starts a fresh Worker for every run (nothing a program changes outlives
// it) and terminates it to stop a program, which always works.
//
// Before the program runs, what would let it reach beyond its own run is
// removed from the Worker's global scope and prototypes: storage
// (IndexedDB, Cache Storage), the network APIs, messaging to the page, other
// workers, and the ways to compile code at run time (eval, the Function
// constructors), through which `import()` could load a module from
// anywhere (the instrumenter refuses it in the program's own text). A
// Worker has no DOM and no cookies to begin with.
import { runProgram } from "./runtime.mjs";

const post = self.postMessage.bind(self);

const REMOVED = [
  "indexedDB", "caches", "fetch", "XMLHttpRequest", "WebSocket", "WebTransport", "EventSource",
  "BroadcastChannel", "Worker", "SharedWorker", "importScripts", "postMessage", "close",
  "navigator", "cookieStore", "storage", "FileSystemHandle", "FileSystemDirectoryHandle",
  "Request", "Response", "Headers",
];
// (Only names of the global scope's own prototypes: EventTarget's methods
// stay, AbortSignal needs them; onmessage is cleared once the request came.)

function lockDown() {
  for (const name of REMOVED) {
    for (let object = self; object; object = Object.getPrototypeOf(object)) {
      if (Object.prototype.hasOwnProperty.call(object, name)) {
        try {
          delete object[name];
        } catch {
          // not configurable: shadowed below
        }
      }
    }
    try {
      Object.defineProperty(self, name, { value: undefined, writable: false, configurable: false });
    } catch {
      // already gone for good
    }
  }
  const constructors = [function () {}, async function () {}, function* () {}, async function* () {}].map(
    (f) => Object.getPrototypeOf(f),
  );
  for (const prototype of constructors) {
    Object.defineProperty(prototype, "constructor", { value: undefined, writable: false, configurable: false });
  }
  for (const name of ["eval", "Function"]) {
    Object.defineProperty(self, name, { value: undefined, writable: false, configurable: false });
  }
}

self.onmessage = async (event) => {
  const request = event.data;
  self.onmessage = null;
  lockDown();
  let json;
  try {
    const result = await runProgram(request, {
      scope: self,
      // false only for make bench: the same program without lanes
      instrumented: request.instrumented !== false,
      onLive: (events) => post({ kind: "live", events: JSON.stringify(events) }),
    });
    json = JSON.stringify(result);
  } catch (error) {
    json = JSON.stringify({ events: [], error: `TracerError: ${error?.message ?? error}`, halted: "tracer" });
  }
  post({ kind: "result", json });
};
post({ kind: "ready" });
