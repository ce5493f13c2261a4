import asyncio

async def get_user(db, user_id):
    await asyncio.sleep(__user_s__)  # await db.execute(select(User).where(...))
    return {"id": user_id, "username": "alice"}

async def get_user_posts(db, user_id):
    await asyncio.sleep(__posts_s__)  # await db.execute(select(Post).where(...))
    return [{"id": 101, "title": "Hello asyncio"}]

async def get_user_comments(db, user_id):
    await asyncio.sleep(__comments_s__)  # await db.execute(select(Comment).where(...))
    return [{"id": 201, "text": "Nice!"}]

# sequential: each query waits for the one before
async def fetch_dashboard_sequential(user_id: int, db):
    user = await get_user(db, user_id)
    posts = await get_user_posts(db, user_id)
    comments = await get_user_comments(db, user_id)
    return {"user": user, "posts": posts, "comments": comments}

# gather: the queries are independent, so run them concurrently
async def fetch_dashboard_data(user_id: int, db):
    user, posts, comments = await asyncio.gather(
        get_user(db, user_id),
        get_user_posts(db, user_id),
        get_user_comments(db, user_id),
    )
    return {"user": user, "posts": posts, "comments": comments}

async def main():
    db = None  # an AsyncSession in the guide
    return await fetch_dashboard_data(1, db)  # or: fetch_dashboard_sequential(1, db)

asyncio.run(main())
