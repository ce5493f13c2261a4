import asyncio
import time
from concurrent.futures import ProcessPoolExecutor

async def heartbeat():
    for n in range(4):
        if n:
            await asyncio.sleep(__work_s__ / 4)
        print("♥ 心跳")

def crunch(job):
    """CPU 密集型：__work_s__ s of pure computing"""
    start = time.process_time()
    while time.process_time() - start < __work_s__:
        pass  # 图像处理、视频编码、数据分析……
    return f"job {job} done"

# in-loop: the computation runs on the event loop's thread and holds it
async def analyse(job):
    return crunch(job)

# process-pool: each job runs in a worker process (建议：使用多进程)
async def analyse_in_process(pool, job):
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(pool, crunch, job)

async def main():
    beat = asyncio.create_task(heartbeat())
    with ProcessPoolExecutor(max_workers=__workers__) as pool:
        results = await asyncio.gather(
            *(analyse(job) for job in range(1, __jobs__ + 1))  # or: analyse_in_process(pool, job)
        )
    beat.cancel()
    return results

asyncio.run(main())
