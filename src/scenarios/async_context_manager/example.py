import asyncio

class AsyncDatabaseConnection:
    async def __aenter__(self):
        """进入上下文时调用"""
        print("连接数据库...")
        await asyncio.sleep(__connect_s__)
        return self

    async def __aexit__(self, exc_type, exc_val, exc_tb):
        """退出上下文时调用 (also when the block raised)"""
        print("关闭数据库连接...")
        await asyncio.sleep(__close_s__)
        # returns None (falsy): an exception from the block propagates

    async def query(self, sql):
        print(f"执行查询: {sql}")
        await asyncio.sleep(__query_s__)
        return "结果"

async def main():
    async with AsyncDatabaseConnection() as db:
        result = await db.query("SELECT * FROM users")
        # error-inside: raise ValueError("处理结果时出错")
        print(result)
    return result

asyncio.run(main())
