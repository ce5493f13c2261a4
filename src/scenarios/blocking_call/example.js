const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

// JS has no blocking sleep on the main thread: the nearest thing is a
// busy loop, which freezes the event loop (and the page) just the same
function blockingSleep(ms) {
  const end = performance.now() + ms;
  while (performance.now() < end) {}
}

async function heartbeat(signal) {
  for (let n = 0; n < 4; n++) {
    if (n) await sleep(__duration_ms__ / 4, signal); // rejects once aborted
    console.log("♥ heartbeat");
  }
}

// time-sleep: blocks; nothing else runs until it returns
async function badFunction() {
  blockingSleep(__duration_ms__);
  return "done";
}

// asyncio-sleep: a timer; the event loop is free meanwhile
async function goodFunction() {
  await sleep(__duration_ms__);
  return "done";
}

const beat = new AbortController();
heartbeat(beat.signal).catch(() => {}); // its AbortError is expected
const calls = Array.from({ length: __tasks__ }, () => badFunction()); // or: goodFunction()
const results = await Promise.all(calls);
beat.abort(); // like beat.cancel()
