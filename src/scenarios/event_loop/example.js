const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function sayHello() {
  console.log("Hello");
  await sleep(__delay_ms__);
  console.log("World");
}

// JavaScript has neither 方式 1 nor 方式 2: the event loop belongs to the
// browser (or Node) and is always running. Calling an async function
// starts it; a module's top-level await waits for it.
await sayHello();
