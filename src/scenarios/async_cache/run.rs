//! 示例 5 — the guide's `AsyncCache` in front of a slow database: a hit
//! costs nothing, an entry expires after its TTL, and ten cold reads at once
//! all miss unless a per-key lock lets only the first one load.
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use serde_json::{json, Value};

use crate::engine::{Coro, EventLoop, Exc, Lock};
use crate::format::fmt_ms;
use crate::scenarios::RunCtx;

/// Readers that ask for the same user at the same moment (stampede).
pub const READERS: usize = 10;

/// `class AsyncCache`: a dict of (value, expire_time), guarded by one
/// `asyncio.Lock` so `get` and `set` never interleave.
#[derive(Clone)]
struct AsyncCache {
    lp: EventLoop,
    cache: Rc<RefCell<HashMap<String, (Value, f64)>>>,
    lock: Lock,
}

impl AsyncCache {
    fn new(lp: &EventLoop) -> Self {
        AsyncCache {
            lp: lp.clone(),
            cache: Rc::default(),
            lock: Lock::new(lp),
        }
    }

    /// `async def get(self, key)`: the value, or None if missing or expired
    /// (an expired entry is deleted).
    async fn get(&self, key: &str) -> Result<Option<Value>, Exc> {
        let _locked = self.lock.acquire().await?;
        let mut cache = self.cache.borrow_mut();
        if let Some((value, expire_time)) = cache.get(key) {
            if self.lp.now() < *expire_time {
                return Ok(Some(value.clone()));
            }
            cache.remove(key);
        }
        Ok(None)
    }

    /// `async def set(self, key, value, ttl)`.
    async fn set(&self, key: &str, value: Value, ttl_ms: f64) -> Result<(), Exc> {
        let _locked = self.lock.acquire().await?;
        let expire_time = self.lp.now() + ttl_ms;
        self.cache
            .borrow_mut()
            .insert(key.to_string(), (value, expire_time));
        Ok(())
    }
}

/// The simulated database: each query takes `db_ms`, and it counts them.
#[derive(Clone)]
struct Db {
    lp: EventLoop,
    ms: f64,
    queries: Rc<Cell<usize>>,
}

impl Db {
    fn new(ctx: &RunCtx) -> Self {
        Db {
            lp: ctx.lp.clone(),
            ms: ctx.ms("db_ms"),
            queries: Rc::default(),
        }
    }

    /// `await db.execute(select(User).where(User.id == user_id))`.
    async fn get_user(&self, user_id: i64) -> Result<Value, Exc> {
        self.queries.set(self.queries.get() + 1);
        self.lp.sleep(self.ms).await?;
        Ok(json!({ "id": user_id, "username": "alice" }))
    }
}

/// `async def get_user(user_id, db)`: the cache first, the database on a
/// miss, then the cache is filled for `ttl_ms`.
async fn get_user(ctx: &RunCtx, cache: &AsyncCache, db: &Db, user_id: i64) -> Result<Value, Exc> {
    let cache_key = format!("user:{user_id}");
    if let Some(cached) = cache.get(&cache_key).await? {
        ctx.lp
            .print(format!("{cache_key} {}", ctx.tr("缓存命中", "cache hit")));
        return Ok(cached);
    }
    let miss = ctx.tr(
        "缓存未命中，查询数据库",
        "cache miss, querying the database",
    );
    ctx.lp.print(format!("{cache_key} {miss}"));
    let user = db.get_user(user_id).await?;
    cache
        .set(&cache_key, user.clone(), ctx.ms("ttl_ms"))
        .await?;
    Ok(user)
}

/// The fix for a stampede: one lock per key. The first reader loads; the
/// others queue on the lock and then find the cache filled.
async fn get_user_locked(
    ctx: &RunCtx,
    cache: &AsyncCache,
    db: &Db,
    locks: &RefCell<HashMap<String, Lock>>,
    user_id: i64,
) -> Result<Value, Exc> {
    // lock = locks.setdefault(f"user:{user_id}", asyncio.Lock())
    let lock = locks
        .borrow_mut()
        .entry(format!("user:{user_id}"))
        .or_insert_with(|| Lock::new(&ctx.lp))
        .clone();
    let _locked = lock.acquire().await?; // async with lock:
    get_user(ctx, cache, db, user_id).await
}

/// `READERS` tasks read user 1 at once from a cold cache; returns how many
/// database queries they made.
async fn stampede(ctx: &RunCtx, per_key_lock: bool) -> Result<usize, Exc> {
    let (cache, db) = (AsyncCache::new(&ctx.lp), Db::new(ctx));
    let locks = Rc::new(RefCell::new(HashMap::new()));
    let readers = (0..READERS)
        .map(|_| {
            let (ctx, cache, db, locks) = (ctx.clone(), cache.clone(), db.clone(), locks.clone());
            match per_key_lock {
                false => Coro::new("get_user(1, db)", async move {
                    get_user(&ctx, &cache, &db, 1).await
                }),
                true => Coro::new("get_user_locked(1, db)", async move {
                    get_user_locked(&ctx, &cache, &db, &locks, 1).await
                }),
            }
        })
        .collect();
    ctx.lp.gather(readers).await?;
    Ok(db.queries.get())
}

/// One read of user 1, printed with how long it took.
async fn timed_read(ctx: &RunCtx, cache: &AsyncCache, db: &Db) -> Result<Value, Exc> {
    let start = ctx.lp.now();
    let user = get_user(ctx, cache, db, 1).await?;
    let took = fmt_ms(ctx.lp.now() - start);
    ctx.lp.print(format!("get_user(1, db): {took} ms"));
    Ok(user)
}

pub fn main(ctx: &RunCtx) -> Coro {
    let ctx = ctx.clone();
    Coro::new("main()", async move {
        if ctx.variant == "ttl" {
            let (cache, db) = (AsyncCache::new(&ctx.lp), Db::new(&ctx));
            timed_read(&ctx, &cache, &db).await?; // miss: the database
            timed_read(&ctx, &cache, &db).await?; // hit: no wait at all
            ctx.lp.sleep(ctx.ms("ttl_ms")).await?; // the entry expires
            return timed_read(&ctx, &cache, &db).await; // miss again
        }
        let without_lock = stampede(&ctx, false).await?;
        let label = ctx.tr("无锁，数据库查询次数", "without a lock, database queries");
        ctx.lp.print(format!("{label}: {without_lock}"));
        let with_lock = stampede(&ctx, true).await?;
        let label = ctx.tr(
            "每个 key 一把锁，数据库查询次数",
            "one lock per key, database queries",
        );
        ctx.lp.print(format!("{label}: {with_lock}"));
        Ok(json!({ "without_lock": without_lock, "with_lock": with_lock }))
    })
}
