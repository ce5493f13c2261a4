const BASE = "https://jsonplaceholder.typicode.com";
const urls = Array.from({ length: __urls__ }, (_, i) => `${BASE}/posts/${i + 1}`);

// sync: one by one, each await finishes before the next fetch starts
// (a synchronous XMLHttpRequest, deprecated on the main thread, would
// also freeze the page, the way requests.get freezes Python's event loop)
async function fetchAllInTurn(urls) {
  const results = [];
  for (const url of urls) {
    const response = await fetch(url); // answers after __latency_ms__ ms
    results.push(await response.json());
  }
  return results;
}

// async: all at once, fetch() sends every request immediately; Promise.all waits
async function fetchAll(urls) {
  const responses = await Promise.all(urls.map((url) => fetch(url)));
  return Promise.all(responses.map((r) => r.json()));
}

async function timed(label, fetchAllUrls) {
  const start = performance.now();
  const results = await fetchAllUrls(urls);
  console.log(`${label}: ${((performance.now() - start) / 1000).toFixed(2)} s`);
  return results;
}

await timed("in turn", fetchAllInTurn); // or: await timed("all at once", fetchAll)
