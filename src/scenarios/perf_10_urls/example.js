const BASE = "https://jsonplaceholder.typicode.com";
const urls = Array.from({ length: __urls__ }, (_, i) => `${BASE}/posts/${i + 1}`);

// one by one: each await finishes before the next fetch starts
async function fetchAllInTurn(urls) {
  const results = [];
  for (const url of urls) {
    const response = await fetch(url);
    results.push(await response.json());
  }
  return results;
}

// all at once: fetch() sends every request immediately; Promise.all waits
async function fetchAll(urls) {
  const responses = await Promise.all(urls.map((url) => fetch(url)));
  return Promise.all(responses.map((r) => r.json()));
}

let start = performance.now();
await fetchAllInTurn(urls);
console.log(`in turn: ${((performance.now() - start) / 1000).toFixed(2)} s`);

start = performance.now();
await fetchAll(urls);
console.log(`all at once: ${((performance.now() - start) / 1000).toFixed(2)} s`);
// (a synchronous XMLHttpRequest, deprecated on the main thread, would
// freeze the page the way requests.get freezes Python's event loop)
