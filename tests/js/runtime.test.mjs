// The JavaScript runtime (js/runtime/) under Node: the instrumentation must
// not change what a program does (the same program run without it is the
// oracle), lanes must say what the program's own awaits imply, and bad
// programs must end with a message.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

import { runProgram, MAX_STEPS } from "../../js/runtime/runtime.mjs";
import { inspect } from "../../js/runtime/inspect.mjs";
import { splitmixFails } from "../../js/runtime/net.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const run = (source, extra = {}, options = {}) => runProgram({ source, mode: "virtual", latency_ms: 500, ...extra }, options);
const prints = (result) => result.events.filter((e) => e[0] === "print").map((e) => `${e[1]} ${e[3]}`);
const lane = (result, name) => {
  const task = result.events.find((e) => e[0] === "task" && e[3] === name);
  assert.ok(task, `no lane ${name}`);
  const end = result.events.find((e) => e[0] === "end" && e[2] === task[2]);
  return { id: task[2], start: task[1], parent: task[4], end: end?.[1], outcome: end?.[3], error: end?.[5] };
};

// Programs whose print order depends on microtask turns: an extra promise
// or a lost turn anywhere in the instrumentation would reorder them.
const ORDER_PROGRAMS = {
  "await of a value and of a promise interleave with then callbacks": `
    async function a() { console.log("a1"); await 1; console.log("a2"); await null; console.log("a3"); }
    async function b() { console.log("b1"); await Promise.resolve(); console.log("b2"); }
    Promise.resolve().then(() => console.log("t1")).then(() => console.log("t2")).then(() => console.log("t3"));
    a(); b();
    console.log("sync end");`,
  "an async function returning a promise adopts it two turns later": `
    async function inner() { return 1; }
    async function viaReturn() { return inner(); }
    async function viaAwait() { return await inner(); }
    viaReturn().then(() => console.log("return"));
    viaAwait().then(() => console.log("await"));
    Promise.resolve().then(() => console.log("p1")).then(() => console.log("p2")).then(() => console.log("p3")).then(() => console.log("p4"));`,
  "rejections, catch and finally": `
    async function fail() { await null; throw new Error("x"); }
    async function handle() {
      try { await fail(); } catch (e) { console.log("caught", e.message); } finally { console.log("finally"); }
      return "handled";
    }
    handle().then((v) => console.log(v));
    Promise.reject(new Error("y")).catch(() => console.log("c1"));
    queueMicrotask(() => console.log("micro"));`,
  "for await over an async generator, and breaking out of it": `
    async function* count(n) { try { for (let i = 0; i < n; i++) { await new Promise((r) => setTimeout(r, 10)); yield i; } } finally { console.log("closed"); } }
    for await (const i of count(5)) { console.log("got", i); if (i === 2) break; }
    console.log("after loop");
    Promise.resolve().then(() => console.log("tick"));`,
  "timers, intervals and Promise.race": `
    const sleep = (ms, v) => new Promise((r) => setTimeout(() => r(v), ms));
    let n = 0;
    const id = setInterval(() => { n++; console.log("interval", n); if (n === 3) clearInterval(id); }, 30);
    const winner = await Promise.race([sleep(50, "slow"), sleep(20, "fast")]);
    console.log("winner", winner, Date.now(), performance.now());
    await Promise.all([sleep(40), sleep(10).then(() => console.log("ten"))]);
    console.log("end", Date.now());`,
  "class methods, arrows and async callbacks": `
    class Db { static async connect() { await null; return new Db(); } async query(q) { await null; return q.length; } }
    const f = async (x) => x * 2;
    const db = await Db.connect();
    const results = await Promise.all(["a", "bb"].map(async (q) => (await db.query(q)) + (await f(1))));
    console.log(results);`,
  "the shapes of async functions: one-line bodies, parenthesised arrows, comma returns, switch cases, static blocks": `
    const a = async () => { console.log("a") };
    async function b() { await null }
    const c = async () => ({ c: 1 });
    const d = async (x) => (x);
    async function e() { return 1, 2; }
    const f = async () => { return };
    class K { static { async function inStatic() { return "static"; } inStatic().then(console.log); } }
    switch (1) { case 1: async function inCase() { return "case"; } console.log(await inCase()); }
    await a(); await b();
    console.log(await c(), await d(7), await e(), await f());`,
  "a thenable returned from an async function is asked once": `
    const thenable = { then(resolve) { console.log("then called"); resolve(5); } };
    async function f() { return thenable; }
    console.log(await f());`,
  "for await over an array of promises": `
    const sleep = (ms, v) => new Promise((r) => setTimeout(() => r(v), ms));
    async function f() { for await (const v of [sleep(20, "a"), sleep(10, "b"), 3]) console.log(v); return "f"; }
    setTimeout(async () => { console.log("timer at 15"); }, 15);
    console.log(await f());`,
};

for (const [name, source] of Object.entries(ORDER_PROGRAMS)) {
  test(`instrumented = plain: ${name}`, async () => {
    const plain = await run(source, {}, { instrumented: false });
    const traced = await run(source);
    assert.equal(plain.error, null);
    assert.ok(prints(plain).length > 0);
    assert.deepEqual(prints(traced), prints(plain));
    assert.equal(traced.error, null);
  });
}

test("each async call is a lane: running until its first await, waiting on what it awaits", async () => {
  const result = await run(`
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    async function task(n, ms) { console.log("start", n); await sleep(ms); return n; }
    async function all() { return Promise.all([task(1, 300), task(2, 100)]); }
    await all();`);
  const t1 = lane(result, "task(1, 300)");
  const t2 = lane(result, "task(2, 100)");
  const all = lane(result, "all()");
  assert.deepEqual([t1.start, t1.end, t1.outcome, t1.parent], [0, 300, "done", all.id]);
  assert.deepEqual([t2.start, t2.end, t2.outcome], [0, 100, "done"]);
  // all() returned Promise.all's promise: it ends when that settles
  assert.deepEqual([all.end, all.outcome], [300, "done"]);
  assert.equal(lane(result, "main").end, 300);
  // the prints belong to the lanes that printed them, at once
  assert.deepEqual(result.events.filter((e) => e[0] === "print").map((e) => [e[1], e[2]]), [[0, t1.id], [0, t2.id]]);
  const waits = result.events.filter((e) => e[0] === "wait" && e[2] === t1.id);
  assert.deepEqual(waits.map((e) => [e[1], e[4], e[5]]), [[0, "sleep", 3]]);
});

test("a rejection fails its lane; an abort cancels it; Promise.race's losers run on", async () => {
  const result = await run(`
    const sleep = (ms, signal) => new Promise((resolve, reject) => {
      const t = setTimeout(resolve, ms);
      signal?.addEventListener("abort", () => { clearTimeout(t); reject(signal.reason); });
    });
    async function boom() { await sleep(100); throw new TypeError("bad"); }
    async function slow(ms, signal) { await sleep(ms, signal); return ms; }
    const controller = new AbortController();
    const aborted = slow(1000, controller.signal);
    aborted.catch(() => {});
    const loser = slow(700);
    const first = await Promise.race([slow(200), loser]);
    controller.abort();
    await boom().catch((e) => console.log(e.name));`);
  assert.equal(lane(result, "boom()").outcome, "failed");
  assert.equal(lane(result, "boom()").error, "TypeError: bad");
  assert.deepEqual([lane(result, "slow(1000, {…})").outcome, lane(result, "slow(1000, {…})").end], ["cancelled", 200]);
  // main is over at 300 ms; the race's loser still finishes at 700
  assert.equal(lane(result, "main").end, 300);
  assert.deepEqual([lane(result, "slow(700, undefined)").end, lane(result, "slow(700, undefined)").outcome], [700, "done"]);
});

test("AbortSignal.timeout and fetch run on the virtual clock", async () => {
  const result = await run(`
    const t0 = performance.now();
    try { await fetch("/users/1", { signal: AbortSignal.timeout(200) }); } catch (e) { console.log(e.name, performance.now() - t0); }
    const r = await fetch("https://api.example.com/users/2");
    console.log(r.status, JSON.stringify(await r.json()), performance.now() - t0);
    const missing = await fetch("https://api.example.com/users/999");
    console.log(missing.status, missing.ok);`);
  assert.deepEqual(prints(result), ["200 TimeoutError 200", '700 200 {"id":2,"name":"Bob"} 700', "1200 404 false"]);
});

test("a busy wait on the clock holds the loop for the time it waits, and timers due meanwhile fire late", async () => {
  const result = await run(`
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    function blockingSleep(ms) { const end = performance.now() + ms; while (performance.now() < end) {} }
    async function beat() { await sleep(100); console.log("beat", performance.now()); }
    const b = beat();
    blockingSleep(1000);
    console.log("unblocked", performance.now());
    await b;`);
  assert.deepEqual(prints(result), ["1000 unblocked 1000", "1000 beat 1000"]);
  assert.deepEqual(result.events.filter((e) => e[0] === "block").map((e) => [e[1], e[2]]), [[0, 1000]]);
  // the beat lane was ready at 100 ms, when its timer was due
  assert.ok(result.events.some((e) => e[0] === "ready" && e[1] === 100 && e[2] === lane(result, "beat()").id));
});

test("bad programs end with a message: syntax, import, a loop that never awaits, a promise never settled", async () => {
  const syntax = await run("const x = 1;\nawait sleep(;\n");
  assert.equal(syntax.syntax.line, 2);
  assert.match(syntax.error, /^SyntaxError: /);
  const imported = await run('import fs from "node:fs";');
  assert.match(imported.error, /import is not available/);
  const dynamic = await run('await import("node:fs");');
  assert.match(dynamic.error, /import\(\) is not available/);
  const loop = await run("let n = 0;\nwhile (true) { n++; }");
  assert.equal(loop.halted, "lines");
  const swallowed = await run("for (;;) { try { while (true) {} } catch (e) {} }");
  assert.equal(swallowed.halted, "lines");
  const never = await run("await new Promise(() => {});");
  assert.equal(never.halted, "deadlock");
  // A busy wait on the clock stops at the hour of virtual time, not at the
  // loop budget hours later.
  const spinning = await run("const end = Date.now() + 5 * 3_600_000;\nwhile (Date.now() < end) {}\nconsole.log('after');");
  assert.equal(spinning.halted, "time");
  assert.ok(Math.max(...spinning.events.map((e) => e[1] ?? 0)) <= 3_600_000 + 1, "no event past the hour");
  const thrown = await run("async function f() { await null; throw new RangeError('r'); }\nawait f();");
  assert.equal(thrown.error, "RangeError: r");
  assert.equal(thrown.traceback.at(-1), 'File "<program>", line 1, in f');
});

test("real time: a 60 ms sleep ends after 60 ms, within timer jitter", async () => {
  const result = await runProgram({ source: "await new Promise((r) => setTimeout(r, 60));", mode: "real" });
  const end = lane(result, "main").end;
  assert.ok(end >= 59 && end < 60 + 100, `main ended at ${end} ms`);
});

test("console.log prints values as Node does", () => {
  assert.equal(inspect(["Task 1 done", 2, null, undefined]), "[ 'Task 1 done', 2, null, undefined ]");
  assert.equal(inspect({ id: 1, "user-name": "alice", tags: [] }), "{ id: 1, 'user-name': 'alice', tags: [] }");
  assert.equal(inspect(new Map([["a", 1]])), "Map(1) { 'a' => 1 }");
  assert.equal(inspect({ a: { b: { c: { d: 1 } } } }), "{ a: { b: { c: [Object] } } }");
  assert.equal(inspect(Promise.resolve(1)), "Promise { <pending> }");
  assert.equal(inspect(Promise.resolve(1), { promiseState: () => ({ state: "fulfilled", value: "Hello" }) }), "Promise { 'Hello' }");
});

test("the simulated network fails the same requests as the Python side's", () => {
  const python = JSON.parse(
    execFileSync("python3", ["-c", `
import json, sys
sys.path.insert(0, ${JSON.stringify(join(root, "py"))})
from playground.fakes import splitmix_fails
print(json.dumps([[splitmix_fails(seed, i, rate) for i in range(40)] for seed, rate in [(0, 0.1), (42, 0.5), (7, 0.9)]]))
`]).toString(),
  );
  const js = [[0, 0.1], [42, 0.5], [7, 0.9]].map(([seed, rate]) => Array.from({ length: 40 }, (_, i) => splitmixFails(seed, i, rate)));
  assert.deepEqual(js, python);
});

test("a loop that awaits costs no time of its own; a busy wait in a timer callback ends too", async () => {
  const result = await run(`
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    const start = performance.now();
    for (let i = 0; i < 3; i++) await sleep(100);
    console.log(performance.now() - start);
    await new Promise((r) => setTimeout(() => { const end = performance.now() + 50; while (performance.now() < end) {} r(); }, 0));
    console.log(performance.now() - start);`);
  assert.deepEqual(prints(result), ["300 300", "350 350"]);
});

test("a return waits for its finally blocks: the lane ends when the function really leaves", async () => {
  const result = await run(`
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    async function f() { try { return "value"; } finally { await sleep(100); console.log("cleanup"); } }
    async function g() { try { return "first"; } finally { return "second"; } }
    console.log(await f(), await g());`);
  const f = lane(result, "f()");
  assert.deepEqual([f.end, f.outcome], [100, "done"]);
  assert.deepEqual(result.events.find((e) => e[0] === "print" && e[3] === "cleanup").slice(1, 3), [100, f.id]);
  assert.equal(result.events.find((e) => e[0] === "end" && e[2] === lane(result, "g()").id)[4], "second");
});

test("small things Node does: empty async bodies, printing an async function, AbortSignal.timeout's timer not keeping the run", async () => {
  const result = await run(`
    const g = async () => {};
    await g();
    async function f() { return 1; }
    console.log(f);
    await fetch("https://api.example.com/users/1", { signal: AbortSignal.timeout(5000) });`);
  assert.equal(result.error, null);
  assert.deepEqual(prints(result), ["0 [AsyncFunction: f]"]);
  assert.equal(Math.max(...result.events.map((e) => (e[0] === "block" ? e[2] : e[1]))), 500);
});

test("an async generator's lane is its consumer's child", async () => {
  const result = await run(`
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    async function* gen() { await sleep(10); yield 1; }
    async function consume() { for await (const x of gen()) console.log(x); }
    await consume();`);
  assert.equal(lane(result, "gen()").parent, lane(result, "consume()").id);
  assert.equal(lane(result, "consume()").end, 10);
});

test("real time: a 1.5 s busy wait runs to its end (the budget is time held, not turns)", async () => {
  const result = await runProgram({
    source: "const end = performance.now() + 1500;\nwhile (performance.now() < end) {}\nconsole.log('done');",
    mode: "real",
  });
  assert.equal(result.halted, null);
  assert.deepEqual(result.events.filter((e) => e[0] === "print").map((e) => e[3]), ["done"]);
  assert.ok(result.events.some((e) => e[0] === "block" && e[2] - e[1] >= 1499));
});

test("one lane runs at a time, also when a generator resumes inside its consumer's next()", async () => {
  for (const mode of ["virtual", "real"]) {
    const result = await runProgram({
      source: `
        const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
        async function* pages() { for (let i = 0; i < 3; i++) { await sleep(5); yield i; } }
        async function consume() { for await (const p of pages()) console.log(p); }
        async function outer() { await consume(); }
        await outer();`,
      mode,
    });
    // replay the run/wait/end events: at no moment two lanes are running
    const running = new Set();
    for (const [kind, , id] of result.events) {
      if (kind === "run") {
        assert.equal(running.size, 0, `${mode}: lane ${id} runs while ${[...running]} runs`);
        running.add(id);
      }
      if (kind === "wait" || kind === "end") running.delete(id);
    }
  }
});

test("an error nobody caught is reported and keeps the trace: a timer callback's", async () => {
  const thrown = await run(`
    setTimeout(() => { throw new Error("cb"); }, 10);
    await new Promise((r) => setTimeout(r, 20));
    console.log("after");`);
  assert.deepEqual(prints(thrown), ["10 Uncaught Error: cb", "20 after"]);
  assert.equal(thrown.error, "Error: cb");
  assert.equal(lane(thrown, "main").end, 20);
  // (an unhandled rejection is the browser's event: running_javascript.spec.ts;
  // under node:test the test runner takes it as the test's own failure)
});

test("busy waits: on Date.now() too, the clocks agree after one, and a loop that only logs the time costs nothing", async () => {
  const result = await run(`
    const start = Date.now();
    while (Date.now() - start < 40) {}
    console.log("date", Date.now() - start, performance.now());
    setTimeout(() => console.log("timer", performance.now()), 10);
    for (const a of [1, 2, 3]) console.log(a, performance.now());`);
  // the timer was set at 40 ms, when the busy wait ended
  assert.deepEqual(prints(result), ["40 date 40 40", "40 1 40", "40 2 40", "40 3 40", "50 timer 50"]);
});

test("an async call's lane waits in a for await over promises, and a call from a timer meanwhile is not its child", async () => {
  const result = await run(`
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    async function other() { return 1; }
    async function f() { for await (const v of [sleep(20)]) {} }
    setTimeout(() => other(), 10);
    await f();`);
  assert.equal(lane(result, "other()").parent, null);
  const waits = result.events.filter((e) => e[0] === "wait" && e[2] === lane(result, "f()").id);
  assert.ok(waits.some((e) => e[1] === 0));
});

test("the runtime's own names are refused; a loop that only awaits microtasks is stopped; a real-time deadlock ends at once", async () => {
  const named = await run("const f = async () => { const __l = 5; return __l; };\nawait f();");
  assert.equal(named.syntax.line, 1);
  assert.match(named.error, /__l is the runtime's own name/);
  const spinning = await run("while (true) await null;");
  assert.equal(spinning.halted, "steps");
  // The same inside an async function, and a finite loop of half a million
  // turns: stopped at the Python tracer's 100,000 steps, in well under a
  // second (the trace of millions of steps froze the page that drew it).
  for (const source of [
    "async function f() { while (true) { await null; } }\nawait f();",
    "async function f() { for (let i = 0; i < 500000; i++) await null; console.log('end'); }\nawait f();",
  ]) {
    const started = performance.now();
    const result = await run(source);
    assert.equal(result.halted, "steps", source);
    assert.match(result.error, /100,000 steps/);
    assert.ok(result.events.filter((e) => e[0] === "run").length <= MAX_STEPS + 1);
    assert.ok(performance.now() - started < 5_000, `${performance.now() - started} ms`);
  }
  const started = performance.now();
  const stuck = await runProgram({ source: "await new Promise(() => {});", mode: "real" });
  assert.equal(stuck.halted, "deadlock");
  assert.ok(performance.now() - started < 2_000);
});

test("lanes are named as the code names the function: declarations, variables, methods, private methods", async () => {
  const result = await run(`
    async function declared(x) { return x; }
    const assigned = async (y) => y;
    class Db { async query(sql) { return sql; } async #secret() { return 1; } async open() { return this.#secret(); } }
    const db = new Db();
    await declared(1); await assigned("two"); await db.query("SELECT 1"); await db.open();`);
  const names = result.events.filter((e) => e[0] === "task").map((e) => e[3]);
  assert.deepEqual(names, ["main", "declared(1)", "assigned('two')", "query('SELECT 1')", "open()", "#secret()"]);
});

test("timers that fell due during a busy wait fire after it one per macrotask, microtasks between them; one cleared meanwhile never fires", async () => {
  const result = await run(`
    function busy(ms) { const end = performance.now() + ms; while (performance.now() < end) {} }
    const answered = [];
    for (let id = 1; id <= 3; id++) {
      answered.push(new Promise((resolve) => setTimeout(async () => { busy(100); await null; console.log("answered", id); resolve(); })));
    }
    const cleared = setTimeout(() => console.log("never"), 50);
    setTimeout(() => clearTimeout(cleared), 10);
    await Promise.all(answered);`);
  // (the 10 ms timer runs before the 50 ms one: "never" never prints)
  assert.deepEqual(prints(result), ["100 answered 1", "200 answered 2", "300 answered 3"]);
  assert.equal(lane(result, "main").end, 300);
  // an interval that fell due during a busy wait fires once after it, then keeps its period
  const interval = await run(`
    function busy(ms) { const end = performance.now() + ms; while (performance.now() < end) {} }
    const tick = setInterval(() => console.log("interval", performance.now()), 30);
    busy(100);
    await new Promise((r) => setTimeout(r, 50));
    clearInterval(tick);`);
  assert.deepEqual(prints(interval), ["100 interval 100", "130 interval 130"]);
});

test("WorkerPool: a job's busy wait runs on its worker's own clock, the loop stays free; jobs queue for the pool's workers in order", async () => {
  const source = `
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    function crunch(job) { const end = performance.now() + 100; while (performance.now() < end) {} return "job " + job; }
    function fails() { const end = Date.now() + 30; while (Date.now() < end) {} throw new RangeError("bad input"); }
    const pool = new WorkerPool(2);
    const beats = (async () => { for (let i = 0; i < 3; i++) { console.log("beat"); await sleep(50); } })();
    const t0 = performance.now();
    const jobs = [1, 2, 3].map((job) => pool.run(crunch, job).then((v) => console.log(v, Math.round(performance.now() - t0))));
    await Promise.all(jobs);
    try { await pool.run(fails); } catch (e) { console.log(e.name, Math.round(performance.now() - t0)); }
    await beats;
    console.log(pool.size);`;
  const virtual = await run(source);
  assert.equal(virtual.error, null);
  assert.deepEqual(prints(virtual), ["0 beat", "50 beat", "100 job 1 100", "100 job 2 100", "100 beat", "200 job 3 200", "230 RangeError 230", "230 2"]);
  assert.deepEqual(virtual.events.filter((e) => e[0] === "block"), []);
  const real = await runProgram({ source, mode: "real" });
  assert.equal(real.error, null);
  const end = lane(real, "main").end;
  assert.ok(end >= 229 && end < 230 + 100, `main ended at ${end} ms`);
});
