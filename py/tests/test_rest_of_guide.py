"""The listings of the rest of the guide (database, web-server,
sync-calls-async, cpu-bound) run through the tracer as the page runs them:
each variant's rewrites and entry (the values the scenarios' `Python`
fields hold), its set-up, and the parameters filled in. What each variant
prints, when (virtual ms), what main returns and the total are the
catalogue's claims, written out here as literal values."""
import concurrent.futures
import sys
from pathlib import Path

import pytest

from playground.tracer import run_program

SCENARIOS = Path(__file__).resolve().parents[2] / "src" / "scenarios"

DEC = '@router.get("/users/{user_id}")'

# (variant, find, replacement), entries and set-up: as in each mod.rs.
PYTHON = {
    "database": {
        "rewrites": [],
        "entries": {
            "refresh-in-loop": "main_bulk()",
            "one-query": "main_bulk(bulk_create_users_one_query)",
        },
        "setup": "db.latency_ms = __db_ms__",
        "defaults": {"users": 10, "db_ms": 50},
    },
    "web_server": {
        "rewrites": [
            ("blocking-route", DEC + "\nasync def get_user(", "# " + DEC + "\nasync def get_user("),
            ("blocking-route", "# " + DEC + "\nasync def get_user_blocking(", DEC + "\nasync def get_user_blocking("),
            ("thread-pool", DEC + "\nasync def get_user(", "# " + DEC + "\nasync def get_user("),
            ("thread-pool", "# " + DEC + "\ndef get_user_in_thread(", DEC + "\ndef get_user_in_thread("),
        ],
        "entries": {},
        "setup": "db.latency_ms = __db_ms__\ndb.add_users(__requests__)",
        "defaults": {"requests": 20, "db_ms": 100, "threads": 40},
    },
    "sync_calls_async": {
        "rewrites": [
            (
                "await-in-sync",
                "# ✅ 正确方式 2: 使用 asyncio.run\ndef sync_function():\n    result = asyncio.run(async_function())",
                "# ❌ 错误\ndef sync_function():\n    result = await async_function()  # SyntaxError",
            ),
            (
                "run-inside-loop",
                "print(sync_function())  # or: asyncio.run(main())",
                "asyncio.run(main())  # or: print(sync_function())",
            ),
        ],
        "entries": {},
        "setup": "",
        "defaults": {},
    },
    "cpu_bound": {
        "rewrites": [
            (
                "process-pool",
                "analyse(job) for job in range(1, __jobs__ + 1))  # or: analyse_in_process(pool, job)",
                "analyse_in_process(pool, job) for job in range(1, __jobs__ + 1))  # or: analyse(job)",
            ),
        ],
        "entries": {},
        "setup": "",
        "defaults": {"jobs": 3, "work_ms": 1000, "workers": 3},
    },
}


def seconds(ms):
    """As the page writes a `_ms` parameter in seconds: 50 → 0.05."""
    text = f"{ms / 1000:.3f}".rstrip("0").rstrip(".")
    return text or "0"


def fill(text, params):
    for key, value in params.items():
        text = text.replace(f"__{key}__", str(value))
        if key.endswith("_ms"):
            text = text.replace(f"__{key[:-3]}_s__", seconds(value))
    return text


def program(folder, variant, **changed):
    """(source, entry, setup) of a variant, parameters filled."""
    spec = PYTHON[folder]
    params = {**spec["defaults"], **changed}
    source = (SCENARIOS / folder / "example.py").read_text(encoding="utf-8")
    for v, find, replacement in spec["rewrites"]:
        assert source.count(find) == 1, find  # every find occurs once, as the page checks
        if v == variant:
            source = source.replace(find, replacement, 1)
    entry = spec["entries"].get(variant)
    return (
        fill(source, params),
        fill(entry, params) if entry else None,
        fill(spec["setup"], params) or None,
    )


def run(folder, variant, mode="virtual", **params):
    source, entry, setup = program(folder, variant, **params)
    return run_program(source, mode, entry, setup)


def printed(result):
    return [(e[1], e[3]) for e in result["events"] if e[0] == "print"]


def total(result):
    return max(e[1] for e in result["events"])


def lanes(result):
    return {e[2]: e[3] for e in result["events"] if e[0] == "task"}


def ends(result):
    names = lanes(result)
    return {names[e[2]]: (e[3], e[1]) for e in result["events"] if e[0] == "end"}


def holds(result):
    """(lane name, start, label) of each blocking hold."""
    names = lanes(result)
    return [(names[e[2]], e[1], e[3]) for e in result["events"] if e[0] == "hold" and e[3]]


# ---------------------------------------------------------------- database


def test_database_crud_creates_then_reads_back():
    result = run("database", "crud")
    assert result["error"] is None
    assert printed(result) == [(100.0, "新用户的 id: 1")]  # commit + refresh
    assert result["result"] == ["alice", 1]
    assert total(result) == 200.0  # + get_user_by_id + get_all_users
    assert list(lanes(result).values()) == ["main"]


def test_database_refresh_in_loop_is_one_round_trip_per_user():
    result = run("database", "refresh-in-loop")
    assert result["error"] is None
    assert printed(result) == [(550.0, "创建了 10 个用户")]
    assert result["result"] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert total(result) == 550.0


def test_database_one_query_reads_every_new_row_back_at_once():
    result = run("database", "one-query")
    assert result["error"] is None
    assert printed(result) == [(100.0, "创建了 10 个用户")]
    assert result["result"] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert total(result) == 100.0


def test_database_follows_its_parameters():
    result = run("database", "refresh-in-loop", users=3)
    assert printed(result) == [(200.0, "创建了 3 个用户")]
    assert result["result"] == [1, 2, 3]
    assert total(result) == 200.0
    result = run("database", "crud", db_ms=30)
    assert printed(result) == [(60.0, "新用户的 id: 1")]
    assert total(result) == 120.0
    result = run("database", "one-query", users=500, db_ms=10)
    assert result["result"] == list(range(1, 501))
    assert total(result) == 20.0


def test_each_run_has_a_fresh_empty_database():
    first = run("database", "refresh-in-loop", users=2)
    second = run("database", "refresh-in-loop", users=2)
    assert first["result"] == second["result"] == [1, 2]


# ---------------------------------------------------------------- web-server


def access_log(result):
    return [(at, line) for at, line in printed(result) if "HTTP/1.1" in line]


def test_web_server_async_route_answers_everyone_after_one_round_trip():
    result = run("web_server", "async-route")
    assert result["error"] is None
    assert access_log(result) == [(100.0, f'"GET /users/{k} HTTP/1.1" 200') for k in range(1, 21)]
    assert result["result"] == list(range(1, 21))
    assert total(result) == 100.0
    names = lanes(result)
    assert [names[k] for k in range(1, 21)] == [f"GET /users/{k}" for k in range(1, 21)]
    # each request's line is printed by its own task
    by_lane = [(names[e[2]], e[3]) for e in result["events"] if e[0] == "print"]
    assert by_lane[0] == ("GET /users/1", '"GET /users/1 HTTP/1.1" 200')


def test_web_server_blocking_route_answers_one_request_at_a_time():
    result = run("web_server", "blocking-route")
    assert result["error"] is None
    assert access_log(result) == [(100.0 * k, f'"GET /users/{k} HTTP/1.1" 200') for k in range(1, 21)]
    assert result["result"] == list(range(1, 21))
    assert total(result) == 2000.0
    assert holds(result)[:2] == [
        ("GET /users/1", 0.0, "blocking call (100 ms)"),
        ("GET /users/2", 100.0, "blocking call (100 ms)"),
    ]


def test_web_server_thread_pool_route_runs_beside_the_loop():
    result = run("web_server", "thread-pool")
    assert result["error"] is None
    assert access_log(result) == [(100.0, f'"GET /users/{k} HTTP/1.1" 200') for k in range(1, 21)]
    assert result["result"] == list(range(1, 21))
    assert total(result) == 100.0
    assert holds(result) == []  # the blocking driver holds a thread, never the loop


def test_web_server_thread_pool_queues_for_a_free_thread():
    result = run("web_server", "thread-pool", threads=4)
    assert access_log(result) == [
        (100.0 * ((k - 1) // 4 + 1), f'"GET /users/{k} HTTP/1.1" 200') for k in range(1, 21)
    ]
    assert result["result"] == list(range(1, 21))
    assert total(result) == 500.0


def test_web_server_follows_its_parameters():
    result = run("web_server", "blocking-route", requests=3, db_ms=50)
    assert access_log(result) == [
        (50.0, '"GET /users/1 HTTP/1.1" 200'),
        (100.0, '"GET /users/2 HTTP/1.1" 200'),
        (150.0, '"GET /users/3 HTTP/1.1" 200'),
    ]
    assert total(result) == 150.0
    result = run("web_server", "thread-pool", requests=7, threads=3, db_ms=10)
    assert [at for at, _ in access_log(result)] == [10.0] * 3 + [20.0] * 3 + [30.0]


# ---------------------------------------------------------------- sync-calls-async


def test_await_in_a_plain_def_does_not_compile():
    source, _, _ = program("sync_calls_async", "await-in-sync")
    result = run("sync_calls_async", "await-in-sync")
    assert result["error"] == "SyntaxError: 'await' outside async function"
    line = [n for n, text in enumerate(source.splitlines(), 1)
            if text == "    result = await async_function()  # SyntaxError"]
    assert result["syntax"]["line"] == line[0] == 18
    assert printed(result) == []
    assert total(result) == 0.0


def test_asyncio_run_in_a_plain_function_called_at_top_level_works():
    result = run("sync_calls_async", "run-in-sync")
    assert result["error"] is None
    assert printed(result) == [(1000.0, "结果")]
    assert result["result"] == "结果"
    assert total(result) == 1000.0


def test_asyncio_run_inside_a_running_loop_fails_and_its_coroutine_is_never_awaited():
    result = run("sync_calls_async", "run-inside-loop")
    assert result["error"] == "RuntimeError: asyncio.run() cannot be called from a running event loop"
    assert result["traceback"] == [
        '  File "<program>", line 25, in <module>',
        '  File "<program>", line 23, in main',
        '  File "<program>", line 18, in sync_function',
        "RuntimeError: asyncio.run() cannot be called from a running event loop",
    ]
    assert printed(result) == [(0.0, "RuntimeWarning: coroutine 'async_function' was never awaited")]
    assert total(result) == 0.0


# ---------------------------------------------------------------- cpu-bound


def test_computing_in_the_loop_holds_it():
    result = run("cpu_bound", "in-loop")
    assert result["error"] is None
    assert printed(result) == [(0.0, "♥ 心跳")]
    assert result["result"] == ["job 1 done", "job 2 done", "job 3 done"]
    assert total(result) == 3000.0
    assert ends(result)["heartbeat()"] == ("cancelled", 3000.0)
    # one hold per computation, not one per millisecond
    assert holds(result) == [
        ("analyse(1)", 0.0, "blocking call (1000 ms)"),
        ("analyse(2)", 1000.0, "blocking call (1000 ms)"),
        ("analyse(3)", 2000.0, "blocking call (1000 ms)"),
    ]


def test_a_process_pool_computes_beside_the_loop():
    result = run("cpu_bound", "process-pool")
    assert result["error"] is None
    assert printed(result) == [(0.0, "♥ 心跳"), (250.0, "♥ 心跳"), (500.0, "♥ 心跳"), (750.0, "♥ 心跳")]
    assert result["result"] == ["job 1 done", "job 2 done", "job 3 done"]
    assert total(result) == 1000.0
    assert ends(result)["heartbeat()"] == ("done", 750.0)
    assert holds(result) == []


def test_jobs_beyond_the_workers_wait_their_turn():
    result = run("cpu_bound", "process-pool", jobs=5, workers=2)
    assert result["result"] == [f"job {j} done" for j in range(1, 6)]
    assert total(result) == 3000.0
    assert {name: at for name, (_, at) in ends(result).items() if name.startswith("analyse")} == {
        "analyse_in_process(pool, 1)": 1000.0,
        "analyse_in_process(pool, 2)": 1000.0,
        "analyse_in_process(pool, 3)": 2000.0,
        "analyse_in_process(pool, 4)": 2000.0,
        "analyse_in_process(pool, 5)": 3000.0,
    }


def test_cpu_time_is_exact_whatever_it_started_at():
    # 0.3 - 0.2 < 0.1 in plain floats: the third job must still take 100 ms
    result = run("cpu_bound", "in-loop", work_ms=100)
    assert total(result) == 300.0
    result = run("cpu_bound", "in-loop", jobs=7, work_ms=70)
    assert total(result) == 490.0


def test_real_time_still_runs_both_variants():
    result = run("cpu_bound", "process-pool", mode="real", work_ms=200)
    assert result["error"] is None
    assert result["result"] == ["job 1 done", "job 2 done", "job 3 done"]
    # simulated workers: about one job's work, not three
    assert 190.0 <= total(result) < 550.0
    assert [text for _, text in printed(result)] == ["♥ 心跳"] * 4
    result = run("cpu_bound", "in-loop", mode="real", work_ms=20)
    assert result["error"] is None
    assert result["result"] == ["job 1 done", "job 2 done", "job 3 done"]
    assert total(result) >= 60.0


# ---------------------------------------------------------------- pools and clean-up


def test_to_thread_uses_the_simulated_thread_pool():
    result = run_program("""
import asyncio, time
def blocking_io(n):
    time.sleep(1)
    return n
async def main():
    return await asyncio.gather(*(asyncio.to_thread(blocking_io, n) for n in range(3)))
asyncio.run(main())
""")
    assert result["error"] is None
    assert result["result"] == [0, 1, 2]
    assert total(result) == 1000.0


def test_a_pool_used_without_a_loop_holds_its_caller_until_done():
    result = run_program("""
import time
from concurrent.futures import ProcessPoolExecutor
def crunch(n):
    start = time.process_time()
    while time.process_time() - start < 0.5:
        pass
    return n * n
with ProcessPoolExecutor(max_workers=2) as pool:
    print(list(pool.map(crunch, range(4))))
""")
    assert result["error"] is None
    assert printed(result) == [(1000.0, "[0, 1, 4, 9]")]


def test_the_simulated_libraries_and_pools_are_put_back_after_a_run():
    before = (concurrent.futures.ProcessPoolExecutor, concurrent.futures.ThreadPoolExecutor)
    run("cpu_bound", "process-pool", work_ms=10)
    run("web_server", "thread-pool", requests=2)
    assert (concurrent.futures.ProcessPoolExecutor, concurrent.futures.ThreadPoolExecutor) == before
    for name in ("sqlalchemy", "sqlalchemy.ext.asyncio", "models.user", "core.database", "fastapi", "fake_clients"):
        assert name not in sys.modules


@pytest.mark.parametrize("folder,variant", [
    (folder, variant)
    for folder, variants in {
        "database": ["crud", "refresh-in-loop", "one-query"],
        "web_server": ["async-route", "blocking-route", "thread-pool"],
        "sync_calls_async": ["await-in-sync", "run-in-sync", "run-inside-loop"],
        "cpu_bound": ["in-loop", "process-pool"],
    }.items()
    for variant in variants
])
def test_runs_are_deterministic(folder, variant):
    assert run(folder, variant) == run(folder, variant)
