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
}

const db = {
  queries: 0,
  async getUser(userId) {
    this.queries++;
    await sleep(__db_ms__);
    return { id: userId, username: "alice" };
  },
};

const cache = new AsyncCache();

async function getUser(userId) {
  const key = `user:${userId}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const user = await db.getUser(userId);
  cache.set(key, user, __ttl_ms__);
  return user;
}

// The usual JS fix for a stampede: cache the promise itself, so later
// readers await the load already in flight instead of starting another.
const inFlight = new Map();

function getUserOnce(userId) {
  const key = `user:${userId}`;
  if (!inFlight.has(key)) {
    inFlight.set(key, getUser(userId).finally(() => inFlight.delete(key)));
  }
  return inFlight.get(key);
}

await Promise.all(Array.from({ length: 10 }, () => getUser(1)));
console.log(`without a lock, database queries: ${db.queries}`); // 10
// await Promise.all(Array.from({ length: 10 }, () => getUserOnce(1))); // 1 query
