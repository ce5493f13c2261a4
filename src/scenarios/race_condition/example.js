const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let counter = 0;

// no-lock: the same lost update, on a single thread: every call reads
// counter before any of them writes it back
async function increment() {
  const temp = counter;
  await sleep(__delay_ms__); // the other calls run here
  counter = temp + 1;
}

// with-lock: no Lock in the language; in the browser the Web Locks API
// serialises callbacks that ask for the same name
async function safeIncrement() {
  await navigator.locks.request("counter", async () => {
    const temp = counter;
    await sleep(__delay_ms__);
    counter = temp + 1;
  });
}

await Promise.all(Array.from({ length: __tasks__ }, increment)); // or: safeIncrement
console.log(`counter = ${counter}`);
