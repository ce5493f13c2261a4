// One round trip to the database server: the SQL goes over the network
// and the answer comes back (as serverless drivers such as Neon's send
// each query over HTTP). The server is the playground's simulated network:
// db.example.com answers after __db_ms__ ms
const query = (sql) =>
  fetch("https://db.example.com/sql", { method: "POST", body: JSON.stringify({ sql }) });

// A simulated ORM session, shaped like SQLAlchemy's AsyncSession (in Node,
// Prisma, TypeORM or MikroORM play that part). The rows live in an array
// here, not in a real database; every awaited call is one round trip.
// add() and addAll() are synchronous: they only remember objects until
// commit()
class AsyncSession {
  #rows = []; // the committed rows
  #ids = new Map(); // object → its row's id
  #pending = [];

  add(obj) {
    this.#pending.push(obj);
  }

  addAll(objs) {
    this.#pending.push(...objs);
  }

  async commit() {
    await query("INSERT INTO users ...; COMMIT");
    for (const obj of this.#pending.splice(0)) {
      const id = this.#rows.length + 1;
      this.#rows.push({ ...obj, id });
      this.#ids.set(obj, id);
    }
  }

  // reads the object's row again, e.g. to learn its generated id
  async refresh(obj) {
    const id = this.#ids.get(obj);
    await query(`SELECT * FROM users WHERE id = ${id}`);
    Object.assign(obj, this.#rows[id - 1]);
  }

  // the rows the SQL selects (`where` plays its WHERE), as plain objects
  async execute(sql, where = () => true) {
    await query(sql);
    return this.#rows.filter(where).map((row) => ({ ...row }));
  }
}

class User {
  constructor({ username, email, hashedPassword = "..." }) {
    Object.assign(this, { id: null, username, email, hashedPassword });
  }
}

async function getUserById(db, userId) {
  const sql = `SELECT * FROM users WHERE id = ${userId}`;
  const rows = await db.execute(sql, (user) => user.id === userId); // async
  return rows[0] ?? null; // taking the result is synchronous
}

async function createUser(db, username, email) {
  const user = new User({ username, email });
  db.add(user); // synchronous
  await db.commit(); // async
  await db.refresh(user); // async: fills in the generated id
  return user;
}

async function getAllUsers(db) {
  return db.execute("SELECT * FROM users");
}

// crud: 4 round trips
async function crud(db) {
  const user = await createUser(db, "alice", "alice@example.com");
  console.log(`new user id: ${user.id}`);
  await getUserById(db, user.id);
  await getAllUsers(db);
}

// refresh-in-loop (the guide's bulk create): one commit, then one refresh,
// one round trip, per user, in turn
async function bulkCreateUsers(db, usersData) {
  const users = usersData.map((data) => new User(data));
  db.addAll(users);
  await db.commit();
  for (const user of users) {
    await db.refresh(user);
  }
  return users;
}

// one-query: one commit, then one SELECT of all the new rows (many Node
// ORMs even get the generated ids from the INSERT itself, with RETURNING)
async function bulkCreateUsersOneQuery(db, usersData) {
  const users = usersData.map((data) => new User(data));
  db.addAll(users);
  await db.commit();
  const names = new Set(users.map((user) => user.username));
  const sql = "SELECT * FROM users WHERE username IN (...)";
  return db.execute(sql, (row) => names.has(row.username));
}

async function bulk(db, create) {
  const usersData = Array.from({ length: __users__ }, (_, i) => ({
    username: `user${i + 1}`,
    email: `user${i + 1}@example.com`,
  }));
  const users = await create(db, usersData);
  console.log(`created ${users.length} users`);
}

const db = new AsyncSession();
await crud(db); // or: await bulk(db, bulkCreateUsers), await bulk(db, bulkCreateUsersOneQuery)
