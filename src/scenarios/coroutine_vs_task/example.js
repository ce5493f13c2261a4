const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function sayHello() {
  console.log("Hello");
  await sleep(__delay_ms__);
  console.log("World");
}

// create-task: calling an async function already starts it (it runs
// synchronously up to its first await), so there is no create_task:
// two calls, then two awaits, overlap
async function withTasks() {
  const p1 = sayHello(); // prints "Hello" right now
  const p2 = sayHello(); // prints "Hello" right now
  await p1;
  await p2;
}

// await-in-turn: await each call before making the next one
async function inTurn() {
  await sayHello();
  await sayHello();
}

await withTasks(); // or: await inTurn()
