"""The tracer against CPython itself: each program runs twice, traced in
virtual time and under plain asyncio.run in real time with every duration
scaled down (S = 0.1: a virtual second is 100 real ms). The printed lines
must come in the same order, and each virtual time must be the real time
scaled back, rounded to the program's whole seconds: the tolerance is half
of the 100 ms a second becomes, room for a loaded 2-core machine's timer
lateness (a few ms idle, 20 ms seen under a parallel build)."""
import asyncio
import json
import sys
import time

import pytest

from playground import tracer
from playground.tracer import run_program

SCALE = 0.1


def real_run(source):
    """Plain CPython: (printed text, ms since start scaled to virtual)."""
    lines = []
    start = time.perf_counter()

    def record(*args, sep=" ", end="\n", **_kw):
        lines.append((sep.join(map(str, args)), (time.perf_counter() - start) * 1000 / SCALE))

    namespace = {"S": SCALE, "print": record, "__name__": "__main__"}
    try:
        exec(compile(source, "<real>", "exec"), namespace)
    except Exception as exc:  # the program's own error is part of its outcome
        lines.append((f"raised {type(exc).__name__}", (time.perf_counter() - start) * 1000 / SCALE))
    return lines


def traced_run(source, **kw):
    result = run_program("S = 1\n" + source, **kw)
    printed = [(e[3], e[1]) for e in result["events"] if e[0] == "print"]
    if result["error"]:
        printed.append((f"raised {result['error'].split(':')[0]}", max(e[1] for e in result["events"])))
    return printed, result


def seconds(ms):
    return round(ms / 1000) * 1000


PROGRAMS = {
    "task_group": """
import asyncio
async def job(n):
    await asyncio.sleep(n * S)
    print(f"job {n}")
async def main():
    async with asyncio.TaskGroup() as tg:
        for n in (3, 1, 2):
            tg.create_task(job(n))
    print("all done")
asyncio.run(main())
""",
    "timeout": """
import asyncio
async def main():
    try:
        async with asyncio.timeout(2 * S):
            await asyncio.sleep(5 * S)
    except TimeoutError:
        print("timed out")
    await asyncio.sleep(1 * S)
    print("after")
asyncio.run(main())
""",
    "shield": """
import asyncio
async def inner():
    await asyncio.sleep(3 * S)
    print("inner finished")
async def main():
    task = asyncio.create_task(inner())
    try:
        await asyncio.wait_for(asyncio.shield(task), 1 * S)
    except TimeoutError:
        print("outer gave up")
    await task
asyncio.run(main())
""",
    "queue": """
import asyncio
async def producer(q):
    for i in range(3):
        await asyncio.sleep(1 * S)
        await q.put(i)
        print(f"put {i}")
    await q.put(None)
async def consumer(q):
    while (item := await q.get()) is not None:
        await asyncio.sleep(2 * S)
        print(f"got {item}")
async def main():
    q = asyncio.Queue(maxsize=1)
    await asyncio.gather(producer(q), consumer(q))
asyncio.run(main())
""",
    "event_and_condition": """
import asyncio
async def waiter(event, name):
    await event.wait()
    print(f"{name} woke")
async def notifier(cond):
    await asyncio.sleep(2 * S)
    async with cond:
        cond.notify_all()
        print("notified")
async def listener(cond):
    async with cond:
        await cond.wait()
        print("heard it")
async def main():
    event = asyncio.Event()
    cond = asyncio.Condition()
    tasks = [asyncio.create_task(waiter(event, n)) for n in "ab"]
    tasks += [asyncio.create_task(listener(cond)), asyncio.create_task(notifier(cond))]
    await asyncio.sleep(1 * S)
    event.set()
    await asyncio.gather(*tasks)
asyncio.run(main())
""",
    "async_generator": """
import asyncio
async def ticks(n):
    for i in range(n):
        await asyncio.sleep(1 * S)
        yield i
async def main():
    async for i in ticks(3):
        print(f"tick {i}")
asyncio.run(main())
""",
    "cancellation": """
import asyncio
async def worker():
    try:
        await asyncio.sleep(10 * S)
    except asyncio.CancelledError:
        print("worker cleans up")
        await asyncio.sleep(1 * S)
        print("worker cleaned")
        raise
async def main():
    task = asyncio.create_task(worker())
    await asyncio.sleep(2 * S)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("main saw the cancellation")
asyncio.run(main())
""",
    "uncaught_error": """
import asyncio
async def boom():
    await asyncio.sleep(1 * S)
    raise ValueError("bad")
async def main():
    await asyncio.gather(boom(), asyncio.sleep(3 * S))
asyncio.run(main())
""",
    "blocking_sleep": """
import asyncio, time
async def beat():
    for i in range(3):
        print(f"beat {i}")
        await asyncio.sleep(1 * S)
async def blocker():
    await asyncio.sleep(0)
    time.sleep(2 * S)
    print("unblocked")
async def main():
    await asyncio.gather(beat(), blocker())
asyncio.run(main())
""",
}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_traced_virtual_time_matches_plain_cpython(name):
    source = PROGRAMS[name]
    real = real_run(source)
    traced, _ = traced_run(source)
    assert [text for text, _ in traced] == [text for text, _ in real]
    assert [at for _, at in traced] == [seconds(at) for _, at in real]


def test_every_task_has_a_lane_with_its_arguments_and_outcome():
    _, result = traced_run(PROGRAMS["cancellation"])
    lanes = {e[2]: e[3] for e in result["events"] if e[0] == "task"}
    ends = {lanes[e[2]]: (e[3], e[1]) for e in result["events"] if e[0] == "end"}
    assert lanes[0] == "main"
    assert ends["worker()"] == ("cancelled", 3000.0)
    assert ends["main"] == ("done", 3000.0)


def test_semaphore_waiters_are_queued_on_the_semaphore():
    _, result = traced_run("""
import asyncio
async def use(sem, i):
    async with sem:
        await asyncio.sleep(1 * S)
async def main():
    sem = asyncio.Semaphore(2)
    await asyncio.gather(*(use(sem, i) for i in range(4)))
asyncio.run(main())
""")
    queued = [e for e in result["events"] if e[0] == "wait" and e[3] == "queued"]
    assert {e[4] for e in queued} == {"Semaphore"}
    assert len({e[2] for e in queued}) == 2  # two of four waited for a permit
    assert max(e[1] for e in result["events"]) == 2000.0


def test_equal_deadlines_fire_in_the_order_they_were_set():
    printed, _ = traced_run("""
import asyncio
async def at_one(n):
    await asyncio.sleep(1)
    print(n)
async def main():
    await asyncio.gather(*(at_one(n) for n in range(20)))
asyncio.run(main())
""")
    assert printed == [(str(n), 1000.0) for n in range(20)]


def test_time_functions_read_the_virtual_clock():
    printed, _ = traced_run("""
import asyncio, time
async def main():
    t0, m0 = time.time(), time.monotonic()
    await asyncio.sleep(1.5)
    time.sleep(0.25)
    print(round(time.time() - t0, 3), round(time.monotonic() - m0, 3))
asyncio.run(main())
""")
    assert printed == [("1.75 1.75", 1750.0)]


def test_a_syntax_error_names_its_line_and_runs_nothing():
    result = run_program("print('never')\ndef f(:\n    pass\n")
    assert result["error"].startswith("SyntaxError")
    assert result["syntax"]["line"] == 2
    assert not [e for e in result["events"] if e[0] == "print"]


def test_an_uncaught_error_has_a_traceback_into_the_program():
    _, result = traced_run(PROGRAMS["uncaught_error"])
    assert result["error"] == "ValueError: bad"
    assert any(line.endswith(", in boom") for line in result["traceback"])
    assert result["traceback"][-1] == "ValueError: bad"


def test_a_coroutine_never_awaited_warns_in_the_console():
    printed, _ = traced_run("""
import asyncio
async def work():
    return 1
async def main():
    work()
asyncio.run(main())
""")
    assert printed == [("RuntimeWarning: coroutine 'work' was never awaited", 0.0)]


def test_a_deadlock_names_the_waiting_tasks():
    _, result = traced_run("""
import asyncio
async def main():
    lock = asyncio.Lock()
    await lock.acquire()
    await asyncio.gather(asyncio.Event().wait(), lock.acquire())
asyncio.run(main())
""")
    assert result["halted"] == "deadlock"
    assert "wait() waits on Event" in result["error"]
    assert "acquire() waits on Lock" in result["error"]


@pytest.mark.parametrize(
    "source, halted",
    [
        ("while True:\n    pass\n", "lines"),
        ("while True: pass\n", "lines"),
        ("import asyncio\nasync def m():\n    while True:\n        await asyncio.sleep(0)\nasyncio.run(m())\n", "steps"),
        ("import asyncio\nasync def m():\n    while True:\n        await asyncio.sleep(60)\nasyncio.run(m())\n", "time"),
        ("import asyncio\nasync def m():\n    await asyncio.sleep(7200)\nasyncio.run(m())\n", "time"),
    ],
)
def test_runaway_programs_stop_at_a_named_budget(monkeypatch, source, halted):
    # Python < 3.12 counts every instruction of the program (no
    # sys.monitoring): give the loop budget room to let the step one act.
    monkeypatch.setattr(tracer, "MAX_LINES", 50_000 if halted == "lines" else 10_000_000)
    monkeypatch.setattr(tracer, "MAX_STEPS", 20_000)
    result = run_program(source)
    assert result["halted"] == halted
    assert result["error"].split(":")[0].endswith("BudgetExceeded")


def test_the_page_worker_posts_a_loop_that_never_waits_while_it_runs(monkeypatch):
    # A real-time program that holds the loop in its own `while` never
    # reaches a wait: the worker still posts its events (main running) a
    # few times a second, so Stop leaves them on the page.
    from playground import worker

    monkeypatch.setattr(tracer, "MAX_LINES", 3_000_000)
    posted = []
    source = (
        "import asyncio\n"
        "async def main():\n"
        "    n = 0\n"
        "    while True:\n"
        "        n += 1\n"
        "asyncio.run(main())\n"
    )
    worker.run_for_page(source, "real", None, None, 500, posted.append)
    assert len(posted) >= 2, posted
    first = json.loads(posted[0])
    assert any(e[0] == "task" for e in first)
    assert any(e[0] == "run" for e in first)


def test_huge_output_is_capped_with_a_note(monkeypatch):
    monkeypatch.setattr(tracer, "MAX_OUTPUT_LINES", 100)
    result = run_program("for i in range(1000):\n    print(i)\n")
    printed = [e[3] for e in result["events"] if e[0] == "print"]
    assert len(printed) == 101
    assert printed[-1] == "[output capped at 100 lines]"


def test_the_simulated_httpx_answers_after_its_latency_and_times_out():
    _, result = traced_run("""
import asyncio, httpx
async def main():
    async with httpx.AsyncClient(timeout=1) as client:
        ok = await client.get("https://api.example.com/users/1")
        try:
            await client.get("https://api.example.com/users/2", timeout=0.2)
        except httpx.ReadTimeout:
            print("timed out")
        return ok.json()
asyncio.run(main())
""", latency_ms=500)
    assert result["result"] == {"id": 1, "name": "Alice"}
    assert [e[1] for e in result["events"] if e[0] == "print"] == [700.0]


def test_requests_blocks_the_loop():
    _, result = traced_run("""
import asyncio, requests
async def fetch():
    requests.get("https://api.example.com/users/1")
async def main():
    await asyncio.gather(fetch(), fetch(), fetch())
asyncio.run(main())
""", latency_ms=300)
    assert max(e[1] for e in result["events"]) == 900.0
    assert len([e for e in result["events"] if e[0] == "block"]) == 3


def test_the_process_state_is_restored_after_a_run():
    before = (time.time, time.sleep, asyncio.run, __import__("sys").stdout)
    run_program("import time, asyncio\nprint(time.time())\n")
    assert (time.time, time.sleep, asyncio.run, __import__("sys").stdout) == before


def test_runs_are_deterministic():
    first = traced_run(PROGRAMS["event_and_condition"])[1]
    second = traced_run(PROGRAMS["event_and_condition"])[1]
    assert first["error"] is None
    assert first == second


def test_importing_a_missing_library_says_what_is_available():
    result = run_program("import pandas\n")
    assert result["error"].startswith("ModuleNotFoundError: No module named 'pandas'")
    assert "httpx, requests and aiohttp simulated" in result["error"]


EVENT_LOOP_WAYS = """
import asyncio

async def say_hello():
    print("Hello")
    await asyncio.sleep(1)
    print("World")

def way_1():
    asyncio.run(say_hello())

def way_2():
    loop = asyncio.get_event_loop()
    loop.run_until_complete(say_hello())
    loop.close()

def today():
    with asyncio.Runner() as runner:
        runner.run(say_hello())

way_2()
"""


@pytest.mark.parametrize("way", ["way_1()", "today()"])
def test_a_last_statement_entry_runs_the_way_it_names_on_a_traced_loop(way):
    result = run_program(EVENT_LOOP_WAYS, entry=f"{tracer.LAST_STATEMENT}{way}")
    printed = [(e[1], e[2], e[3]) for e in result["events"] if e[0] == "print"]
    assert result["error"] is None
    # Runner's loop comes from new_event_loop(): traced, its task on main's lane.
    assert printed == [(0.0, 0, "Hello"), (1000.0, 0, "World")]


def test_get_event_loop_follows_the_running_cpython():
    result = run_program(EVENT_LOOP_WAYS)
    if sys.version_info >= (3, 14):
        # 3.14: no implicit loop any more.
        assert result["error"] == "RuntimeError: There is no current event loop in thread 'MainThread'."
    else:
        # Before, the policy made one (3.12-3.13 with a DeprecationWarning).
        assert [e[3] for e in result["events"] if e[0] == "print" and not e[3].startswith("DeprecationWarning")] == ["Hello", "World"]


def test_the_page_policy_is_put_back_after_a_run():
    before = asyncio.events._get_event_loop_policy() if hasattr(asyncio.events, "_get_event_loop_policy") else asyncio.get_event_loop_policy()
    run_program(EVENT_LOOP_WAYS)
    after = asyncio.events._get_event_loop_policy() if hasattr(asyncio.events, "_get_event_loop_policy") else asyncio.get_event_loop_policy()
    assert after is before


def timers(result):
    """Each timer set, by id: (set at, owner lane, deadline, label), and
    its timer_done times."""
    events = result["events"]
    set_ = {e[3]: tuple(e[1:3]) + tuple(e[4:6]) for e in events if e[0] == "timer"}
    done = {}
    for e in events:
        if e[0] == "timer_done":
            assert e[2] is None
            done.setdefault(e[3], []).append(e[1])
    return set_, done


def line_of(source, text):
    """The 1-based line of `source` holding `text` (once)."""
    lines = [n for n, line in enumerate(source.splitlines(), 1) if text in line]
    assert len(lines) == 1, text
    return lines[0]


def test_a_sleep_sets_a_timer_owned_by_its_task():
    _, result = traced_run("""
import asyncio
async def nap():
    await asyncio.sleep(0.5)
async def main():
    await asyncio.create_task(nap())
asyncio.run(main())
""")
    lanes = {e[3]: e[2] for e in result["events"] if e[0] == "task"}
    set_, done = timers(result)
    assert list(set_.values()) == [(0.0, lanes["nap()"], 500.0, "sleep")]
    assert list(done.values()) == [[500.0]]


def test_a_wait_for_that_completes_cancels_its_timeout_timer():
    _, result = traced_run("""
import asyncio
async def main():
    await asyncio.wait_for(asyncio.sleep(1), timeout=2)
asyncio.run(main())
""")
    set_, done = timers(result)
    timeouts = [id for id, (_, _, _, label) in set_.items() if label == "timeout"]
    assert len(timeouts) == 1
    assert set_[timeouts[0]] == (0.0, 0, 2000.0, "timeout")
    assert done[timeouts[0]] == [1000.0]
    assert all(len(times) == 1 for times in done.values())
    assert set(done) == set(set_)


def test_a_timeout_that_expires_fires_at_its_deadline():
    _, result = traced_run(PROGRAMS["timeout"])
    set_, done = timers(result)
    by_label = sorted((label, deadline, done.get(id)) for id, (_, _, deadline, label) in set_.items())
    assert by_label == [
        ("sleep", 3000.0, [3000.0]),  # asyncio.sleep(1) after it
        ("sleep", 5000.0, [2000.0]),  # cancelled by the timeout
        ("timeout", 2000.0, [2000.0]),
    ]


def test_a_wait_says_the_program_line_its_task_is_suspended_at():
    source = """import asyncio
async def fetch():
    await asyncio.sleep(1)  # fetch waits
    return 1
async def worker(sem):
    async with sem:  # worker queues
        await fetch()
async def main():
    sem = asyncio.Semaphore(1)
    await asyncio.gather(worker(sem), worker(sem))  # main waits
asyncio.run(main())
"""
    result = run_program(source)
    lanes = {e[2]: e[3] for e in result["events"] if e[0] == "task"}
    waits = [(lanes[e[2]], e[3], e[5]) for e in result["events"] if e[0] == "wait"]
    assert all(len(e) == 6 for e in result["events"] if e[0] == "wait")
    main, queued, fetching = (
        line_of(source, "# main waits"), line_of(source, "# worker queues"), line_of(source, "# fetch waits"),
    )
    assert ("main", "waiting", main) in waits
    # A nested coroutine of the program: its await, not its caller's.
    assert ("worker(sem)", "waiting", fetching) in waits
    # Left the program for asyncio's Semaphore.acquire: the program's line.
    assert ("worker(sem)", "queued", queued) in waits
    assert {line for _, _, line in waits} == {main, queued, fetching}


def test_a_wait_inside_an_async_generator_says_its_line():
    source = """import asyncio
async def ticks(n):
    for i in range(n):
        await asyncio.sleep(1)  # tick
        yield i
async def main():
    async for i in ticks(2):
        pass
asyncio.run(main())
"""
    result = run_program(source)
    lines = {e[5] for e in result["events"] if e[0] == "wait"}
    assert lines == {line_of(source, "# tick")}


def test_a_task_outside_the_program_waits_at_no_line():
    source = """import asyncio
async def main():
    await asyncio.gather(asyncio.sleep(1))
asyncio.run(main())
"""
    result = run_program(source)
    lanes = {e[2]: e[3] for e in result["events"] if e[0] == "task"}
    waits = {lanes[e[2]]: e[5] for e in result["events"] if e[0] == "wait"}
    assert waits["main"] == line_of(source, "gather")
    assert [line for name, line in waits.items() if name != "main"] == [None]


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_every_timer_is_done_at_most_once_and_after_it_was_set(name):
    _, result = traced_run(PROGRAMS[name])
    set_at = {}
    done = set()
    for index, e in enumerate(result["events"]):
        if e[0] == "timer":
            assert e[3] not in set_at
            set_at[e[3]] = e[1]
            assert isinstance(e[2], int) and isinstance(e[5], str) and e[4] >= e[1]
        elif e[0] == "timer_done":
            assert e[3] in set_at, f"timer_done before its timer at event {index}"
            assert e[3] not in done
            assert e[1] >= set_at[e[3]]
            done.add(e[3])
    assert set_at
