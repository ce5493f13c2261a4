//! 异步数据库操作; 示例 3 — SQLAlchemy's `AsyncSession`: every `await` on
//! the session is one round trip to the database, `add` is not. In real
//! time the rows really go into the browser's IndexedDB, one transaction per
//! round trip.
use std::cell::RefCell;
use std::rc::Rc;

use serde_json::{json, Value};

use crate::engine::{Coro, Database, Exc};
use crate::scenarios::RunCtx;

/// A `users` row (`models.user.User`): the id is the database's to give.
#[derive(Clone)]
struct User {
    id: i64,
    username: String,
    email: String,
}

/// `AsyncSession`, simulated: the table lives here (ids from 1 in a fresh
/// database), the round trips are [`Database`]'s.
struct AsyncSession {
    db: Database,
    table: Rc<RefCell<Vec<User>>>,
    /// Added with `add`/`add_all`, written by the next `commit`.
    pending: Rc<RefCell<Vec<User>>>,
}

impl AsyncSession {
    /// `async with async_session() as db:` (connecting costs no round trip).
    fn open(ctx: &RunCtx) -> Self {
        let db = Database::open(&ctx.lp, "async-playground-database", ctx.ms("db_ms"));
        AsyncSession {
            db,
            table: Rc::default(),
            pending: Rc::default(),
        }
    }

    /// `db.add(user)` / `db.add_all(users)`: synchronous, nothing is sent.
    fn add_all(&self, users: &[User]) {
        self.pending.borrow_mut().extend_from_slice(users);
    }

    /// `await db.commit()`: one round trip writes the added rows, which get
    /// their ids.
    async fn commit(&self) -> Result<Vec<i64>, Exc> {
        let mut rows = std::mem::take(&mut *self.pending.borrow_mut());
        let first = self.table.borrow().len() as i64 + 1;
        for (id, row) in (first..).zip(rows.iter_mut()) {
            row.id = id;
        }
        let sent: Vec<Value> = rows
            .iter()
            .map(|u| json!({"username": u.username, "email": u.email}))
            .collect();
        self.db
            .round_trip("db.commit()", json!({"op": "add", "rows": sent}))
            .await?;
        let ids = rows.iter().map(|u| u.id).collect();
        self.table.borrow_mut().extend(rows);
        Ok(ids)
    }

    /// `await db.refresh(user)`: one round trip reads the row back.
    async fn refresh(&self, id: i64) -> Result<User, Exc> {
        self.db
            .round_trip("db.refresh(user)", json!({"op": "get", "id": id}))
            .await?;
        self.row(id)
            .ok_or_else(|| Exc::new("InvalidRequestError", "Could not refresh instance"))
    }

    /// `await db.execute(select(User).where(User.id.in_(ids)))`, or every
    /// row without `ids`: one round trip.
    async fn select(&self, ids: Option<&[i64]>) -> Result<Vec<User>, Exc> {
        let (call, op) = match ids {
            Some([id]) => (
                "db.execute(select(User).where(User.id == …))",
                json!({"op": "get", "id": id}),
            ),
            Some(ids) => (
                "db.execute(select(User).where(… in_ …))",
                json!({"op": "getMany", "ids": ids}),
            ),
            None => ("db.execute(select(User))", json!({"op": "getAll"})),
        };
        self.db.round_trip(call, op).await?;
        let table = self.table.borrow();
        Ok(table
            .iter()
            .filter(|u| ids.is_none_or(|ids| ids.contains(&u.id)))
            .cloned()
            .collect())
    }

    fn row(&self, id: i64) -> Option<User> {
        self.table.borrow().iter().find(|u| u.id == id).cloned()
    }
}

fn new_user(username: String, email: String) -> User {
    User {
        id: 0,
        username,
        email,
    }
}

/// `async def get_user_by_id(db, user_id)`: `execute` is awaited;
/// `scalar_one_or_none()` is not.
async fn get_user_by_id(db: &AsyncSession, user_id: i64) -> Result<Option<User>, Exc> {
    Ok(db.select(Some(&[user_id])).await?.into_iter().next())
}

/// `async def create_user(db, username, email)`: add, commit, refresh.
async fn create_user(db: &AsyncSession, username: &str, email: &str) -> Result<User, Exc> {
    let user = new_user(username.into(), email.into());
    db.add_all(&[user]); // db.add(user): 同步
    let ids = db.commit().await?; // await db.commit()
    db.refresh(ids[0]).await // await db.refresh(user): 获取生成的 ID
}

/// `async def get_all_users(db)`.
async fn get_all_users(db: &AsyncSession) -> Result<Vec<User>, Exc> {
    db.select(None).await
}

/// `async def bulk_create_users(db, users_data)` (示例 3): `refresh-in-loop`
/// refreshes each user in turn as the guide writes it; `one-query` reads
/// every new row back with one select.
async fn bulk_create_users(ctx: &RunCtx, db: &AsyncSession) -> Result<Vec<User>, Exc> {
    let users: Vec<User> = (1..=ctx.int("users"))
        .map(|i| new_user(format!("user{i}"), format!("user{i}@example.com")))
        .collect();
    db.add_all(&users); // 批量添加
    let ids = db.commit().await?; // 提交
    match ctx.variant {
        "refresh-in-loop" => {
            let mut refreshed = Vec::new();
            for id in ids {
                refreshed.push(db.refresh(id).await?); // one round trip per user
            }
            Ok(refreshed)
        }
        _ => db.select(Some(&ids)).await,
    }
}

pub fn main(ctx: &RunCtx) -> Coro {
    let ctx = ctx.clone();
    Coro::new("main()", async move {
        // async with async_session() as db: the session closes (and a real
        // database is deleted) when `db` is dropped, however main ends.
        let db = AsyncSession::open(&ctx);
        match ctx.variant {
            "crud" => crud(&ctx, &db).await,
            _ => {
                let users = bulk_create_users(&ctx, &db).await;
                users.map(|users| {
                    let made = users.len();
                    ctx.lp.print(ctx.tr(
                        &format!("创建了 {made} 个用户"),
                        &format!("created {made} users"),
                    ));
                    json!(users.iter().map(|u| u.id).collect::<Vec<_>>())
                })
            }
        }
    })
}

/// `crud`: create a user, read it back by id, then read every user.
async fn crud(ctx: &RunCtx, db: &AsyncSession) -> Result<Value, Exc> {
    let user = create_user(db, "alice", "alice@example.com").await?;
    ctx.lp.print(ctx.tr(
        &format!("新用户的 id: {}", user.id),
        &format!("new user id: {}", user.id),
    ));
    let found = get_user_by_id(db, user.id).await?;
    let users = get_all_users(db).await?;
    Ok(json!([found.map(|u| u.username), users.len()]))
}
