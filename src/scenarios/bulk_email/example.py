import asyncio
from dataclasses import dataclass
from typing import List

import httpx

@dataclass
class User:
    email: str
    username: str

# The simulated API answers after __latency_s__ s and fails a share of
# __failure_rate__ of the sends (status 500), chosen by seed __seed__.

async def send_email(email: str, subject: str, body: str):
    """异步发送邮件"""
    async with httpx.AsyncClient() as client:
        response = await client.post(
            "https://api.sendgrid.com/v3/mail/send",
            json={"to": email, "subject": subject, "body": body},
        )
        return response.status_code == 200

async def send_bulk_emails(users: List[User]):
    """批量发送邮件"""
    tasks = []
    for user in users:
        task = send_email(user.email, "Welcome!", f"Hello {user.username}")
        tasks.append(task)  # a coroutine object: nothing is sent yet

    # 并发发送
    results = await asyncio.gather(*tasks)

    success_count = sum(results)  # True counts as 1
    print(f"成功发送 {success_count}/{len(users)} 封邮件")
    return results

users = [User(f"user{i}@example.com", f"user{i}") for i in range(1, __users__ + 1)]
asyncio.run(send_bulk_emails(users))
