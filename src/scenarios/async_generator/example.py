import asyncio

# ---- async-range ----
async def async_range(start, stop):
    """异步生成器"""
    for i in range(start, stop):
        await asyncio.sleep(__step_s__)  # 模拟异步操作
        yield i

async def main():
    async for number in async_range(0, __count__):
        print(number)

# ---- paginated ----
class FakeDB:
    """Stands in for an AsyncSession: __total_users__ users, __page_s__ s per query."""
    queries = 0

    async def execute(self, offset, limit):
        self.queries += 1
        await asyncio.sleep(__page_s__)
        return [{"username": f"user_{i + 1}"} for i in range(offset, min(offset + limit, __total_users__))]

async def fetch_users_paginated(db, page_size: int = __page_size__):
    """异步生成器：分页查询用户"""
    offset = 0
    while True:
        # 查询一页数据 (select(User).offset(offset).limit(page_size) in the guide)
        users = await db.execute(offset, page_size)

        # 如果没有数据了，停止
        if not users:
            break

        # 逐个返回用户
        for user in users:
            yield user

        offset += page_size

async def process_all_users(db):
    processed = 0
    async for user in fetch_users_paginated(db):
        print(f"处理用户: {user['username']}")
        processed += 1
    print(f"处理用户数: {processed}, 查询次数: {db.queries}")
    return {"processed": processed, "queries": db.queries}

asyncio.run(main())  # or: asyncio.run(process_all_users(FakeDB()))
