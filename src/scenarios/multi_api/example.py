import asyncio
import httpx

async def fetch_user_data(user_id: int):
    """从多个 API 获取用户数据"""
    async with httpx.AsyncClient() as client:
        # 并发调用多个 API (here they answer after __profile_s__ s, __posts_s__ s and __followers_s__ s)
        profile, posts, followers = await asyncio.gather(
            client.get(f"https://api1.com/users/{user_id}"),
            client.get(f"https://api2.com/users/{user_id}/posts"),
            client.get(f"https://api3.com/users/{user_id}/followers"),
        )

        return {
            "profile": profile.json(),
            "posts": posts.json(),
            "followers": followers.json(),
        }

asyncio.run(fetch_user_data(1))
