import asyncio
from typing import List

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from models.user import User
from core.database import AsyncSessionLocal

# every awaited session call (execute, commit, refresh) is one round trip
# to the database: __db_s__ s here

async def get_user_by_id(db: AsyncSession, user_id: int):
    """
    异步查询用户

    注意：
    - db.execute() 是异步的，需要 await
    - result.scalar_one_or_none() 是同步的，不需要 await
    """
    # 执行查询（异步）
    result = await db.execute(
        select(User).where(User.id == user_id)
    )

    # 获取结果（同步）
    user = result.scalar_one_or_none()
    return user

async def create_user(db: AsyncSession, username: str, email: str):
    """异步创建用户"""
    user = User(username=username, email=email, hashed_password="...")

    # 添加到会话（同步）
    db.add(user)

    # 提交到数据库（异步）
    await db.commit()

    # 刷新对象以获取生成的 ID（异步）
    await db.refresh(user)

    return user

async def get_all_users(db: AsyncSession):
    """异步查询所有用户"""
    result = await db.execute(select(User))
    users = result.scalars().all()
    return users

# refresh-in-loop: 示例 3, one refresh (one round trip) per user
async def bulk_create_users(
    db: AsyncSession,
    users_data: List[dict]
):
    """批量创建用户"""
    users = [
        User(**data)
        for data in users_data
    ]

    # 批量添加
    db.add_all(users)

    # 提交
    await db.commit()

    # 刷新以获取生成的 ID
    for user in users:
        await db.refresh(user)

    return users

# one-query: one SELECT reads every new row back, ids included
async def bulk_create_users_one_query(
    db: AsyncSession,
    users_data: List[dict]
):
    """批量创建用户（一次查询取回）"""
    users = [User(**data) for data in users_data]
    db.add_all(users)
    await db.commit()

    names = [data["username"] for data in users_data]
    result = await db.execute(
        select(User).where(User.username.in_(names))
    )
    return result.scalars().all()

async def main():
    async with AsyncSessionLocal() as db:
        # crud: create a user, then read it back and list everyone
        user = await create_user(db, "alice", "alice@example.com")
        print(f"新用户的 id: {user.id}")
        found = await get_user_by_id(db, user.id)
        users = await get_all_users(db)
        return [found.username, len(users)]

async def main_bulk(create=bulk_create_users):
    users_data = [
        {"username": f"user{i}", "email": f"user{i}@example.com"}
        for i in range(1, __users__ + 1)
    ]
    async with AsyncSessionLocal() as db:
        users = await create(db, users_data)
        print(f"创建了 {len(users)} 个用户")
        return [user.id for user in users]

asyncio.run(main())  # or: asyncio.run(main_bulk()) / asyncio.run(main_bulk(bulk_create_users_one_query))
