import asyncio
from fastapi import FastAPI, APIRouter, Depends, HTTPException
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from core.database import get_db, get_sync_db
from models.user import User
import fake_clients  # 本页的替身：uvicorn + __requests__ 个客户端

# every query is one round trip to the database: __db_s__ s here

router = APIRouter()

# async-route: 路由函数是 async def，数据库操作使用 await
@router.get("/users/{user_id}")
async def get_user(
    user_id: int,
    db: AsyncSession = Depends(get_db)
):
    result = await db.execute(select(User).where(User.id == user_id))
    user = result.scalar_one_or_none()
    if not user:
        raise HTTPException(status_code=404, detail="User not found")
    return user

# blocking-route: async def, but a blocking driver (no await): holds the loop
# @router.get("/users/{user_id}")
async def get_user_blocking(
    user_id: int,
    db: Session = Depends(get_sync_db)
):
    result = db.execute(select(User).where(User.id == user_id))
    user = result.scalar_one_or_none()
    if not user:
        raise HTTPException(status_code=404, detail="User not found")
    return user

# thread-pool: a plain def: FastAPI runs it in its thread pool (__threads__ threads)
# @router.get("/users/{user_id}")
def get_user_in_thread(
    user_id: int,
    db: Session = Depends(get_sync_db)
):
    result = db.execute(select(User).where(User.id == user_id))
    user = result.scalar_one_or_none()
    if not user:
        raise HTTPException(status_code=404, detail="User not found")
    return user

app = FastAPI()
app.include_router(router)

async def main():
    # __requests__ clients each send one GET at the same moment; the server
    # handles every request in a task of its own
    paths = [f"/users/{i}" for i in range(1, __requests__ + 1)]
    responses = await fake_clients.send_at_once(app, paths, threads=__threads__)
    return [user["id"] for user in responses]

asyncio.run(main())
