import asyncio
import time

async def heartbeat():
    for n in range(4):
        if n:
            await asyncio.sleep(__duration_s__ / 4)
        print("♥ 心跳")

# time-sleep: a blocking call inside a coroutine
async def bad_function():
    time.sleep(__duration_s__)  # 阻塞整个事件循环！
    return "done"

# asyncio-sleep: the loop runs other tasks while this one waits
async def good_function():
    await asyncio.sleep(__duration_s__)  # 非阻塞
    return "done"

async def main():
    beat = asyncio.create_task(heartbeat())
    results = await asyncio.gather(
        *(bad_function() for _ in range(__tasks__))  # or: good_function()
    )
    beat.cancel()
    return results

asyncio.run(main())
