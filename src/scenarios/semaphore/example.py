import asyncio
from asyncio import Semaphore

async def rate_limited_fetch(urls, max_concurrent=5):
    """限制并发数量的批量请求"""
    semaphore = Semaphore(max_concurrent)

    async def fetch_with_limit(i):
        async with semaphore:  # 限制并发数
            await asyncio.sleep(__latency_s__)  # response = await client.get(urls[i])
            return i

    tasks = [fetch_with_limit(i) for i in range(len(urls))]
    results = await asyncio.gather(*tasks)  # in argument order
    print(f"完成的请求数: {len(results)}")
    return results

urls = [f"https://api.example.com/item/{i}" for i in range(__urls__)]
results = asyncio.run(rate_limited_fetch(urls, max_concurrent=__max_concurrent__))
