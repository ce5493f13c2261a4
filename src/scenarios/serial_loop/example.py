import asyncio
import time

async def fetch_data(i):
    await asyncio.sleep(__latency_s__)  # await client.get(f"/data/{i}")
    return f"data {i}"

# ❌ slow: one after another
async def slow():
    results = []
    for i in range(__items__):
        result = await fetch_data(i)  # waits before the next call starts
        results.append(result)
    return results

# ✅ fast: all at once
async def fast():
    tasks = [fetch_data(i) for i in range(__items__)]  # coroutine objects, not started yet
    results = await asyncio.gather(*tasks)  # gather wraps each in a Task and runs them together
    return results

async def main():
    start = time.perf_counter()
    results = await fast()  # or: await slow()
    print(f"总耗时: {(time.perf_counter() - start) * 1000:.0f} ms")
    return results

asyncio.run(main())
