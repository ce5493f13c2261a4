const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// One thread and no await inside get/set: a Map needs no lock in JS.
class AsyncCache {
  #cache = new Map(); // key -> { value, expireTime }

  get(key) {
    const entry = this.#cache.get(key);
    if (entry && Date.now() < entry.expireTime) return entry.value;
    this.#cache.delete(key);
    return undefined;
  }

  set(key, value, ttlMs = 60_000) {
    this.#cache.set(key, { value, expireTime: Date.now() + ttlMs });
  }

  clear() {
    this.#cache.clear();
  }
}

// Stands in for the database: each query takes __db_ms__ ms.
class FakeDB {
  queries = 0;

  async getUser(userId) {
    this.queries++;
    await sleep(__db_ms__); // await db.query(...)
    return { id: userId, username: "alice" };
  }
}

const cache = new AsyncCache();

async function getUser(userId, db) {
  // the cache first
  const key = `user:${userId}`;
  const cached = cache.get(key);
  if (cached) {
    console.log(`${key} cache hit`);
    return cached;
  }
  // then the database
  console.log(`${key} cache miss, querying the database`);
  const user = await db.getUser(userId);
  cache.set(key, user, __ttl_ms__);
  return user;
}

// ---- ttl: miss, hit, then miss again once the entry has expired ----
async function timedRead(db) {
  const start = performance.now();
  const user = await getUser(1, db);
  console.log(`getUser(1, db): ${Math.round(performance.now() - start)} ms`);
  return user;
}

async function ttlDemo() {
  const db = new FakeDB();
  await timedRead(db); // miss
  await timedRead(db); // hit
  await sleep(__ttl_ms__); // the entry expires
  return timedRead(db); // miss
}

// ---- stampede: 10 readers at once on a cold cache ----
// The usual JS fix: cache the promise itself, so later readers await the
// load already in flight instead of starting another.
const inFlight = new Map();

function getUserOnce(userId, db) {
  const key = `user:${userId}`;
  if (!inFlight.has(key)) {
    inFlight.set(key, getUser(userId, db).finally(() => inFlight.delete(key)));
  }
  return inFlight.get(key);
}

async function stampedeDemo() {
  let db = new FakeDB();
  await Promise.all(Array.from({ length: 10 }, () => getUser(1, db)));
  console.log(`without a lock, database queries: ${db.queries}`); // 10: every reader missed
  const withoutLock = db.queries;

  cache.clear();
  db = new FakeDB();
  await Promise.all(Array.from({ length: 10 }, () => getUserOnce(1, db)));
  console.log(`one load in flight per key, database queries: ${db.queries}`); // 1
  return { withoutLock, oneLoad: db.queries };
}

await ttlDemo(); // or: await stampedeDemo()
