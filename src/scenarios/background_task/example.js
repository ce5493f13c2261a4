const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

// A promise cannot be cancelled: the task has to take an AbortSignal and
// check it (here: the sleep rejects when the signal aborts)
async function backgroundTask(signal) {
  while (true) {
    console.log("background task running...");
    await sleep(__interval_ms__, signal);
  }
}

const controller = new AbortController();
const task = backgroundTask(controller.signal); // already running

await sleep(__run_ms__); // do other things

controller.abort(); // reason: an AbortError DOMException
try {
  await task;
} catch (e) {
  console.log(`${e.name}: background task cancelled`);
}
