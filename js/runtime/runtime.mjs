// Runs one JavaScript program and records what every async function call
// did, as the same events CPython's tracer reports (see
// py/playground/tracer.py), so the page draws either runtime's trace.
//
// Virtual time: @sinonjs/fake-timers owns setTimeout and friends and Date;
// the runtime fires one timer per macrotask and lets every microtask run
// between timers, as a browser does, while the clock jumps to the next
// timer. Real time: the page's own timers, and the clock is
// performance.now().
import FakeTimers from "@sinonjs/fake-timers";

import { instrument, ProgramSyntaxError } from "./instrument.mjs";
import { inspect, format } from "./inspect.mjs";
import { Net } from "./net.mjs";

// Budgets: a runaway program stops at the first it reaches, with a message
// that names it (the same figures as the Python tracer's).
export const MAX_LANES = 20_000;
export const MAX_VIRTUAL_MS = 3_600_000;
export const MAX_REAL_MS = 120_000;
export const MAX_TICKS = 20_000_000;
/** Real time: the longest synchronous stretch (the page's watchdog ends a
 * Worker silent for 10 s; this says why first). */
export const MAX_HOLD_MS = 8_000;
export const MAX_TIMERS = 1_000_000;
export const MAX_OUTPUT_LINES = 5_000;
/** Steps of async functions (resumptions), as the Python tracer's
 * MAX_STEPS: a loop that awaits only microtasks never lets time pass, and
 * a run of millions of steps was a trace the page froze parsing. */
export const MAX_STEPS = 100_000;
/** Events of one run, whatever makes them. */
export const MAX_EVENTS = 1_000_000;
const MAX_LINE_CHARS = 2_000;
/** A synchronous stretch longer than this is drawn as holding the loop. */
const HOLD_MS = 20;
/** In virtual time, each turn of a loop that reads the clock again costs
 * this much: a busy wait on the clock ends, and takes the time it waits. */
const SPIN_MS = 1;

/** Ends the whole program at once (a budget, Stop). */
class Halt extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind;
  }
}

const round = (ms) => Math.round(ms * 1e6) / 1e6;

/** The outcome a rejection shows: an abort is how JavaScript cancels. */
function outcomeOf(error) {
  if (error?.name === "AbortError") return "cancelled";
  if (error?.name === "TimeoutError") return "timed_out";
  return "failed";
}

function errorText(error) {
  if (error instanceof Error || (error && typeof error === "object" && "name" in error && "message" in error)) {
    return error.message ? `${error.name}: ${error.message}` : String(error.name);
  }
  return `Uncaught ${inspect(error)}`;
}

/** A macrotask: every microtask queued so far has run when it resolves.
 * (MessageChannel, not setTimeout: nested timeouts are clamped to 4 ms.) */
// Captured before a Worker's lockdown removes the constructors of code.
const AsyncFunction = (async () => {}).constructor;
const Channel = globalThis.MessageChannel;

function macrotask() {
  return new Promise((resolve) => {
    const channel = new Channel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * Runs `request.source` ({source, mode: "virtual"|"real", setup, latency_ms})
 * on `scope` (the global object whose timers, clock and console the program
 * sees). `onLive(events)` gets a real-time run's new events a few times a
 * second. Resolves with the tracer's result object.
 */
export async function runProgram(request, { scope = globalThis, onLive = () => {}, instrumented = true } = {}) {
  const virtual = request.mode !== "real";
  const realNow = performance.now.bind(performance);
  const events = [];
  const output = [];
  const lanes = []; // { id, name, done, promise? }
  const stack = []; // lanes whose code is on the call stack, innermost last
  let halt = null;
  let ticks = 0;
  let timerCount = 0;
  let pendingTimers = 0;
  const timerInfo = new Map(); // timer handle → sequence number
  let clock = null;
  let spin = 0; // virtual: time a busy wait on the clock added in this macrotask
  let floor = 0; // virtual: the latest time the clock has shown
  // A busy wait is a loop that reads the clock turn after turn: a turn of
  // a loop that read the clock in its previous turn costs SPIN_MS.
  // Suspending, resuming and each macrotask start afresh.
  let lastTick = null;
  let readSinceTick = false;
  const freshStretch = () => {
    lastTick = null;
    readSinceTick = false;
  };
  let holdStart = null; // when the current synchronous stretch began
  // Real time: the drive loop sleeps until a timer fired or main settled.
  let wake = () => {};
  let t0 = realNow();

  const now = () => {
    if (!virtual) return round(realNow() - t0);
    return round(Math.max(clock.now, floor) + spin);
  };
  let steps = 0;
  const emit = (...event) => {
    if (event[0] === "run" && ++steps > MAX_STEPS && !halt) {
      halt = new Halt("steps", `the async functions ran ${MAX_STEPS.toLocaleString("en")} steps (a loop that only awaits?)`);
    }
    if (events.length >= MAX_EVENTS && !halt) {
      halt = new Halt("events", `the program made more than ${MAX_EVENTS.toLocaleString("en")} events`);
    }
    events.push(event);
  };
  const current = () => (stack.length ? stack[stack.length - 1] : null);

  const stop = (kind, message) => {
    halt ??= new Halt(kind, message);
    throw halt;
  };
  const check = () => {
    if (halt) throw halt;
  };

  // ---- the program's clock and timers
  if (virtual) {
    clock = FakeTimers.withGlobal(scope).install({
      now: 0,
      toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"],
      loopLimit: MAX_TIMERS,
    });
  }
  // A job of a simulated worker (WorkerPool below) runs on its own clock:
  // its busy wait adds to `worker.spin`, not to the loop's.
  let worker = null;
  const programNow = () => {
    readSinceTick = true;
    return worker ? round(now() + worker.spin) : now();
  };
  if (virtual) {
    // Date.now() also sees a busy wait's time (a loop on Date.now() waits
    // like one on performance.now())
    const dateNow = scope.Date.now.bind(scope.Date);
    scope.Date.now = () => {
      readSinceTick = true;
      return dateNow() + spin + (worker ? worker.spin : 0);
    };
  }
  const fakePerformance = Object.create(performance);
  Object.defineProperty(fakePerformance, "now", { value: programNow });
  const timers = { setTimeout: scope.setTimeout, clearTimeout: scope.clearTimeout, setInterval: scope.setInterval, clearInterval: scope.clearInterval };
  const labelOf = (callback) => callback?.__label ?? (callback?.name || "callback");
  // An unref'd timer (AbortSignal.timeout's) does not keep the run going,
  // as in Node: the run ends when only such timers are left.
  let unrefAlive = 0;
  // Virtual: timers that fell due while a busy wait held the loop fire
  // after it one per macrotask, as in a browser (microtasks run between
  // them): the clock's jump only queues them here.
  let jumping = false;
  let deferred = []; // [handle, callback to run, due time, sequence]
  const wrapTimer = (set, repeat, unref = false) =>
    function (callback, ms = 0, ...args) {
      if (++timerCount > MAX_TIMERS) stop("timers", `the program set more than ${MAX_TIMERS.toLocaleString("en")} timers`);
      const seq = timerCount;
      const lane = current();
      const delay = Math.max(0, Number(ms) || 0);
      if (unref) unrefAlive++;
      else pendingTimers++;
      let handle;
      const deadline = round(now() + delay);
      let due = deadline; // an interval's next turn
      const fire = () => {
        if (jumping) {
          // (the jump gave every due timer the same time: their order is
          // their due times')
          deferred.push([handle, fire, due, seq]);
          deferred.sort((a, b) => a[2] - b[2] || a[3] - b[3]);
          return;
        }
        if (repeat) due = round(now() + delay);
        if (!repeat) {
          if (unref) unrefAlive--;
          else pendingTimers--;
          timerInfo.delete(handle);
          emit("timer_done", now(), null, seq);
        }
        // Late (the loop was held): the lane that set it was ready since.
        if (lane && !lane.done && now() > deadline + 1e-6) emit("ready", deadline, lane.id);
        if (!virtual && !stack.length) holdStart = now();
        try {
          if (typeof callback === "function") callback(...args);
        } catch (error) {
          uncaught(error, "Uncaught");
        }
        if (!stack.length) holdEnds();
        wake();
      };
      // (during a busy wait the clock has not moved yet: count from its end)
      handle = set(fire, virtual ? delay + spin : delay);
      timerInfo.set(handle, { seq, unref });
      emit("timer", now(), lane ? lane.id : null, seq, deadline, labelOf(callback));
      return handle;
    };
  const wrapClear = (clear) =>
    function (handle) {
      // (a timer cleared before its turn after a busy wait does not fire)
      deferred = deferred.filter(([h]) => h !== handle);
      const timer = timerInfo.get(handle);
      if (timer) {
        emit("timer_done", now(), null, timer.seq);
        timerInfo.delete(handle);
        if (timer.unref) unrefAlive--;
        else pendingTimers--;
      }
      return clear(handle);
    };
  const programTimers = {
    setTimeout: wrapTimer(timers.setTimeout, false),
    setInterval: wrapTimer(timers.setInterval, true),
    clearTimeout: wrapClear(timers.clearTimeout),
    clearInterval: wrapClear(timers.clearInterval),
    setTimeoutUnref: wrapTimer(timers.setTimeout, false, true),
  };

  // ---- a simulated pool of workers
  // The program has no Worker (worker.mjs removes it, with everything else
  // that reaches beyond the run), so `new WorkerPool(n)` stands in for a
  // pool of n Web Workers or worker_threads (Piscina's `pool.run()`):
  // `pool.run(fn, ...args)` queues the call (first in, first out) and, when
  // one of the n workers is free, runs `fn(...args)` on that worker's own
  // clock: a busy wait on performance.now()/Date.now() inside it costs the
  // worker that time, not the event loop (1 ms a turn, in virtual and in
  // real time alike), and the promise settles with its value or error once
  // that time has passed, on the run's timers. The call itself runs at once
  // on the page's thread (work that does not read the clock still takes
  // the loop's time), and shares the program's variables, which a real
  // worker could not.
  const onWorkerClock = (fn, args) => {
    const outer = worker;
    const saved = [lastTick, readSinceTick];
    const dateNow = scope.Date.now;
    const own = { spin: 0 };
    worker = own;
    lastTick = null;
    readSinceTick = false;
    if (!virtual) {
      scope.Date.now = () => {
        readSinceTick = true;
        return dateNow.call(scope.Date) + own.spin;
      };
    }
    try {
      return { value: fn(...args), took: own.spin };
    } catch (error) {
      if (error === halt || error instanceof Halt) throw error;
      return { error, threw: true, took: own.spin };
    } finally {
      worker = outer;
      [lastTick, readSinceTick] = saved;
      if (!virtual) scope.Date.now = dateNow;
    }
  };
  class WorkerPool {
    #size;
    #busy = 0;
    #queue = [];
    constructor(size = 4) {
      this.#size = Math.max(1, Math.floor(Number(size)) || 1);
    }
    get size() {
      return this.#size;
    }
    run(fn, ...args) {
      check();
      if (typeof fn !== "function") throw new TypeError("WorkerPool.run takes the function to run and its arguments");
      return new Promise((resolve, reject) => {
        this.#queue.push({ fn, args, resolve, reject });
        this.#start();
      });
    }
    #start() {
      while (this.#busy < this.#size && this.#queue.length) {
        const job = this.#queue.shift();
        this.#busy++;
        const { value, error, threw, took } = onWorkerClock(job.fn, job.args);
        const finished = () => {
          this.#busy--;
          if (threw) job.reject(error);
          else job.resolve(value);
          this.#start();
        };
        finished.__label = "worker";
        programTimers.setTimeout(finished, took);
      }
    }
  }

  // ---- console
  const print = (...values) => {
    if (output.length >= MAX_OUTPUT_LINES) stop("output", `the program printed more than ${MAX_OUTPUT_LINES.toLocaleString("en")} lines`);
    const lane = current() ?? lanes[0];
    for (const line of format(values, promiseState).split("\n")) {
      const text = line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line;
      output.push(text);
      emit("print", now(), lane ? lane.id : 0, text);
    }
  };
  const timeLabels = new Map();
  const programConsole = {
    log: print,
    info: print,
    warn: print,
    error: print,
    debug: print,
    dir: (value) => print(value),
    table: (value) => print(value),
    assert: (ok, ...values) => ok || print("Assertion failed", ...values),
    time: (label = "default") => timeLabels.set(label, now()),
    timeEnd: (label = "default") => {
      if (timeLabels.has(label)) print(`${label}: ${round(now() - timeLabels.get(label))}ms`);
      timeLabels.delete(label);
    },
  };
  // An error nobody caught (a timer callback's, a rejection nobody
  // handled) is printed as the browser's console says it; the first one is
  // the run's error if main itself did not fail. The run goes on, as a page
  // goes on.
  let firstUncaught = null;
  const uncaught = (error, how) => {
    if (error === halt || error instanceof Halt) return;
    firstUncaught ??= error;
    try {
      print(`${how} ${errorText(error).replace(/^Uncaught /, "")}`);
    } catch {
      // the output budget: the run ends anyway
    }
  };
  const onRejection = (event) => {
    event?.preventDefault?.();
    uncaught(event?.reason ?? event, "Uncaught (in promise)");
  };
  const inNode = typeof process !== "undefined" && typeof process.on === "function" && scope === globalThis;
  if (inNode) process.on("unhandledRejection", onRejection);
  else scope.addEventListener?.("unhandledrejection", onRejection);

  // ---- lanes
  const promiseLanes = new WeakMap(); // the promise an async call returned → its lane
  const promiseState = (promise) => {
    const lane = promiseLanes.get(promise);
    if (!lane || !lane.done) return { state: "pending" };
    return lane.outcome === "done" ? { state: "fulfilled", value: lane.value } : { state: "rejected", value: lane.error };
  };
  const holdEnds = () => {
    // The stack emptied: a synchronous stretch ended. A long one held the loop.
    if (holdStart === null) return;
    const start = holdStart;
    holdStart = null;
    const end = now();
    if (end - start >= (virtual ? SPIN_MS : HOLD_MS)) emit("block", start, end);
  };
  // One lane runs at a time: a caller waits while the async function it
  // called runs its synchronous part, and runs again when that returns.
  const push = (lane) => {
    if (!stack.length && !virtual) holdStart = now();
    if (!stack.length) freshStretch();
    stack.push(lane);
  };
  const pop = (lane) => {
    const at = stack.lastIndexOf(lane);
    if (at < 0) return;
    stack.length = at;
    const caller = current();
    if (caller) {
      emit("ready", now(), caller.id);
      emit("run", now(), caller.id);
    } else {
      holdEnds();
    }
  };
  const finish = (lane, outcome, value, error) => {
    if (lane.done) return;
    lane.done = true;
    lane.outcome = outcome;
    lane.value = value;
    lane.error = error;
    emit("end", now(), lane.id, outcome, outcome === "done" ? toJson(value) : null, error == null ? null : errorText(error));
  };
  const newLane = (name, line, kind) => {
    if (lanes.length >= MAX_LANES) stop("tasks", `the program made more than ${MAX_LANES.toLocaleString("en")} async calls`);
    const parent = current();
    const lane = { id: lanes.length, name, line, kind, done: false, waitingReturn: false };
    lanes.push(lane);
    // one moment: the caller stops where the call starts
    const t = now();
    if (parent) emit("wait", t, parent.id, "waiting", name, null);
    emit("task", t, lane.id, name, parent ? parent.id : null);
    emit("ready", t, lane.id);
    emit("run", t, lane.id);
    return lane;
  };

  const rt = {
    main() {
      const lane = newLane("main", 1, "main");
      push(lane);
      return lane;
    },
    enter(name, args, line, kind) {
      check();
      const shown = args.map((a) => inspect(a, { depth: 0, short: true })).join(", ");
      const lane = newLane(`${name}(${shown})`, line, kind);
      push(lane);
      return lane;
    },
    suspend(lane, value, line, on) {
      if (halt) {
        if (typeof value?.then === "function") value.then(null, () => {});
        throw halt;
      }
      freshStretch();
      if (stack.includes(lane)) {
        emit("wait", now(), lane.id, "waiting", on, line);
        pop(lane);
      }
      return value;
    },
    resume(lane, value) {
      check();
      if (current() !== lane && !lane.done) {
        // (an async generator resumes inside its consumer's next() call:
        // the consumer waits meanwhile)
        const t = now();
        const caller = current();
        if (caller) emit("wait", t, caller.id, "waiting", lane.name, null);
        emit("ready", t, lane.id);
        emit("run", t, lane.id);
        push(lane);
      }
      return value;
    },
    iterate(lane, iterable, line, on) {
      const open = iterable?.[Symbol.asyncIterator];
      if (typeof open !== "function") {
        // A sync iterable (an array of promises): for await awaits each
        // value; the lane waits meanwhile.
        const sync = iterable?.[Symbol.iterator];
        if (typeof sync !== "function") return iterable;
        return {
          [Symbol.iterator]() {
            const it = sync.call(iterable);
            return {
              next: (v) => {
                const result = it.next(v);
                if (!result.done) rt.suspend(lane, undefined, line, on);
                return result;
              },
              return: it.return && ((v) => it.return(v)),
            };
          },
        };
      }
      return {
        [Symbol.asyncIterator]() {
          const it = open.call(iterable);
          return {
            // The generator's body runs inside next(): its lane is the
            // consumer's child; then the consumer waits.
            next: (v) => {
              const result = it.next(v);
              rt.suspend(lane, undefined, line, on);
              return result;
            },
            return: it.return && ((v) => it.return(v)),
            throw: it.throw && ((v) => it.throw(v)),
          };
        },
      };
    },
    // A return's value is kept until the function really leaves (its
    // finally blocks may still run, and await); a later return replaces it.
    ret(lane, value) {
      lane.returned = { value };
      return value;
    },
    threw(lane, error) {
      lane.returned = null;
      if (error !== halt && !lane.done && !lane.waitingReturn) finish(lane, outcomeOf(error), null, error);
      pop(lane);
      return error;
    },
    exit(lane) {
      const returned = lane.returned;
      if (!lane.done && !lane.waitingReturn) {
        const value = returned?.value;
        if (value instanceof Promise) {
          // An async function returning a promise settles when it does
          // (another thenable's then is never called a second time).
          lane.waitingReturn = true;
          emit("wait", now(), lane.id, "waiting", "returned promise", lane.line);
          value.then(
            (v) => finish(lane, "done", v, null),
            (e) => finish(lane, outcomeOf(e), null, e),
          );
        } else {
          // (a generator closed early, `break` out of `for await`, ends here too)
          finish(lane, "done", value, null);
        }
      }
      pop(lane);
    },
    tick(loop, waitsForClock = false) {
      check();
      if (waitsForClock && readSinceTick && lastTick === loop) {
        if (worker) {
          // a worker's busy wait: its own clock, in either mode
          worker.spin += SPIN_MS;
        } else if (virtual) {
          if (holdStart === null) holdStart = now();
          spin += SPIN_MS;
          // A busy wait moves the virtual clock too: the hour's budget holds
          // within one macrotask as well as between timers.
          if (now() > MAX_VIRTUAL_MS) stop("time", `the program ran past ${MAX_VIRTUAL_MS / 60000} min of virtual time`);
        }
      }
      lastTick = loop;
      readSinceTick = false;
      ++ticks;
      if (virtual) {
        // Synchronous code takes no virtual time: count the turns.
        if (ticks > MAX_TICKS) {
          stop("lines", `the program looped ${MAX_TICKS.toLocaleString("en")} times without finishing (a loop that never awaits?)`);
        }
      } else if ((ticks & 0x3fff) === 0) {
        const held = holdStart === null ? 0 : now() - holdStart;
        if (held > MAX_HOLD_MS) {
          stop("lines", `the program ran ${MAX_HOLD_MS / 1000} s without awaiting (a loop that never awaits?)`);
        }
        if (realNow() - t0 > MAX_REAL_MS) stop("time", `the program ran past ${MAX_REAL_MS / 1000} s`);
      }
    },
    track(fn) {
      if (typeof fn !== "function" || fn.__tracked) return fn;
      const tracked = function (...args) {
        const first = lanes.length;
        const result = fn.apply(this, args);
        if (lanes.length > first && result instanceof Promise) promiseLanes.set(result, lanes[first]);
        return result;
      };
      Object.defineProperty(tracked, "name", { value: fn.name });
      Object.defineProperty(tracked, "length", { value: fn.length });
      tracked.__tracked = true;
      tracked.__original = fn;
      return tracked;
    },
  };

  // ---- the program
  const net = new Net(request.latency_ms ?? 500, programTimers);
  let body;
  try {
    body = instrumented ? instrument(request.source) : `${request.source}`;
  } catch (error) {
    if (clock) clock.uninstall();
    if (error instanceof ProgramSyntaxError) {
      return {
        events: [],
        result: null,
        error: `SyntaxError: ${error.message}`,
        traceback: [],
        halted: null,
        syntax: { line: error.line, column: error.column, message: error.message },
      };
    }
    throw error;
  }
  const names = ["__rt", "console", "performance", "fetch", "AbortSignal", "setTimeout", "clearTimeout", "setInterval", "clearInterval", "net", "WorkerPool"];
  const values = [rt, programConsole, fakePerformance, net.fetch, net.AbortSignal, programTimers.setTimeout, programTimers.clearTimeout, programTimers.setInterval, programTimers.clearInterval, net, WorkerPool];
  let program;
  try {
    program = new AsyncFunction(...names, `"use strict";\n${request.setup ?? ""}\n${body}`);
  } catch (error) {
    if (clock) clock.uninstall();
    let theirs = false;
    try {
      new AsyncFunction(`"use strict";\n${request.source}`);
    } catch {
      theirs = true;
    }
    // acorn accepted it and the engine does not (a newer or older syntax),
    // else the instrumentation broke it
    return theirs
      ? { events: [], result: null, error: `SyntaxError: ${error.message}`, traceback: [], halted: null, syntax: { line: 1, column: 1, message: error.message } }
      : { events: [], result: null, error: `TracerError: the runtime could not instrument this program (${error.message})`, traceback: [], halted: "tracer", syntax: null };
  }

  let mainDone = false;
  let mainError = null;
  t0 = realNow();
  const started = program(...values).then(
    () => {
      mainDone = true;
      wake();
    },
    (error) => {
      mainDone = true;
      mainError = error;
      wake();
    },
  );
  void started;

  // ---- drive
  let liveSent = 0;
  let lastLive = realNow();
  // Also with nothing new: the page takes silence for a Worker stuck in a
  // loop.
  const sendLive = () => {
    onLive(events.slice(liveSent));
    liveSent = events.length;
    lastLive = realNow();
  };
  try {
    if (virtual) {
      for (;;) {
        await macrotask();
        // A second one: the browser reports an unhandled rejection in a task
        // it queues when the first one's microtasks are done.
        if (!inNode) await macrotask();
        if (halt) break;
        // An await the instrumentation did not see (yield*, say) left lanes
        // on the stack: between macrotasks nothing runs.
        while (stack.length) rt.suspend(current(), undefined, null, "await");
        holdEnds();
        freshStretch();
        if (spin > 0) {
          // A busy wait held the loop: timers due meanwhile fire at its end.
          floor = now();
          const held = spin;
          spin = 0;
          jumping = true;
          try {
            clock.jump(Math.floor(held));
          } finally {
            jumping = false;
          }
          floor = Math.max(floor, clock.now);
          continue;
        }
        if (deferred.length) {
          // the next timer that fell due during a busy wait, in a
          // macrotask of its own
          const [, fire] = deferred.shift();
          fire();
          continue;
        }
        if (clock.countTimers() - unrefAlive <= 0) break;
        clock.next();
        floor = Math.max(floor, clock.now);
        if (now() > MAX_VIRTUAL_MS) stop("time", `the program ran past ${MAX_VIRTUAL_MS / 60000} min of virtual time`);
        if (realNow() - lastLive > 250) sendLive();
      }
    } else {
      while (!halt) {
        await new Promise((resolve) => {
          wake = resolve;
          timers.setTimeout.call(scope, resolve, 100);
        });
        wake = () => {};
        if (realNow() - lastLive > 100) sendLive();
        if (pendingTimers === 0) {
          // nothing left to wake anything: the end, or a deadlock
          await macrotask();
          if (pendingTimers === 0) break;
        }
        if (realNow() - t0 > MAX_REAL_MS) stop("time", `the program ran past ${MAX_REAL_MS / 1000} s`);
      }
    }
  } catch (error) {
    if (!(error instanceof Halt)) throw error;
  } finally {
    if (clock) clock.uninstall();
    if (inNode) process.off("unhandledRejection", onRejection);
    else scope.removeEventListener?.("unhandledrejection", onRejection);
  }

  let error = null;
  let halted = null;
  if (halt) {
    error = `Halted: ${halt.message}`;
    halted = halt.kind;
  } else if (mainError) {
    error = errorText(mainError);
  } else if (firstUncaught !== null) {
    error = errorText(firstUncaught);
  } else if (!mainDone) {
    error = "Unsettled: the program's top level still awaits a promise that nothing will settle";
    halted = "deadlock";
  }
  // The program's body starts after the function's header (2 lines), "use
  // strict" and the set-up.
  const offset = 3 + (request.setup ?? "").split("\n").length;
  const traceback = mainError?.stack ? programFrames(mainError.stack, offset) : [];
  // JavaScript has no asyncio.run to end the program with main: it ends
  // when nothing is left to run.
  const endedAt = events.reduce((last, e) => Math.max(last, e[0] === "block" ? e[2] : e[1]), 0);
  return { events, result: null, error, traceback, halted, syntax: null, ended_at: endedAt };
}

/** A value as JSON for the trace: plain data as is, anything else inspected. */
function toJson(value, depth = 0) {
  if (value === undefined) return null;
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (depth < 8 && Array.isArray(value)) return value.slice(0, 1000).map((v) => toJson(v, depth + 1));
  if (depth < 8 && value && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).slice(0, 1000).map(([k, v]) => [k, toJson(v, depth + 1)]));
  }
  return inspect(value).slice(0, MAX_LINE_CHARS);
}

/** The program's own frames of a stack trace, innermost last, the way
 * Python writes them (`File "<program>", line 12, in fetchUser`): the page
 * reads the line the error points at from the innermost. */
function programFrames(stack, offset) {
  const frames = [];
  for (const line of String(stack).split("\n")) {
    const at = /^\s*at (?:async )?(.*?) \(.*<anonymous>:(\d+):\d+\)\)?$/.exec(line) ?? /^\s*at (?:async )?()eval .*<anonymous>:(\d+):\d+\)$/.exec(line);
    if (!at) continue;
    const n = Number(at[2]) - offset;
    if (n < 1) continue;
    const name = at[1] && !at[1].startsWith("eval") ? at[1].replace(/^Object\./, "") : "<module>";
    frames.push(`File "<program>", line ${n}, in ${name}`);
  }
  return frames.slice(0, 20).reverse();
}
