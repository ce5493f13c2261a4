// The page's service worker (filled in by js/service-worker.mjs at build
// time). The app shell is cached on install; a new build is a new worker,
// which waits until the old one's pages are closed (the page says a new
// version is ready), then deletes the old caches. Pyodide's files are cached
// the first time the page loads them. Everything is same-origin and
// relative to the worker's own folder, so dist/ works under any path.
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

// "Use the new version now" from the page's notice.
self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

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
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  const scope = new URL(self.registration.scope);
  if (!url.pathname.startsWith(scope.pathname)) return;
  const path = url.pathname.slice(scope.pathname.length);
  if (request.mode === 'navigate') {
    event.respondWith(page(request));
  } else if (path.startsWith('runtime/')) {
    event.respondWith(cacheFirst(request, RUNTIME_CACHE));
  } else if (SHELL.includes(path)) {
    event.respondWith(cacheFirst(request, SHELL_CACHE));
  }
});
