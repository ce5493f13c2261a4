import asyncio

async def say_hello():
    print("Hello")
    await asyncio.sleep(__delay_s__)
    print("World")

# 方式 1: 使用 asyncio.run（推荐）
def way_1():
    asyncio.run(say_hello())

# 方式 2: 手动管理事件循环（不推荐）
# Python 3.14: RuntimeError: There is no current event loop
def way_2():
    loop = asyncio.get_event_loop()
    loop.run_until_complete(say_hello())
    loop.close()

# 今天的写法：要在几次运行之间保留同一个循环时，用 asyncio.Runner
def today():
    with asyncio.Runner() as runner:
        runner.run(say_hello())

way_2()  # or: way_1(), today()
