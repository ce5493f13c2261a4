import asyncio
import httpx

# every request here takes __latency_s__ s to answer;
# httpx gives up after `timeout` seconds (5 by default)

async def fetch_multiple_urls():
    """并发获取多个 URL"""
    urls = ["/users/octocat", "/users/torvalds", "/users/gvanrossum"]

    async with httpx.AsyncClient(base_url="https://api.github.com", timeout=__timeout_s__) as client:
        # 并发执行
        tasks = [client.get(url) for url in urls]
        responses = await asyncio.gather(*tasks)

        # 解析响应
        return [resp.json() for resp in responses]

async def create_user_api(username: str, email: str):
    """异步 POST 请求"""
    async with httpx.AsyncClient(base_url="https://api.example.com", timeout=__timeout_s__) as client:
        response = await client.post("/users", json={"username": username, "email": email})
        return response.json()  # the server echoes the body

async def fetch_with_timeout(url: str, timeout: float = __timeout_s__):
    """带超时的异步请求"""
    try:
        async with httpx.AsyncClient(base_url="https://api.github.com", timeout=timeout) as client:
            response = await client.get(url)
            return response.json()
    except httpx.TimeoutException:
        print(f"请求超时: {url}")
        return None

asyncio.run(fetch_multiple_urls())
# asyncio.run(create_user_api("alice", "alice@example.com"))
# asyncio.run(fetch_with_timeout("/users/octocat"))
