import asyncio
import time
from datetime import datetime, timedelta
from typing import Any, Dict

class AsyncCache:
    def __init__(self):
        self._cache: Dict[str, tuple[Any, datetime]] = {}
        self._lock = asyncio.Lock()  # guards the dict, not the database

    async def get(self, key: str) -> Any:
        """获取缓存"""
        async with self._lock:
            if key in self._cache:
                value, expire_time = self._cache[key]
                if datetime.now() < expire_time:
                    return value
                else:
                    del self._cache[key]
        return None

    async def set(self, key: str, value: Any, ttl: float = 60):
        """设置缓存（ttl 单位：秒）"""
        async with self._lock:
            expire_time = datetime.now() + timedelta(seconds=ttl)
            self._cache[key] = (value, expire_time)

class FakeDB:
    """Stands in for the AsyncSession: each query takes __db_s__ s."""
    queries = 0

    async def get_user(self, user_id):
        self.queries += 1
        await asyncio.sleep(__db_s__)  # await db.execute(select(User).where(...))
        return {"id": user_id, "username": "alice"}

cache = AsyncCache()

async def get_user(user_id: int, db):
    # 先查缓存
    cache_key = f"user:{user_id}"
    cached = await cache.get(cache_key)
    if cached:
        print(f"{cache_key} 缓存命中")
        return cached

    # 查数据库
    print(f"{cache_key} 缓存未命中，查询数据库")
    user = await db.get_user(user_id)

    # 存入缓存
    await cache.set(cache_key, user, ttl=__ttl_s__)
    return user

# ---- ttl: miss, hit, then miss again once the entry has expired ----
async def timed_read(db):
    start = time.perf_counter()
    user = await get_user(1, db)
    print(f"get_user(1, db): {(time.perf_counter() - start) * 1000:.0f} ms")
    return user

async def ttl_demo():
    db = FakeDB()
    await timed_read(db)  # miss
    await timed_read(db)  # hit
    await asyncio.sleep(__ttl_s__)  # the entry expires
    return await timed_read(db)  # miss

# ---- stampede: 10 readers at once on a cold cache ----
locks: Dict[str, asyncio.Lock] = {}

async def get_user_locked(user_id: int, db):
    lock = locks.setdefault(f"user:{user_id}", asyncio.Lock())
    async with lock:  # one loader per key; the others queue here
        return await get_user(user_id, db)

async def stampede_demo():
    db = FakeDB()
    await asyncio.gather(*(get_user(1, db) for _ in range(10)))
    print(f"无锁，数据库查询次数: {db.queries}")  # 10: every reader missed
    without_lock = db.queries

    cache._cache.clear()
    db = FakeDB()
    await asyncio.gather(*(get_user_locked(1, db) for _ in range(10)))
    print(f"每个 key 一把锁，数据库查询次数: {db.queries}")  # 1
    return {"without_lock": without_lock, "with_lock": db.queries}

asyncio.run(ttl_demo())  # or: asyncio.run(stampede_demo())
