import asyncio

async def slow_operation():
    await asyncio.sleep(__operation_s__)
    return "操作完成"

async def fetch_with_timeout():
    try:
        # 设置 __timeout_s__ 秒超时
        result = await asyncio.wait_for(
            slow_operation(),
            timeout=__timeout_s__
        )
        return result
    except asyncio.TimeoutError:
        # slow_operation() has been cancelled by now
        print("操作超时")
        return None

asyncio.run(fetch_with_timeout())
