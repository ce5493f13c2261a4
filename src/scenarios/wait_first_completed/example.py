import asyncio

async def task(n, seconds):
    await asyncio.sleep(seconds)
    return f"Task {n} done"

durations = [__durations_s__]

async def main():
    tasks = [asyncio.create_task(task(n, s)) for n, s in enumerate(durations, 1)]

    # 等待第一个完成
    done, pending = await asyncio.wait(
        tasks,
        return_when=asyncio.FIRST_COMPLETED
    )

    # 取消剩余任务 (asyncio.wait never cancels anything itself)
    for t in pending:
        t.cancel()

    results = [t.result() for t in done]  # done is a set
    for result in results:
        print(f"完成: {result}")
    print(f"取消未完成的任务: {len(pending)}")
    return results

asyncio.run(main())
