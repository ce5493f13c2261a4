const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

// CPU-bound work (resizing an image, encoding a video...): a busy loop of
// __work_ms__ ms. It never awaits, so wherever it runs, it holds that thread
function crunch(job) {
  const end = performance.now() + __work_ms__;
  while (performance.now() < end) {}
  return `job ${job} done`;
}

async function heartbeat(signal) {
  for (let n = 0; n < 4; n++) {
    if (n) await sleep(__work_ms__ / 4, signal); // rejects once aborted
    console.log("♥ heartbeat");
  }
}

// in-loop: async does not make CPU work concurrent: the one thread runs
// the jobs one after another, and nothing else runs meanwhile
async function inLoop(job) {
  return crunch(job);
}

// process-pool: run the work on other threads, as Python's process pool
// does on other processes: in the browser Web Workers, in Node
// worker_threads (e.g. a Piscina pool). This sandbox has no Worker:
// WorkerPool is the runtime's stand-in (simulated, not real threads), which
// runs crunch on a worker's own clock, so its busy loop does not hold the
// event loop, and queues the jobs for its __workers__ workers
const pool = new WorkerPool(__workers__);
async function inWorker(job) {
  return pool.run(crunch, job);
}

const beat = new AbortController();
heartbeat(beat.signal).catch(() => {}); // its AbortError is expected
const jobs = Array.from({ length: __jobs__ }, (_, i) => inLoop(i + 1)); // or: inWorker(i + 1)
const results = await Promise.all(jobs);
beat.abort();
