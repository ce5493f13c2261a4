import asyncio

counter = 0
lock = asyncio.Lock()

# no-lock: ❌ 可能导致竞态条件
async def increment():
    global counter
    temp = counter
    await asyncio.sleep(__delay_s__)  # 模拟延迟: the other tasks run here
    counter = temp + 1

# with-lock: ✅ 使用锁
async def safe_increment():
    global counter
    async with lock:
        temp = counter
        await asyncio.sleep(__delay_s__)
        counter = temp + 1

async def main():
    await asyncio.gather(*(increment() for _ in range(__tasks__)))  # or: safe_increment()
    print(f"counter = {counter}")
    return counter

asyncio.run(main())
