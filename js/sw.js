// The page's service worker (filled in by js/service-worker.mjs at build
// time). The app shell is cached on install; a new build is a new worker,
// which waits until the old one's pages are closed (the page says a new
// version is ready), then deletes the old caches. Pyodide's files are cached
// the first time the page loads them. Everything is same-origin and
// relative to the worker's own folder, so dist/ works under any path.
// It is also the simulated network of real mode (js/real_io.js): requests
// under <scope>net/ are answered here, after their latency, never by the
// network and never cached.
const SHELL_VERSION = '__SHELL_VERSION__';
const RUNTIME_VERSION = '__RUNTIME_VERSION__';
const SHELL = ['__SHELL__'];
const SHELL_CACHE = `async-playground-shell-${SHELL_VERSION}`;
const RUNTIME_CACHE = `async-playground-runtime-${RUNTIME_VERSION}`;
const OURS = 'async-playground-';

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith(OURS) && key !== SHELL_CACHE && key !== RUNTIME_CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

// "Use the new version now" from the page's notice; "claim" from real mode
// when the page is not controlled although this worker is active (a
// shift-reload bypasses the worker, and activate's claim happened earlier).
self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
  if (event.data === 'claim') event.waitUntil(self.clients.claim());
});

// ---------------------------------------------------------------- net/

// A fetch event must be answered in minutes, or the browser kills the worker.
const NET_MAX_LATENCY_MS = 120000;
// X-Async-Playground is what the page's probe (netReady, on net-probe)
// looks for: an older worker or a static server answers, but without it.
const NET_HEADERS = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'X-Async-Playground': 'simulated' };
// Statuses whose response must have no body (the Response constructor throws).
const NET_NULL_BODY = [204, 205, 304];

/**
 * What the simulated network answers to `method` on `net/<rest>` with the
 * query `search` ("?latency=ms&status=code&…"), the request's body text
 * being `bodyText`: { delay, status, body, url }. The simulated URL is
 * https://<rest> with the query minus latency and status. GET and HEAD get
 * {"url": that URL}; any other method gets its body back. Status 0 means a
 * network error (the page's fetch rejects); a status outside 200–599 is
 * answered 400 with {"error": …}. Pure, so tests/js/real_io.test.mjs runs it.
 */
function netAnswer(rest, search, method, bodyText) {
  // The page appends latency and status last; the URL's own query is kept
  // byte for byte (its own latency or status parameters, if any, are lost).
  const parts = search.replace(/^\?/, '').split('&').filter((part) => part !== '');
  const ours = (name) => parts.filter((part) => part.startsWith(`${name}=`)).map((part) => part.slice(name.length + 1));
  const latency = Number(ours('latency').at(-1));
  const delay = Number.isFinite(latency) ? Math.min(Math.max(latency, 0), NET_MAX_LATENCY_MS) : 0;
  const asked = ours('status').at(-1);
  const wanted = asked === undefined ? 200 : /^\d{1,3}$/.test(asked) ? Number(asked) : NaN;
  const query = parts.filter((part) => !/^(latency|status)=/.test(part)).join('&');
  const url = `https://${rest}${query ? `?${query}` : ''}`;
  if (!(wanted === 0 || (Number.isInteger(wanted) && wanted >= 200 && wanted <= 599))) {
    return { delay, status: 400, body: JSON.stringify({ error: `status must be 0 or 200-599, not ${asked}` }), url };
  }
  const body = NET_NULL_BODY.includes(wanted)
    ? null
    : method === 'GET' || method === 'HEAD'
      ? JSON.stringify({ url })
      : bodyText || 'null';
  return { delay, status: wanted, body, url };
}

/** Waits `ms`, or less when the page aborts the request (its signal). */
function netDelay(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** The simulated answer to a request on net/<rest>, after its latency. */
async function netRespond(request, rest) {
  const bodyText = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
  const answer = netAnswer(rest, new URL(request.url).search, request.method, bodyText);
  await netDelay(answer.delay, request.signal);
  if (answer.status === 0 || request.signal?.aborted) return Response.error();
  return new Response(answer.body, { status: answer.status, headers: NET_HEADERS });
}

/** The cached answer, else the network's (kept in `cacheName`). */
async function cacheFirst(request, cacheName) {
  const cached = await caches.match(request, { ignoreSearch: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(cacheName);
    await cache.put(request, response.clone());
  }
  return response;
}

/** The page itself: the network's when it answers, else the cached shell. */
async function page(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const cached = await caches.match('./', { ignoreSearch: true });
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const scope = new URL(self.registration.scope);
  if (!url.pathname.startsWith(scope.pathname)) return;
  const path = url.pathname.slice(scope.pathname.length);
  // net/ takes any method (POSTs are simulated too); the rest only GETs.
  if (path.startsWith('net/')) {
    event.respondWith(netRespond(request, path.slice('net/'.length)));
  } else if (path === 'net-probe') {
    event.respondWith(new Response('{}', { headers: NET_HEADERS }));
  } else if (request.method !== 'GET') {
    return;
  } else if (request.mode === 'navigate') {
    event.respondWith(page(request));
  } else if (path.startsWith('runtime/')) {
    event.respondWith(cacheFirst(request, RUNTIME_CACHE));
  } else if (SHELL.includes(path)) {
    event.respondWith(cacheFirst(request, SHELL_CACHE));
  }
});
