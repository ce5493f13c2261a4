import asyncio

async def async_function():
    print("async_function 开始执行")
    return "Hello"

# awaited: await runs the coroutine and gives its result
async def good():
    result = await async_function()
    print(result)  # Hello
    return result

# not-awaited: calling it only creates a coroutine object;
# its body never runs
async def bad():
    result = async_function()  # 得到的是 coroutine 对象，不是结果
    print(result)  # <coroutine object async_function at 0x...>
    return result

async def main():
    return await good()  # or: return await bad()

asyncio.run(main())
# with bad(), once the coroutine object is garbage-collected:
# RuntimeWarning: coroutine 'async_function' was never awaited
