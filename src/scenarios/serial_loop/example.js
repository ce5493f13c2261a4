const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function fetchData(i) {
  await sleep(__latency_ms__); // await fetch(`/data/${i}`)
  return `data ${i}`;
}

// ❌ slow: each await finishes before the loop goes on
async function slow() {
  const results = [];
  for (let i = 0; i < __items__; i++) {
    results.push(await fetchData(i));
  }
  return results;
}

// ✅ fast: calling fetchData() already starts it (promises are eager);
// Promise.all only waits for them
async function fast() {
  const promises = Array.from({ length: __items__ }, (_, i) => fetchData(i));
  return Promise.all(promises);
}

const start = performance.now();
const results = await slow(); // or: await fast()
console.log(`total: ${Math.round(performance.now() - start)} ms`);
