const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function task(n, ms) {
  await sleep(ms);
  return `Task ${n} done`;
}

const durations = [__durations_ms__];

// There is no Promise.asCompleted: handle each result in a .then as it
// arrives (every promise is already running anyway)
const results = [];
await Promise.all(
  durations.map((ms, i) =>
    task(i + 1, ms).then((result) => {
      console.log(`done: ${result}`);
      results.push(result);
    }),
  ),
);
