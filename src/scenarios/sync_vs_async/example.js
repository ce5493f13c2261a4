const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function fetchUser(userId) {
  await sleep(__latency_ms__); // await fetch(`/users/${userId}`)
  return userId;
}

const ids = Array.from({ length: __users__ }, (_, i) => i + 1);

// serial: one request after another
async function serial() {
  const results = [];
  for (const id of ids) results.push(await fetchUser(id));
  return results;
}

// concurrent: every request starts at once (a JS promise runs eagerly,
// so calling fetchUser() already sends the request; Promise.all only waits)
async function concurrent() {
  return Promise.all(ids.map(fetchUser));
}

const start = performance.now();
const results = await serial(); // or: await concurrent()
console.log(`total: ${Math.round(performance.now() - start)} ms`);
