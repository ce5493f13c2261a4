const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function task(n, ms) {
  await sleep(ms);
  return `Task ${n} done`;
}

async function failingTask(ms) {
  await sleep(ms);
  throw new Error("task failed");
}

const durations = [__durations_ms__];

// all-succeed: Promise.all keeps argument order, like gather
async function allSucceed() {
  const results = await Promise.all(durations.map((ms, i) => task(i + 1, ms)));
  console.log(results); // [ 'Task 1 done', 'Task 2 done', 'Task 3 done' ]
  return results;
}

// one-fails: Promise.all rejects at the first rejection; the other
// promises keep running (a promise cannot be cancelled at all)
async function oneFails() {
  const promises = durations.map((ms, i) => task(i + 1, ms));
  promises.push(failingTask(__fail_ms__));
  try {
    return await Promise.all(promises);
  } catch (e) {
    console.log(`Promise.all rejected: ${e.message}`);
    await Promise.allSettled(promises); // the others are still running
    return null;
  }
}

// return-exceptions: Promise.allSettled never rejects; each entry is
// { status: "fulfilled", value } or { status: "rejected", reason }
async function returnExceptions() {
  const results = await Promise.allSettled([
    ...durations.map((ms, i) => task(i + 1, ms)),
    failingTask(__fail_ms__),
  ]);
  console.log(results); // [ ..., { status: 'rejected', reason: Error: task failed } ]
  return results;
}

const results = await allSucceed(); // or: await oneFails(), await returnExceptions()
