const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class AsyncDatabaseConnection {
  static async connect() {
    console.log("connecting to the database...");
    await sleep(__connect_ms__);
    return new AsyncDatabaseConnection();
  }

  async close() {
    console.log("closing the database connection...");
    await sleep(__close_ms__);
  }

  async query(sql) {
    console.log(`running query: ${sql}`);
    await sleep(__query_ms__);
    return "result";
  }
}

// try/finally plays the part of `async with`
// (newer engines also have `await using` with Symbol.asyncDispose)
async function main() {
  const db = await AsyncDatabaseConnection.connect();
  try {
    const result = await db.query("SELECT * FROM users");
    // error-inside: throw new Error("failed to process the result");
    console.log(result);
    return result;
  } finally {
    await db.close(); // runs on return and on throw
  }
}

await main();
