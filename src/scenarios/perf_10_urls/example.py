import time
import asyncio
import httpx
import requests

BASE = "https://jsonplaceholder.typicode.com"

# 同步版本: each requests.get blocks until its answer (__latency_s__ s) arrives
def sync_fetch_all(urls):
    results = []
    for url in urls:
        response = requests.get(url)
        results.append(response.json())
    return results

# 异步版本: every request is in flight at the same time
async def async_fetch_all(urls):
    async with httpx.AsyncClient() as client:
        tasks = [client.get(url) for url in urls]
        responses = await asyncio.gather(*tasks)
        return [r.json() for r in responses]

urls = [f"{BASE}/posts/{i}" for i in range(1, __urls__ + 1)]

# sync: 同步
def sync_main():
    start = time.time()
    results = sync_fetch_all(urls)
    print(f"同步耗时: {time.time() - start:.2f}秒")
    return results

# async: 异步
async def async_main():
    start = time.time()
    results = await async_fetch_all(urls)
    print(f"异步耗时: {time.time() - start:.2f}秒")
    return results

async_results = asyncio.run(async_main())  # or: sync_results = sync_main()

# Never call requests.get inside a coroutine: it would hold the event loop,
# and every other task would stall until it returns.
