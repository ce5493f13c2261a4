import asyncio
import httpx

async def safe_fetch(url: str):
    try:
        async with httpx.AsyncClient() as client:
            response = await client.get(url)  # answers after __latency_s__ s
            response.raise_for_status()  # 4xx/5xx → httpx.HTTPStatusError
            return response.json()  # not JSON → json.JSONDecodeError
    except httpx.HTTPError as e:
        print(f"HTTP 错误: {e}")
        return None
    except Exception as e:
        print(f"未知错误: {e}")
        return None
    # asyncio.CancelledError is a BaseException: it passes through both

asyncio.run(safe_fetch("https://api.example.com/users/1"))  # ok → {"id": 1, "name": "Alice"}
# asyncio.run(safe_fetch("https://api.example.com/users/999"))  # http-error → 404
# asyncio.run(safe_fetch("https://example.com/"))  # unknown-error → an HTML page
