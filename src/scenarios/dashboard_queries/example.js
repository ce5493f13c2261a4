const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function getUser(db, userId) {
  await sleep(__user_ms__); // await db.query(...)
  return { id: userId, username: "alice" };
}

async function getUserPosts(db, userId) {
  await sleep(__posts_ms__);
  return [{ id: 101, title: "Hello asyncio" }];
}

async function getUserComments(db, userId) {
  await sleep(__comments_ms__);
  return [{ id: 201, text: "Nice!" }];
}

// sequential: each query waits for the one before
async function fetchDashboardSequential(userId, db) {
  const user = await getUser(db, userId);
  const posts = await getUserPosts(db, userId);
  const comments = await getUserComments(db, userId);
  return { user, posts, comments };
}

// Promise.all: the three promises are already running when it gets them
async function fetchDashboardData(userId, db) {
  const [user, posts, comments] = await Promise.all([
    getUser(db, userId),
    getUserPosts(db, userId),
    getUserComments(db, userId),
  ]);
  return { user, posts, comments };
}

const dashboard = await fetchDashboardSequential(1, null); // or: fetchDashboardData(1, null)
