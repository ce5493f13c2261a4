import asyncio

async def task(n, seconds):
    await asyncio.sleep(seconds)
    return f"Task {n} done"

async def failing_task(seconds):
    await asyncio.sleep(seconds)
    raise ValueError("任务失败")

durations = [__durations_s__]

# all-succeed: results in argument order, once the slowest is done
async def all_succeed():
    results = await asyncio.gather(
        *(task(n, s) for n, s in enumerate(durations, 1))
    )
    print(results)  # ['Task 1 done', 'Task 2 done', 'Task 3 done']
    return results

# one-fails: gather raises the first error at once, but does NOT cancel
# the other tasks: they keep running (main waits for them here; if main
# returned instead, asyncio.run would cancel them)
async def one_fails():
    tasks = [asyncio.create_task(task(n, s)) for n, s in enumerate(durations, 1)]
    tasks.append(asyncio.create_task(failing_task(__fail_s__)))
    try:
        return await asyncio.gather(*tasks)
    except ValueError as e:
        print(f"gather 抛出了 {type(e).__name__}: {e}")
        await asyncio.wait(tasks)  # the others are still running
        return None

# return-exceptions: the error is returned in place, nothing is raised
async def return_exceptions():
    results = await asyncio.gather(
        *(task(n, s) for n, s in enumerate(durations, 1)),
        failing_task(__fail_s__),
        return_exceptions=True,
    )
    print(results)  # [..., ValueError('任务失败')]
    return results

async def main():
    return await all_succeed()  # or: one_fails(), return_exceptions()

asyncio.run(main())
