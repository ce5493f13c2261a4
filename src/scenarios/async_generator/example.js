const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- async-range: an async generator function, as in Python ----
async function* asyncRange(start, stop) {
  for (let i = start; i < stop; i++) {
    await sleep(__step_ms__); // simulate async work
    yield i;
  }
}

async function main() {
  for await (const number of asyncRange(0, __count__)) {
    console.log(number);
  }
}

// ---- paginated ----
const db = {
  queries: 0,
  async execute(offset, limit) {
    this.queries++;
    await sleep(__page_ms__);
    const end = Math.min(offset + limit, __total_users__);
    return Array.from({ length: Math.max(end - offset, 0) }, (_, i) => ({
      username: `user_${offset + i + 1}`,
    }));
  },
};

async function* fetchUsersPaginated(db, pageSize = __page_size__) {
  for (let offset = 0; ; offset += pageSize) {
    const users = await db.execute(offset, pageSize);
    if (users.length === 0) return; // no more data: stop
    yield* users; // hand out the users one by one
  }
}

async function processAllUsers(db) {
  let processed = 0;
  for await (const user of fetchUsersPaginated(db)) {
    console.log(`processing user: ${user.username}`);
    processed++;
  }
  console.log(`users processed: ${processed}, queries: ${db.queries}`);
  return { processed, queries: db.queries };
}

await main(); // or: await processAllUsers(db)
