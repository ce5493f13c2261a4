// The simulated network the JavaScript listings' fetch() talks to: the same
// answers as the Python side's (py/playground/fakes.py), on the run's timers,
// so a request takes its latency in virtual and in real time alike.
const USERS = { 1: "Alice", 2: "Bob", 3: "Carol", 4: "Dave", 5: "Eve" };
const REASONS = { 200: "OK", 201: "Created", 404: "Not Found", 500: "Internal Server Error" };
const MASK = (1n << 64n) - 1n;

/** Whether the `i`-th request (0-based) of a route fails: the `i`-th
 * splitmix64 draw from `seed`, scaled to [0, 1), is below `rate`. */
export function splitmixFails(seed, i, rate) {
  let z = (BigInt(seed) + BigInt(i + 1) * 0x9e3779b97f4a7c15n) & MASK;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
  z ^= z >> 31n;
  return Number(z >> 11n) / 2 ** 53 < rate;
}

function defaultAnswer(method, url, body) {
  const rest = url.replace(/^[a-z]+:\/\//, "");
  const host = rest.split("/", 1)[0];
  const path = (rest.includes("/") ? `/${rest.split("/").slice(1).join("/")}` : "/").split("?", 1)[0];
  if (["POST", "PUT", "PATCH"].includes(method)) return [200, body ?? {}, null];
  if (host && !host.includes("api") && host !== "localhost" && host.includes(".") && !host.includes("jsonplaceholder")) {
    return [200, null, "<!doctype html><html><body>Example Domain</body></html>"];
  }
  if (/\/followers$/.test(path)) return [200, [2, 3, 5], null];
  if (/\/posts$/.test(path)) return [200, [{ id: 7, title: "Why asyncio" }], null];
  let m = /\/posts\/(\d+)$/.exec(path);
  if (m) return [200, { id: Number(m[1]) }, null];
  m = /\/users\/(\d+)$/.exec(path);
  if (m) {
    const n = Number(m[1]);
    return n >= 100 ? [404, null, null] : [200, { id: n, name: USERS[n] ?? `user${n}` }, null];
  }
  m = /\/users\/([^/]+)$/.exec(path);
  if (m) return [200, { login: m[1] }, null];
  return [200, { url }, null];
}

export class Net {
  constructor(latencyMs, timers) {
    this.latencyMs = latencyMs;
    this.timers = timers;
    this.routes = [];
    this.fetch = this.fetch.bind(this);
    const setTimeout = timers.setTimeoutUnref ?? timers.setTimeout;
    // AbortSignal.timeout on the run's clock (the built-in one uses the
    // browser's own timer, which virtual time never reaches).
    // A function whose prototype is AbortSignal's: `instanceof` still works.
    const Shim = function AbortSignal() {
      throw new TypeError("Illegal constructor");
    };
    Shim.prototype = globalThis.AbortSignal.prototype;
    this.AbortSignal = Object.assign(Shim, {
      timeout(ms) {
        const controller = new AbortController();
        const fire = () => controller.abort(new DOMException("signal timed out", "TimeoutError"));
        fire.__label = "timeout";
        setTimeout(fire, ms);
        return controller.signal;
      },
      abort: (reason) => globalThis.AbortSignal.abort(reason),
      any: (signals) => globalThis.AbortSignal.any(signals),
    });
  }

  /** Answers of every URL containing `match` (the first route wins):
   * { latencyMs, status, json, text, failRate, seed }. */
  route(match, answer = {}) {
    this.routes.push({ match, count: 0, seed: 0, ...answer });
  }

  /** [latency ms, status, body text] of a request. */
  answer(method, url, body) {
    const route = this.routes.find((r) => url.includes(r.match));
    let latency = this.latencyMs;
    let [status, data, text] = defaultAnswer(method, url, body);
    if (route) {
      const index = route.count++;
      if (route.latencyMs != null) latency = route.latencyMs;
      if (route.json !== undefined) [status, data, text] = [200, route.json, null];
      if (route.text != null) [status, data, text] = [200, null, route.text];
      if (route.status != null) status = route.status;
      if (route.failRate != null && splitmixFails(route.seed, index, route.failRate)) status = 500;
    }
    if (status >= 400) [data, text] = [{ error: REASONS[status] ?? "Error" }, null];
    return [latency, status, text ?? JSON.stringify(data)];
  }

  fetch(input, init = {}) {
    const url = String(input?.url ?? input);
    const full = /^[a-z]+:\/\//.test(url) ? url : `https://api.example.com${url.startsWith("/") ? "" : "/"}${url}`;
    const method = String(init.method ?? "GET").toUpperCase();
    let body = null;
    try {
      body = init.body == null ? null : JSON.parse(init.body);
    } catch {
      body = init.body;
    }
    const [latency, status, text] = this.answer(method, full, body);
    const { signal } = init;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const answer = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve(response(full, status, text));
      };
      answer.__label = "fetch";
      const timer = this.timers.setTimeout(answer, latency);
      const onAbort = () => {
        this.timers.clearTimeout(timer);
        reject(signal.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
}

function response(url, status, text) {
  return {
    url,
    status,
    ok: status >= 200 && status < 300,
    statusText: REASONS[status] ?? "",
    headers: new Map([["content-type", text.startsWith("<") ? "text/html" : "application/json"]]),
    async json() {
      return JSON.parse(text);
    },
    async text() {
      return text;
    },
  };
}
