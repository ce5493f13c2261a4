const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// JS has no built-in semaphore: a minimal FIFO one
function semaphore(limit) {
  let free = limit;
  const waiting = [];
  return async function withPermit(work) {
    if (free > 0) free--;
    else await new Promise((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next(); // hand the permit straight to the next in line
      else free++;
    }
  };
}

async function rateLimitedFetch(urls, maxConcurrent = 5) {
  const withPermit = semaphore(maxConcurrent);
  const fetchWithLimit = (url, i) =>
    withPermit(async () => {
      await sleep(__latency_ms__); // await fetch(url)
      return i;
    });
  const results = await Promise.all(urls.map(fetchWithLimit));
  console.log(`requests done: ${results.length}`);
  return results;
}

const urls = Array.from({ length: __urls__ }, (_, i) => `https://api.example.com/item/${i}`);
const results = await rateLimitedFetch(urls, __max_concurrent__);
