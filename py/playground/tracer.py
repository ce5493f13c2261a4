"""Runs an asyncio program on an instrumented event loop and records what
every task did, as events the page's recorder turns into a trace.

One loop class serves both clocks: in virtual time the loop never waits (the
clock jumps to the next timer, and "nothing ready, nothing scheduled" is a
deadlock); in real time it waits for real. Tasks are CPython's own (C) tasks:
every task step and wake-up reaches the loop through ``call_soon`` with the
task as the callback's ``__self__``, so wrapping that one method sees each
task become ready, start a step and end it.

Events (lists, times in ms from the start of the program):

    ["task", t, id, name, parent]     a lane is created
    ["ready", t, id]                  the task's next step is queued
    ["run", t, id]                    a step starts
    ["wait", t, id, state, on, line]  a step ends; the task waits ("waiting"
                                      or "queued") on `on`, suspended at
                                      `line` of the program (null: unknown)
    ["hold", t, id, on]               the running task holds the loop (a
                                      blocking call); `on` null when it ends
    ["block", t0, t1]                 the loop was held from t0 to t1
    ["end", t, id, outcome, value, error]
    ["print", t, id, text]
    ["timer", t, id, timer, deadline, label]
                                      task `id` (null: none) set a timer
                                      (`timer`: its number in the run) due at
                                      `deadline`; label "sleep", "timeout"
                                      or the callback's name
    ["timer_done", t, null, timer]    the timer fired (t: its deadline, as
                                      the "ready" it causes) or was
                                      cancelled; once per timer at most (a
                                      timer left set when its loop closes
                                      never has one)
"""
import ast
import asyncio
import builtins
import gc
import heapq
import io
import itertools
import json
import re
import sys
import time
import traceback
import types
import warnings
from asyncio import events, futures, runners
from asyncio import tasks as asyncio_tasks

PROGRAM = "<program>"

# Budgets: a runaway program stops at the first one it reaches, with a
# message that names it.
MAX_STEPS = 100_000
MAX_LINES = 20_000_000
MAX_VIRTUAL_MS = 3_600_000
MAX_REAL_MS = 120_000
MAX_TASKS = 20_000
MAX_OUTPUT_LINES = 5_000
MAX_LINE_CHARS = 2_000

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


class Halt(KeyboardInterrupt):
    """Ends the whole program at once (budget, deadlock, Stop). asyncio lets
    only KeyboardInterrupt and SystemExit out of a task step or a callback;
    every other exception would be kept in the task and the loop would go
    on."""

    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind
        self.message = message


def ms(seconds):
    """Seconds as milliseconds, rounded to a nanosecond so that 0.1 + 0.2
    s is 300 ms, as the page prints it."""
    return round(seconds * 1000.0, 6)


def plain(text):
    """A repr without memory addresses, so that runs compare equal."""
    return _ADDRESS.sub(" at 0x…", text)


def to_json(value, depth=0):
    """A program's value as JSON; anything else as its repr."""
    if value is None or isinstance(value, (bool, int, str)):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**53:
            return str(value)
        return value
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else repr(value)
    if depth < 8 and isinstance(value, (list, tuple)):
        return [to_json(v, depth + 1) for v in value[:1000]]
    if depth < 8 and isinstance(value, dict):
        return {str(k): to_json(v, depth + 1) for k, v in itertools.islice(value.items(), 1000)}
    if isinstance(value, BaseException):
        return plain(repr(value))
    return plain(repr(value))[:MAX_LINE_CHARS]


class CPUTime(float):
    """What time.process_time() answers in a simulated run: seconds of CPU
    that add and subtract to the nanosecond, so that a loop computing
    `while time.process_time() - start < 0.1` stops after exactly 100 ms
    of reads, whatever `start` was (0.3 - 0.2 is 0.1 here)."""

    def __add__(self, other):
        value = float.__add__(self, other)
        return CPUTime(round(value, 9)) if value is not NotImplemented else value

    __radd__ = __add__

    def __sub__(self, other):
        value = float.__sub__(self, other)
        return round(value, 9) if value is not NotImplemented else value

    def __rsub__(self, other):
        value = float.__rsub__(self, other)
        return round(value, 9) if value is not NotImplemented else value


def error_text(exc):
    text = str(exc)
    name = type(exc).__name__
    return f"{name}: {text}" if text else name


class Clock:
    """Virtual: a number the loop advances. Real: the machine's clock."""

    def __init__(self, virtual, real_clock, real_wait):
        self.virtual = virtual
        self._real_clock = real_clock
        self._real_wait = real_wait
        self._origin = real_clock()
        self._now = 0.0

    def now(self):
        if self.virtual:
            return self._now
        return self._real_clock() - self._origin

    def advance(self, seconds):
        """Holds for `seconds`: the virtual clock jumps, the real one waits."""
        if seconds <= 0:
            return
        if self.virtual:
            self._now += seconds
        else:
            self._real_wait(seconds)


class Recorder:
    """Collects the events; ids are lane numbers in creation order."""

    def __init__(self, clock):
        self.clock = clock
        self.events = []
        self.ids = {}
        self.names = []
        self.output_lines = 0
        self.output_capped = False
        self.frozen = False
        self.current = None
        self.halt = None

    def stop(self, kind, message):
        """Freezes the record where it is: what the loop does while it
        unwinds after a halt is not part of the program's run."""
        if self.halt is None:
            self.halt = Halt(kind, message)
            self.frozen = True
        return self.halt

    def t(self):
        return ms(self.clock.now())

    def emit(self, *event):
        if not self.frozen:
            self.events.append(list(event))

    def lane(self, name, parent):
        lane = len(self.names)
        if lane >= MAX_TASKS:
            raise self.stop("tasks", f"the program created more than {MAX_TASKS:,} tasks")
        self.names.append(name)
        self.emit("task", self.t(), lane, name, parent)
        return lane

    def print(self, text):
        """One printed line (one print() call, even if its text spans
        lines), addresses made stable."""
        lane = self.current if self.current is not None else 0
        for line in (plain(text),):
            if self.output_lines >= MAX_OUTPUT_LINES:
                if not self.output_capped:
                    self.output_capped = True
                    self.emit(
                        "print", self.t(), lane,
                        f"[output capped at {MAX_OUTPUT_LINES:,} lines]",
                    )
                return
            self.output_lines += 1
            if len(line) > MAX_LINE_CHARS:
                line = line[:MAX_LINE_CHARS] + "…"
            self.emit("print", self.t(), lane, line)


def describe_args(coro):
    """`fetch_user(3)`: the coroutine's name and the values it was called
    with. Numbers, booleans and short strings show as values; anything else
    (objects, whose repr holds an address) by its parameter's name. A
    method shows its receiver's label when it has one (`client.get(...)`)."""
    code = getattr(coro, "cr_code", None)
    frame = getattr(coro, "cr_frame", None)
    if code is None:
        return type(coro).__name__
    shown = []
    receiver = ""
    if frame is not None:
        names = code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]
        local = frame.f_locals
        for index, name in enumerate(names):
            if name not in local:
                continue
            value = local[name]
            if index == 0 and name == "self":
                label = getattr(value, "_playground_label", None)
                receiver = f"{label}." if label else ""
            elif isinstance(value, (bool, int, float)):
                shown.append(repr(value))
            elif isinstance(value, str) and len(value) <= 60:
                shown.append(json.dumps(value, ensure_ascii=False))
            else:
                shown.append(name)
    return f"{receiver}{code.co_name}({', '.join(shown)})"


# Where a coroutine chain stops tells what a task waits for.
_QUEUED = {
    "Semaphore.acquire": "Semaphore",
    "BoundedSemaphore.acquire": "Semaphore",
    "Lock.acquire": "Lock",
    "Condition.wait": "Condition",
    "Condition.wait_for": "Condition",
    "Queue.get": "Queue.get (empty)",
    "Queue.put": "Queue.put (full)",
}
_WAITING = {
    "Event.wait": "Event",
    "Barrier.wait": "Barrier",
    "TaskGroup.__aexit__": "TaskGroup",
    "Timeout.__aexit__": "timeout",
    "wait": "wait",
    "_wait": "wait",
    "wait_for": "wait_for",
    "staggered_race": "staggered_race",
}


def _awaited(obj):
    """What a coroutine, generator or async generator awaits now, if any."""
    return (
        getattr(obj, "cr_await", None)
        or getattr(obj, "gi_yieldfrom", None)
        or getattr(obj, "ag_await", None)
    )


def _chain(task):
    coro = task.get_coro()
    seen = 0
    while coro is not None and seen < 64:
        seen += 1
        code = (
            getattr(coro, "cr_code", None)
            or getattr(coro, "gi_code", None)
            or getattr(coro, "ag_code", None)
        )
        if code is not None:
            yield getattr(code, "co_qualname", code.co_name), coro
        coro = _awaited(coro)


def _suspended_line(task):
    """The line of the program where the task is suspended: the innermost
    frame of the program along its await chain (None if the chain never
    enters the program). The chain ends at what has no frame (a future's
    iterator); an async generator's `asend` is followed to its generator."""
    obj = task.get_coro()
    line = None
    seen = 0
    while obj is not None and seen < 64:
        seen += 1
        frame = (
            getattr(obj, "cr_frame", None)
            or getattr(obj, "ag_frame", None)
            or getattr(obj, "gi_frame", None)
        )
        if frame is not None and frame.f_code.co_filename == PROGRAM:
            line = frame.f_lineno
        if type(obj) in _ASYNC_GEN_AWAITABLES:
            obj = next(
                (r for r in gc.get_referents(obj) if isinstance(r, types.AsyncGeneratorType)),
                None,
            )
            continue
        obj = _awaited(obj)
    return line


def _async_gen_awaitables():
    """The types of `agen.asend()` and `agen.athrow()`: what awaiting an
    async generator (`async for`, `anext`, `@asynccontextmanager`) awaits.
    They say nothing of their generator but to the garbage collector."""
    async def agen():
        yield

    gen = agen()
    awaitables = (gen.asend(None), gen.athrow(GeneratorExit))
    found = frozenset(type(a) for a in awaitables)
    for awaitable in awaitables:
        awaitable.close()
    return found


_ASYNC_GEN_AWAITABLES = _async_gen_awaitables()

# Timer callbacks that are a sleep or a timeout: asyncio.sleep; the
# Timeout of asyncio.timeout() (and wait_for since 3.12); wait_for before
# 3.12 and asyncio.wait(timeout=); as_completed(timeout=).
_SLEEP_CALLBACK = getattr(futures, "_set_result_unless_cancelled", None)
_ON_TIMEOUT = getattr(getattr(getattr(asyncio, "timeouts", None), "Timeout", None), "_on_timeout", None)
_RELEASE_WAITER = getattr(asyncio_tasks, "_release_waiter", None)
_TIMEOUT_QUALNAMES = ("as_completed.<locals>._on_timeout", "_AsCompletedIterator._handle_timeout")


def _timer_label(callback):
    if callback is _SLEEP_CALLBACK:
        return "sleep"
    function = callback.__func__ if type(callback) is types.MethodType else callback
    if function is not None and (function is _ON_TIMEOUT or function is _RELEASE_WAITER):
        return "timeout"
    try:
        name = callback.__qualname__
    except Exception:
        name = None
    if not isinstance(name, str):
        return plain(repr(callback))[:200]
    if name in _TIMEOUT_QUALNAMES and getattr(callback, "__module__", None) == "asyncio.tasks":
        return "timeout"
    return name


class TracingLoop(asyncio.BaseEventLoop):
    """asyncio's own event loop with a clock of ours and every task step
    recorded."""

    def __init__(self, program):
        super().__init__()
        self._program = program
        self._rec = program.recorder
        self._clock = program.clock
        self._selector = self
        self._seq = itertools.count()
        self._firing_when = None
        self._steps = 0
        self._lanes = {}

    # -- the clock -----------------------------------------------------

    def time(self):
        return self._clock.now()

    def select(self, timeout):
        """What BaseEventLoop._run_once calls to wait for I/O or a timer."""
        self._program.check_halt()
        if timeout is None:
            self._program.deadlock(self)
        if timeout > 0:
            limit = MAX_VIRTUAL_MS if self._clock.virtual else MAX_REAL_MS
            if ms(self._clock.now() + timeout) > limit:
                which = "virtual" if self._clock.virtual else "real"
                raise self._rec.stop(
                    "time",
                    f"the program would run past {limit // 60000} minutes of {which} time",
                )
            self._clock.advance(timeout)
        return []

    def _process_events(self, event_list):
        pass

    async def shutdown_default_executor(self, timeout=None):
        # asyncio joins the default executor from a thread of its own;
        # Pyodide starts none, and the executor is a simulated one
        # (fakes._executors) whose shutdown waits on this clock.
        self._executor_shutdown_called = True
        executor, self._default_executor = self._default_executor, None
        if executor is not None:
            executor.shutdown(wait=True)

    def _write_to_self(self):
        pass

    # -- timers keep FIFO order at equal deadlines ----------------------

    def call_at(self, when, callback, *args, context=None):
        self._check_closed()
        seq = next(self._seq)
        timer = _Timer(when, seq, self._fire, (when, callback, args), self, context)
        heapq.heappush(self._scheduled, timer)
        timer._scheduled = True
        rec = self._rec
        timer._set_at = now = rec.t()
        rec.emit("timer", now, rec.current, seq, ms(when), _timer_label(callback))
        return timer

    def _fire(self, when, callback, args):
        # A timer that fires late (after a blocking call) made its task
        # ready at its deadline, not when the loop got to it.
        self._firing_when = when
        try:
            callback(*args)
        finally:
            self._firing_when = None

    # -- tasks -----------------------------------------------------------

    def call_soon(self, callback, *args, context=None):
        task = getattr(callback, "__self__", None)
        if not isinstance(task, asyncio.Task):
            return super().call_soon(callback, *args, context=context)
        lane = self._lanes.get(id(task))
        if lane is None:
            # A new task schedules its first step from its constructor:
            # this is the first the loop hears of it.
            lane = self._program.adopt(self, task)
            if lane is None:
                return super().call_soon(callback, *args, context=context)
        when = self._firing_when if self._firing_when is not None else self._clock.now()
        self._rec.emit("ready", ms(when), lane)
        return super().call_soon(self._step, task, lane, callback, *args, context=context)

    def _step(self, task, lane, callback, *args):
        rec = self._rec
        self._steps += 1
        if self._steps > MAX_STEPS:
            raise rec.stop(
                "steps",
                f"the event loop ran {MAX_STEPS:,} steps (a loop that never waits for time?)",
            )
        rec.emit("run", rec.t(), lane)
        outer = rec.current
        rec.current = lane
        try:
            callback(*args)
        finally:
            rec.current = outer
            self._after_step(task, lane)

    def _after_step(self, task, lane):
        rec = self._rec
        if task.done():
            self._program.task_ended(task, lane)
            return
        state, on = self._program.waiting_on(task)
        rec.emit("wait", rec.t(), lane, state, on, _suspended_line(task))


class _Timer(events.TimerHandle):
    """A TimerHandle ordered by (deadline, creation): equal deadlines fire in
    the order they were set, as the page's engine does. It says when it is
    done ("timer_done"), once: when it fires or when it is cancelled."""

    __slots__ = ("_seq", "_set_at")

    def __init__(self, when, seq, callback, args, loop, context):
        super().__init__(when, callback, args, loop, context=context)
        self._seq = seq
        # When the timer was set; None once it is done.
        self._set_at = None

    def _run(self):
        # Fires (BaseEventLoop._run_once runs a due timer's handle): done
        # at its deadline, as the "ready" it causes says, never before it
        # was set.
        if self._set_at is not None:
            at = max(ms(self._when), self._set_at)
            self._set_at = None
            self._loop._rec.emit("timer_done", at, None, self._seq)
        super()._run()

    def cancel(self):
        if self._set_at is not None:
            self._set_at = None
            rec = self._loop._rec
            rec.emit("timer_done", rec.t(), None, self._seq)
        super().cancel()

    def __lt__(self, other):
        return (self._when, self._seq) < (other._when, other._seq)

    def __le__(self, other):
        return (self._when, self._seq) <= (other._when, other._seq)

    def __gt__(self, other):
        return (self._when, self._seq) > (other._when, other._seq)

    def __ge__(self, other):
        return (self._when, self._seq) >= (other._when, other._seq)


class Program:
    """One run of a program: its clock, its recorder, the patches it runs
    under, and the trace it leaves."""

    def __init__(self, source, *, virtual=True, entry=None, setup=None,
                 latency_ms=500, real_clock=None, real_wait=None, on_busy=None):
        self.source = source
        self.on_busy = on_busy
        self.entry = entry
        self.setup = setup
        self.latency_ms = latency_ms
        self.clock = Clock(
            virtual,
            real_clock or time.perf_counter,
            real_wait or _busy_wait(real_clock or time.perf_counter),
        )
        self.recorder = Recorder(self.clock)
        self.tasks = []
        self.result = None
        self.error = None
        self.traceback = []
        self.first_run = True
        self.first_main = True
        # The simulated pool worker running a function now (fakes._Job), if
        # any: time.sleep and time.process_time are its own there.
        self.worker = None
        # The loop's CPU time in virtual time (ns), and the computation in
        # progress: (lane, clock) of its last read, its "hold" event.
        self.cpu_ns = 0
        self.cpu_stretch = None
        self.cpu_hold = None
        self.real_process_time = time.process_time

    # -- what the loop asks ----------------------------------------------

    @property
    def halt(self):
        return self.recorder.halt

    def check_halt(self):
        if self.recorder.halt is not None:
            raise self.recorder.halt

    def adopt(self, loop, task):
        """Gives a new task its lane (None for asyncio.run's own clean-up)."""
        rec = self.recorder
        coro = task.get_coro()
        code = getattr(coro, "cr_code", None)
        if code is not None and code.co_name in _RUNNER_CLEANUP and (
            "asyncio" in code.co_filename or code.co_filename == __file__
        ):
            return None
        if getattr(loop, "_main_pending", False):
            loop._main_pending = False
            lane = 0 if self.first_main else rec.lane(describe_args(coro), None)
            self.first_main = False
        else:
            name = task.get_name()
            if re.fullmatch(r"Task-\d+", name or ""):
                name = describe_args(coro)
            parent = rec.current if rec.current is not None else 0
            lane = rec.lane(name, parent)
        loop._lanes[id(task)] = lane
        self.tasks.append((task, lane))
        return lane

    def waiting_on(self, task):
        waiter = getattr(task, "_fut_waiter", None)
        innermost = None
        for qualname, _coro in _chain(task):
            if qualname in _QUEUED:
                return "queued", _QUEUED[qualname]
            innermost = qualname
        if isinstance(waiter, asyncio.Task):
            for other, lane in self.tasks:
                if other is waiter:
                    return "waiting", self.recorder.names[lane]
        if waiter is not None and type(waiter).__name__ == "_GatheringFuture":
            return "waiting", "gather"
        if innermost == "sleep":
            delay = None
            for qualname, coro in _chain(task):
                if qualname == "sleep" and coro.cr_frame is not None:
                    delay = coro.cr_frame.f_locals.get("delay")
            if isinstance(delay, (int, float)):
                return "waiting", f"sleep({_show_ms(ms(delay))} ms)"
            return "waiting", "sleep"
        if innermost in _WAITING:
            return "waiting", _WAITING[innermost]
        if innermost is not None and innermost.startswith("_Fake"):
            return "waiting", "network"
        return "waiting", None

    def task_ended(self, task, lane):
        rec = self.recorder
        value, error = None, None
        if task.cancelled():
            outcome = "cancelled"
            error = "CancelledError"
        else:
            # `_exception` reads it without marking it retrieved: whether
            # the program ever looks is told at the end of its loop.
            exc = task._exception
            if exc is None:
                outcome, value = "done", to_json(task.result())
            else:
                outcome = "timed_out" if isinstance(exc, TimeoutError) else "failed"
                error = error_text(exc)
        if lane == 0:
            # The main coroutine is over; the program's top level goes on
            # on the same lane, which ends with the program.
            rec.emit("run", rec.t(), 0)
            return
        rec.emit("end", rec.t(), lane, outcome, value, error)

    def unretrieved_errors(self, loop):
        """CPython logs "Task exception was never retrieved" and "Task was
        destroyed but it is pending!" when such a task is garbage-collected,
        at no fixed time and with its repr; here they are said when its loop
        closes, by lane name, and the late log is silenced."""
        for task, lane in self.tasks:
            if not task.done() and getattr(task, "_log_destroy_pending", False):
                # Abandoned by asyncio.run (created while it cleaned up).
                task._log_destroy_pending = False
                self.recorder.print(
                    f"Task was destroyed but it is pending: {self.recorder.names[lane]}"
                )
            if task.done() and not task.cancelled() and getattr(task, "_log_traceback", False):
                task._log_traceback = False
                self.recorder.print(
                    f"Task exception was never retrieved: {self.recorder.names[lane]} "
                    f"raised {error_text(task._exception)}"
                )

    def deadlock(self, loop):
        waiting = []
        for task, lane in self.tasks:
            if not task.done():
                state, on = self.waiting_on(task)
                waiting.append(f"{self.recorder.names[lane]} waits on {on or 'a future'}")
        shown = "; ".join(waiting[:8])
        if len(waiting) > 8:
            shown += f"; and {len(waiting) - 8} more"
        raise self.recorder.stop(
            "deadlock",
            f"deadlock: no task can run and no timer is set ({shown or 'nothing is waiting'})",
        )

    # -- what the program calls instead of the real thing --------------------

    def asyncio_run(self, main, *, debug=None, loop_factory=None):
        if events._get_running_loop() is not None:
            raise RuntimeError("asyncio.run() cannot be called from a running event loop")
        if not asyncio.iscoroutine(main):
            raise ValueError(f"a coroutine was expected, got {main!r}")
        if self.first_run and self.entry is not None:
            # The variant asked for: statements, then the coroutine to run
            # in place of the program's own main.
            main.close()
            *statements, expression = self.entry.strip().split("\n")
            if statements:
                exec(compile("\n".join(statements), "<variant>", "exec"), self.namespace)
            main = eval(compile(expression, "<variant>", "eval"), self.namespace)
        first = self.first_run
        self.first_run = False
        loop = TracingLoop(self)
        loop._main_pending = True
        try:
            with asyncio.Runner(debug=debug, loop_factory=lambda: loop) as runner:
                value = runner.run(main)
        finally:
            if self.halt is None:
                self.unretrieved_errors(loop)
        if first:
            self.result = value
        return value

    def cancel_all_tasks(self, loop):
        """asyncio.run's clean-up (runners._cancel_all_tasks), word for
        word, but cancelling the leftover tasks in the order they were
        created: CPython takes them from a set, in an order that changes
        from run to run, and a trace must not."""
        created = {id(task): n for n, (task, _lane) in enumerate(self.tasks)}
        to_cancel = sorted(asyncio.all_tasks(loop), key=lambda t: created.get(id(t), len(created)))
        if not to_cancel:
            return
        for task in to_cancel:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*to_cancel, return_exceptions=True))
        for task in to_cancel:
            if task.cancelled():
                continue
            if task.exception() is not None:
                loop.call_exception_handler({
                    "message": "unhandled exception during asyncio.run() shutdown",
                    "exception": task.exception(),
                    "task": task,
                })

    def blocking_sleep(self, seconds):
        """time.sleep: holds the loop (and every task in it)."""
        seconds = float(seconds)
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        if self.worker is not None:
            return self.worker.sleep(seconds)
        rec = self.recorder
        lane = rec.current if rec.current is not None else 0
        start = rec.t()
        if ms(self.clock.now() + seconds) > (MAX_VIRTUAL_MS if self.clock.virtual else MAX_REAL_MS):
            raise rec.stop("time", "time.sleep would run past the time budget")
        rec.emit("hold", start, lane, f"blocking call ({_show_ms(ms(seconds))} ms)")
        self.clock.advance(seconds)
        end = rec.t()
        rec.emit("hold", end, lane, None)
        rec.emit("block", start, end)

    def process_time(self):
        """time.process_time: a simulated worker's own clock inside a pool
        (fakes._executors), else the loop's thread's."""
        if self.worker is not None:
            return self.worker.process_time()
        return self.loop_process_time()

    def loop_process_time(self):
        """The loop's thread's CPU time. In virtual time code computes only
        as far as it reads this clock: between two reads in one stretch of
        running code (the same task, the clock not moved since) 1 ms of CPU
        passes, holding the loop like a blocking call; the first read of a
        stretch costs nothing, so `while process_time() - start < 1: pass`
        computes for exactly 1 s, in one hold. In real time: the real
        clock."""
        if not self.clock.virtual:
            return self.real_process_time()
        rec = self.recorder
        lane = rec.current if rec.current is not None else 0
        if self.cpu_stretch == (lane, self.clock.now()):
            self._compute(lane, 1_000_000)
        self.cpu_stretch = (lane, self.clock.now())
        return CPUTime(self.cpu_ns / 1e9)

    def _compute(self, lane, ns):
        """`ns` of CPU on the loop: the clock moves and the loop is held; a
        hold that goes on with nothing recorded in between grows instead of
        starting anew."""
        rec = self.recorder
        seconds = ns / 1e9
        if ms(self.clock.now() + seconds) > MAX_VIRTUAL_MS:
            raise rec.stop("time", "the computation would run past the time budget")
        events, hold = rec.events, self.cpu_hold
        now = rec.t()
        if (hold is not None and not rec.frozen and len(events) >= 3 and events[-3] is hold
                and events[-2][:3] == ["hold", now, lane] and events[-1] == ["block", hold[1], now]):
            del events[-2:]
        else:
            rec.emit("hold", now, lane, None)
            hold = self.cpu_hold = events[-1] if not rec.frozen else None
        self.clock.advance(seconds)
        self.cpu_ns += ns
        end = rec.t()
        if hold is not None:
            hold[3] = f"blocking call ({_show_ms(ms((end - hold[1]) / 1000.0))} ms)"
            rec.emit("hold", end, lane, None)
            rec.emit("block", hold[1], end)

    # -- running ----------------------------------------------------------

    def run(self):
        """Runs the program; never raises (the outcome is in the trace)."""
        from . import fakes

        rec = self.recorder
        rec.lane("main", None)
        rec.emit("run", 0.0, 0)
        rec.current = 0
        self.code = None
        patches = _Patches(self, fakes)
        try:
            code = compile(self.source, PROGRAM, "exec")
        except SyntaxError as exc:
            self.error = f"SyntaxError: {exc.msg}"
            self.traceback = [f'  File "{PROGRAM}", line {exc.lineno}, column {exc.offset or 0}']
            if exc.text:
                self.traceback.append("    " + exc.text.rstrip("\n"))
            self.syntax = {"line": exc.lineno or 0, "column": exc.offset or 0, "message": exc.msg}
            self._finish(failed=True)
            return
        if self.entry is not None and self.entry.startswith(LAST_STATEMENT):
            code = self._with_last_statement(self.entry[len(LAST_STATEMENT):])
            self.entry = None
        self.code = code
        self.namespace = {"__name__": "__main__", "__builtins__": builtins}
        failed = False
        with patches:
            try:
                if self.setup:
                    exec(compile(self.setup, "<setup>", "exec"),
                         {**fakes.setup_namespace(), "__builtins__": builtins})
                exec(code, self.namespace)
                self.result = to_json(self.result)
                # Coroutines never awaited warn when they are destroyed:
                # let that happen now, inside the run, not at some later
                # garbage collection.
                self.namespace.clear()
                self.tasks = []
                gc.collect()
            except Halt as halt:
                self.recorder.stop(halt.kind, halt.message)
                self.error = f"{_HALT_NAMES.get(halt.kind, 'Stopped')}: {halt.message}"
                failed = True
            except BaseException as exc:  # the program's own uncaught error
                failed = True
                self.error = error_text(exc)
                self.traceback = _program_traceback(exc)
                if isinstance(exc, ModuleNotFoundError) and exc.name not in sys.modules:
                    self.error += f" ({AVAILABLE})"
            if failed and self.halt is None:
                # As after a clean run: what the error's frames kept (a
                # coroutine never awaited) is let go, and warns, now.
                self.namespace.clear()
                self.tasks = []
                gc.collect()
        self._finish(failed)

    def _with_last_statement(self, statements):
        """The program with its last top-level statement replaced: how a
        variant runs a listing whose last line calls the way it shows
        (`way_2()  # or: way_1()`), where no asyncio.run names the entry."""
        tree = ast.parse(self.source, PROGRAM)
        if tree.body:
            last = tree.body.pop()
            for node in ast.parse(statements, "<variant>").body:
                ast.increment_lineno(node, last.lineno - 1)
                tree.body.append(node)
        return compile(tree, PROGRAM, "exec")

    def _finish(self, failed):
        rec = self.recorder
        rec.current = None
        if self.halt is not None:
            rec.frozen = True
            return
        end = rec.t()
        rec.emit("end", end, 0, "failed" if failed else "done",
                 None if failed else to_json(self.result), self.error if failed else None)

    def trace(self):
        return {
            "events": self.recorder.events,
            "result": None if self.error else to_json(self.result),
            "error": self.error,
            "traceback": self.traceback,
            "halted": self.halt.kind if self.halt else None,
            "syntax": getattr(self, "syntax", None),
        }


# What a program can import here, said when it imports something else.
AVAILABLE = (
    "this page's Python has the standard library, and httpx, requests and "
    "aiohttp simulated: each request is answered after latency_ms; also "
    "sqlalchemy, models.user, core.database, fastapi and fake_clients"
)

_RUNNER_CLEANUP = ("shutdown_asyncgens", "shutdown_default_executor")

# An entry starting with this replaces the program's last statement instead
# of the coroutine of its first asyncio.run.
LAST_STATEMENT = "@last "

# asyncio's own event loop policy (Pyodide installs a browser one whose
# get_event_loop always answers): the program meets CPython's rules, e.g.
# 3.14's RuntimeError from get_event_loop() when no loop was set. Named
# with an underscore since 3.14, when policies were deprecated.
_DefaultPolicy = getattr(events, "_BaseDefaultEventLoopPolicy", None) or events.BaseDefaultEventLoopPolicy
_get_policy = getattr(events, "_get_event_loop_policy", None) or events.get_event_loop_policy
_set_policy = getattr(events, "_set_event_loop_policy", None) or events.set_event_loop_policy


def _policy(program):
    class Policy(_DefaultPolicy):
        def _loop_factory(self):
            # new_event_loop(), asyncio.Runner(): a traced loop, whose first
            # task is the program's main lane, as asyncio.run's is.
            loop = TracingLoop(program)
            loop._main_pending = True
            return loop

    return Policy()

_HALT_NAMES = {
    "deadlock": "Deadlock",
    "steps": "StepBudgetExceeded",
    "lines": "LineBudgetExceeded",
    "time": "TimeBudgetExceeded",
    "tasks": "TaskBudgetExceeded",
    "stopped": "Stopped",
}


def _show_ms(value):
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text or "0"


def _busy_wait(clock):
    def wait(seconds):
        until = clock() + seconds
        while clock() < until:
            pass
    return wait


def _program_traceback(exc):
    """The traceback's frames in the program only, CPython's wording."""
    lines = []
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == PROGRAM:
            lines.append(f'  File "{PROGRAM}", line {frame.lineno}, in {frame.name}')
            if frame.line:
                lines.append(f"    {frame.line}")
    lines.append(error_text(exc))
    return lines


class _Output(io.TextIOBase):
    """sys.stdout / sys.stderr of the program: each finished line becomes a
    printed line of the trace, with its time and task."""

    def __init__(self, recorder):
        self._rec = recorder
        self._partial = ""

    def writable(self):
        return True

    def write(self, text):
        text = str(text)
        self._partial += text
        # What print() writes ends with its `end`: one call, one line.
        if self._partial.endswith("\n"):
            self._rec.print(self._partial[:-1])
            self._partial = ""
        return len(text)

    def flush(self):
        pass

    def finish(self):
        if self._partial:
            self._rec.print(self._partial)
            self._partial = ""


# A fixed wall-clock origin for virtual time: time.time() and
# datetime.now() give the same values on every run.
VIRTUAL_EPOCH = 1_767_225_600.0  # 2026-01-01 00:00:00 UTC


class _Patches:
    """What the program runs under, and everything put back afterwards:
    print and warnings into the trace, time on the run's clock, asyncio.run
    on the tracing loop, the simulated HTTP libraries, and a line budget."""

    def __init__(self, program, fakes):
        self.program = program
        self.fakes = fakes

    def __enter__(self):
        import datetime as real_datetime
        import random

        program, rec, clock = self.program, self.program.recorder, self.program.clock
        self.saved_time = {name: getattr(time, name) for name in _TIME_NAMES}
        real_perf = self.saved_time["perf_counter"]
        if clock.virtual:
            wall = lambda: VIRTUAL_EPOCH + clock.now()  # noqa: E731
        else:
            origin = time.time() - real_perf()
            wall = lambda: origin + real_perf()  # noqa: E731
        since = lambda: clock.now() + 1000.0  # noqa: E731  (never 0, like monotonic)
        time.time = wall
        time.time_ns = lambda: int(wall() * 1e9)
        time.monotonic = since
        time.monotonic_ns = lambda: int(since() * 1e9)
        time.perf_counter = since
        time.perf_counter_ns = lambda: int(since() * 1e9)
        time.sleep = program.blocking_sleep
        time.process_time = program.process_time
        time.process_time_ns = lambda: int(round(program.process_time() * 1e9))

        fake_modules = self.fakes.modules(program)
        self.saved_modules = {name: sys.modules.get(name) for name in (*fake_modules, "datetime")}
        for name, module in fake_modules.items():
            sys.modules[name] = module
        sys.modules["datetime"] = _virtual_datetime(real_datetime, wall)
        self.saved_attrs = []
        for owner, name, value in self.fakes.patches(program):
            self.saved_attrs.append((owner, name, vars(owner).get(name, _MISSING)))
            setattr(owner, name, value)

        self.saved_run = asyncio.run
        asyncio.run = program.asyncio_run
        self.saved_cancel_all = runners._cancel_all_tasks
        runners._cancel_all_tasks = program.cancel_all_tasks
        self.saved_policy = _get_policy()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            _set_policy(_policy(program))
        self.saved_loop = events._get_running_loop()
        events._set_running_loop(None)

        self.saved_streams = sys.stdout, sys.stderr
        self.out = _Output(rec)
        sys.stdout = sys.stderr = self.out
        self.warnings = warnings.catch_warnings()
        self.warnings.__enter__()
        warnings.simplefilter("always")
        warnings.showwarning = lambda message, category, *_a, **_k: rec.print(
            f"{category.__name__}: {message}"
        )

        self.random_state = random.getstate()
        random.seed(0)
        self.budget = _LoopBudget(rec, self.program.code, self.program.on_busy)
        self.budget.start()
        return self

    def __exit__(self, *exc):
        import gc
        import random

        if self.program.halt is not None:
            # Tasks left behind by a halt would log at garbage collection,
            # outside the run: collect them here, where nothing is recorded.
            for task, _lane in self.program.tasks:
                task._log_traceback = False
            gc.collect()
        self.budget.stop()
        self.out.finish()
        random.setstate(self.random_state)
        self.warnings.__exit__(None, None, None)
        sys.stdout, sys.stderr = self.saved_streams
        events._set_running_loop(self.saved_loop)
        asyncio.run = self.saved_run
        runners._cancel_all_tasks = self.saved_cancel_all
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            _set_policy(self.saved_policy)
        for owner, name, value in reversed(self.saved_attrs):
            if value is _MISSING:
                delattr(owner, name)
            else:
                setattr(owner, name, value)
        for name, module in self.saved_modules.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
        for name, value in self.saved_time.items():
            setattr(time, name, value)
        return False


_TIME_NAMES = ("time", "time_ns", "monotonic", "monotonic_ns", "perf_counter", "perf_counter_ns", "sleep",
               "process_time", "process_time_ns")
_MISSING = object()


class _LoopBudget:
    """Counts the program's own loop iterations: a `while True: pass` never
    reaches the event loop again, so only this can stop it. On 3.12+ it
    listens to backward jumps of the program's code alone (sys.monitoring);
    older Pythons trace the program's lines and instructions."""

    TOOL = 4

    # How many iterations between two calls of `on_busy`.
    BUSY_EVERY = 4096

    def __init__(self, rec, code, on_busy=None):
        self.rec = rec
        self.codes = list(_code_objects(code)) if code is not None else []
        self.count = 0
        self.monitoring = getattr(sys, "monitoring", None)
        # Called now and then while the program's own loop holds the event
        # loop: the page's worker posts the events so far (a run that never
        # waits would otherwise show nothing until it ends or is stopped).
        self.on_busy = on_busy

    def tick(self, *_args):
        self.count += 1
        if self.on_busy is not None and self.count % self.BUSY_EVERY == 0:
            self.on_busy()
        if self.count > MAX_LINES:
            raise self.rec.stop(
                "lines",
                f"the program looped {MAX_LINES:,} times without finishing "
                "(a loop that never awaits?)",
            )

    def start(self):
        mon = self.monitoring
        if mon is not None:
            if mon.get_tool(self.TOOL) is not None:
                mon.free_tool_id(self.TOOL)
            mon.use_tool_id(self.TOOL, "async-playground")
            mon.register_callback(self.TOOL, mon.events.JUMP, self.tick)
            for code in self.codes:
                mon.set_local_events(self.TOOL, code, mon.events.JUMP)
            return
        self.saved = sys.gettrace()
        codes = set(self.codes)

        def on_step(frame, event, arg):
            if event == "line" or event == "opcode":
                self.tick()
            return on_step

        def on_call(frame, event, arg):
            if frame.f_code in codes:
                frame.f_trace_opcodes = True
                return on_step
            return None

        sys.settrace(on_call)

    def stop(self):
        mon = self.monitoring
        if mon is None:
            sys.settrace(self.saved)
            return
        for code in self.codes:
            mon.set_local_events(self.TOOL, code, 0)
        mon.register_callback(self.TOOL, mon.events.JUMP, None)
        mon.free_tool_id(self.TOOL)


def _code_objects(code):
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _code_objects(const)


def _virtual_datetime(real, wall):
    """The datetime module with now()/today()/utcnow() on the run's clock."""
    module = types.ModuleType("datetime")
    module.__dict__.update({k: v for k, v in vars(real).items() if not k.startswith("__")})

    class datetime(real.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls.fromtimestamp(wall(), tz)

        @classmethod
        def today(cls):
            return cls.fromtimestamp(wall())

        @classmethod
        def utcnow(cls):
            return cls.fromtimestamp(wall(), real.timezone.utc).replace(tzinfo=None)

    class date(real.date):
        @classmethod
        def today(cls):
            return real.date.fromtimestamp(wall())

    datetime.__module__ = date.__module__ = "datetime"
    module.datetime = datetime
    module.date = date
    return module


def run_program(source, mode="virtual", entry=None, setup=None, latency_ms=500,
                real_clock=None, real_wait=None, on_start=None, on_busy=None):
    """Runs `source` and returns its events and outcome (a dict, JSON-ready).
    `on_busy()` is called every few thousand iterations of the program's own
    loops (see `_LoopBudget`)."""
    program = Program(
        source,
        virtual=(mode != "real"),
        entry=entry,
        setup=setup,
        latency_ms=latency_ms,
        real_clock=real_clock,
        real_wait=real_wait,
        on_busy=on_busy,
    )
    if on_start is not None:
        on_start(program.recorder.events)
    try:
        program.run()
    except BaseException as exc:  # the tracer's own failure, never the page's
        return {
            "events": program.recorder.events,
            "result": None,
            "error": f"TracerError: {error_text(exc)}",
            "traceback": traceback.format_exception(exc)[-6:],
            "halted": "tracer",
            "syntax": None,
        }
    return program.trace()
