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

# 同步
start = time.time()
sync_results = sync_fetch_all(urls)
print(f"同步耗时: {time.time() - start:.2f}秒")

# 异步
start = time.time()
async_results = asyncio.run(async_fetch_all(urls))
print(f"异步耗时: {time.time() - start:.2f}秒")

# Never call requests.get inside a coroutine: it would hold the event loop,
# and every other task would stall until it returns.
