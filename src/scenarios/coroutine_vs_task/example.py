import asyncio

async def say_hello():
    print("Hello")
    await asyncio.sleep(__delay_s__)
    print("World")

# create-task: both tasks are scheduled at once and start as soon as
# main reaches its first await, so their sleeps overlap
async def with_tasks():
    task1 = asyncio.create_task(say_hello())
    task2 = asyncio.create_task(say_hello())
    await task1
    await task2

# await-in-turn: awaiting a coroutine runs it to its end, inside main;
# the second one only starts when the first has finished
async def in_turn():
    await say_hello()
    await say_hello()

async def main():
    await with_tasks()  # or: await in_turn()

asyncio.run(main())
