import asyncio

async def background_task():
    while True:
        print("后台任务运行中...")
        await asyncio.sleep(__interval_s__)  # CancelledError is raised here

async def main():
    # 创建后台任务（不等待）
    task = asyncio.create_task(background_task())

    # 做其他事情
    await asyncio.sleep(__run_s__)

    # 取消后台任务, then wait until it has really ended
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("CancelledError: 后台任务已取消")

asyncio.run(main())
