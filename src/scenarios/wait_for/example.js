const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

async function slowOperation(signal) {
  await sleep(__operation_ms__, signal);
  return "operation finished";
}

// AbortSignal.timeout aborts with a "TimeoutError" DOMException. Without
// the signal (e.g. Promise.race against a timer) the operation would
// simply go on running after the timeout.
async function fetchWithTimeout() {
  try {
    return await slowOperation(AbortSignal.timeout(__timeout_ms__));
  } catch (e) {
    if (e.name !== "TimeoutError") throw e;
    console.log("operation timed out");
    return null;
  }
}

const result = await fetchWithTimeout();
