const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let counter = 0;

// no-lock: the same lost update, on a single thread: every call reads
// counter before any of them writes it back
async function increment() {
  const temp = counter;
  await sleep(__delay_ms__); // the other calls run here
  counter = temp + 1;
}

// with-lock: the language has no Lock (in the browser, the Web Locks API's
// navigator.locks.request does this); a promise chain makes one: each
// caller's work starts when the previous caller's has settled
let lastInLine = Promise.resolve();
function withLock(work) {
  const result = lastInLine.then(work);
  lastInLine = result.catch(() => {});
  return result;
}

async function safeIncrement() {
  await withLock(async () => {
    const temp = counter;
    await sleep(__delay_ms__);
    counter = temp + 1;
  });
}

await Promise.all(Array.from({ length: __tasks__ }, increment)); // or: safeIncrement
console.log(`counter = ${counter}`);
