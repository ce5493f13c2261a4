const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

async function task(n, ms, signal) {
  await sleep(ms, signal);
  return `Task ${n} done`;
}

const durations = [__durations_ms__];

// Promise.race settles with the first promise to settle, but the losers
// keep running: to stop them, they must listen to an AbortSignal
const controller = new AbortController();
const tasks = durations.map((ms, i) => task(i + 1, ms, controller.signal));

const result = await Promise.race(tasks);
controller.abort(); // cancel the rest
tasks.forEach((t) => t.catch(() => {})); // their rejections are expected
console.log(`done: ${result}`);
