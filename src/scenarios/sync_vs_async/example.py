import asyncio
import time

async def fetch_user(user_id):
    await asyncio.sleep(__latency_s__)  # await client.get(f"/users/{user_id}")
    return user_id

# serial: one request after another
async def serial():
    results = []
    for user_id in range(1, __users__ + 1):
        results.append(await fetch_user(user_id))
    return results

# concurrent: all requests at once
async def concurrent():
    return await asyncio.gather(
        *(fetch_user(user_id) for user_id in range(1, __users__ + 1))
    )

async def main():
    start = time.perf_counter()
    results = await concurrent()  # or: await serial()
    print(f"总耗时: {(time.perf_counter() - start) * 1000:.0f} ms")
    return results

asyncio.run(main())
