import asyncio

async def task(n, seconds):
    await asyncio.sleep(seconds)
    return f"Task {n} done"

durations = [__durations_s__]

async def main():
    tasks = [task(n, s) for n, s in enumerate(durations, 1)]

    # 按完成顺序处理
    results = []
    for coro in asyncio.as_completed(tasks):
        result = await coro
        print(f"完成: {result}")
        results.append(result)
    return results

asyncio.run(main())
