const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function sayHello() {
  console.log("Hello");
  await sleep(__delay_ms__);
  console.log("World");
}

// JavaScript has neither 方式 1 nor 方式 2 (nor an asyncio.Runner): the
// event loop belongs to the browser (or Node) and is always running.
// Calling an async function starts it; a module's top-level await waits
// for it, as asyncio.run would. Before top-level await, a script only
// called it: the script ended at once, and the loop, still running,
// printed World later.
await sayHello(); // or, the old way: sayHello();
