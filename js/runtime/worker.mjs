// The JavaScript runtime's Web Worker: one program per Worker. The page
// starts a fresh Worker for every run (nothing a program changes outlives
// it) and terminates it to stop a program, which always works.
//
// Before the program runs, what would let it reach beyond its own run is
// removed from the Worker's global scope and prototypes: storage
// (IndexedDB, Cache Storage), the network, messaging to the page, other
// workers. A Worker has no DOM and no cookies to begin with.
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
