import asyncio

async def async_function():
    await asyncio.sleep(1)
    return "结果"

# ❌ 错误 (await-in-sync):
#     def sync_function():
#         result = await async_function()  # SyntaxError: await outside async function

# ✅ 正确方式 1: 改为异步函数
async def async_function_wrapper():
    result = await async_function()
    return result

# ✅ 正确方式 2: 使用 asyncio.run
def sync_function():
    result = asyncio.run(async_function())
    return result

# run-inside-loop: 在事件循环里调用 sync_function（asyncio.run 不能嵌套）
async def main():
    return sync_function()

print(sync_function())  # or: asyncio.run(main())
