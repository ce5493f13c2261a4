const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// A simulated database server: a query takes __db_ms__ ms.
// An async driver sends it over the network and awaits the answer (the
// playground's simulated network: db.example.com answers after
// __db_ms__ ms); the loop is free meanwhile
async function findUser(id) {
  const sql = `SELECT * FROM users WHERE id = ${id}`;
  await fetch("https://db.example.com/sql", { method: "POST", body: JSON.stringify({ sql }) });
  return { id, name: `user${id}` };
}

// A blocking driver (a synchronous client) waits without giving the loop
// back: a busy wait of __db_ms__ ms here, as JavaScript has no blocking sleep
function findUserBlocking(id) {
  const end = performance.now() + __db_ms__;
  while (performance.now() < end) {}
  return { id, name: `user${id}` };
}

// async-route: the handler awaits the query; the loop serves the other
// requests meanwhile
async function getUser(req) {
  const user = await findUser(req.params.id);
  return user;
}

// blocking-route: an async handler calling a blocking driver holds the
// loop: every request waits for the ones before it
async function getUserBlocking(req) {
  const user = findUserBlocking(req.params.id);
  return user;
}

// thread-pool: FastAPI runs a plain `def` route in a pool of threads; Node
// runs every handler on its one thread (libuv's pool, UV_THREADPOOL_SIZE=4
// by default, only serves Node's own fs, dns.lookup, crypto and zlib
// calls). The nearest is to hand the blocking call to a pool of worker
// threads (worker_threads, e.g. with Piscina). This sandbox has no Worker:
// WorkerPool is the playground runtime's stand-in (simulated, not real
// threads), which runs the call on a worker's own clock, so its busy wait
// does not hold the loop, and queues calls for its __threads__ workers
const pool = new WorkerPool(__threads__);
async function getUserInPool(req) {
  const user = await pool.run(findUserBlocking, req.params.id);
  return user;
}

// A simulated server, Express-style: app.get() sets a route's handler.
// The requests all arrive at once; like Node's http server, it runs each
// one's handler in an event (a macrotask) of its own, and logs each request
// once it is answered
const routes = new Map();
const app = { get: (path, handler) => routes.set(path, handler) };

async function serve(id) {
  await sleep(0); // the request's own event
  const req = { method: "GET", url: `/users/${id}`, params: { id } };
  const user = await routes.get("/users/:id")(req);
  console.log(`"${req.method} ${req.url} HTTP/1.1" 200`);
  return user;
}

app.get("/users/:id", getUser); // or: getUserBlocking, getUserInPool
const ids = Array.from({ length: __requests__ }, (_, i) => i + 1);
await Promise.all(ids.map(serve));
