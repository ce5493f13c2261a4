const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function asyncFunction() {
  await sleep(1000);
  return "result";
}

// ❌ await-in-sync: as in Python, `await` outside an async function is a
// SyntaxError: the program does not compile, and nothing runs
function syncFunction() {
  const result = await asyncFunction();
  return result;
}

// ✅ way 1: make the caller async too
async function asyncFunctionWrapper() {
  const result = await asyncFunction();
  return result;
}

// ✅ way 2, asyncio.run(), has no JavaScript twin: nothing can make a plain
// function wait for a promise. The nearest (run-in-sync): call the async
// function and take its value in .then(); the plain function returns at
// once, with a pending Promise, and the value comes 1000 ms later
function syncFunctionThen() {
  return asyncFunction().then((result) => {
    console.log(`then: ${result}`);
    return result;
  });
}

// run-inside-loop: Python's asyncio.run() raises RuntimeError inside a
// running loop. JavaScript has nothing like asyncio.run: every script and
// module already runs inside the one event loop, so calling the plain
// function from async code is no different, and the caller may await what
// it returns
async function asyncCaller() {
  const promise = syncFunctionThen();
  console.log(promise);
  console.log(await promise);
}

console.log(syncFunction()); // or: console.log(syncFunctionThen()), await asyncCaller()
