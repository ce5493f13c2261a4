//! Random small asyncio programs, as a tree both runtimes can run: emitted
//! as Python for CPython, interpreted by the engine (see `engine_side`).
//!
//! Every function is called exactly once (so its task, if it gets one, is
//! named `fN()` on both sides); a task variable is used only in the block
//! that created it (so it is always bound when used); Semaphore and Lock
//! bodies hold only leaf statements (so no program deadlocks); sleeps are
//! multiples of 125 ms, exact in binary floating point, so CPython's clock
//! in seconds and the engine's in milliseconds order timers alike.
use std::fmt::Write;

/// A whole program: `funcs[0]` is `main`.
#[derive(Clone, Debug)]
pub struct Program {
    pub funcs: Vec<Vec<Stmt>>,
    pub semaphores: Vec<usize>,
    pub locks: usize,
}

#[derive(Clone, Debug)]
pub enum Stmt {
    Sleep(u32),
    Print(u32),
    /// `tV = asyncio.create_task(fF())`
    Spawn {
        var: usize,
        func: usize,
    },
    /// `await tV`
    Await(usize),
    /// `tV.cancel()`
    Cancel(usize),
    Gather {
        items: Vec<Item>,
        return_exceptions: bool,
        label: u32,
    },
    /// `asyncio.wait([...], return_when=FIRST_COMPLETED)`
    WaitFirst {
        vars: Vec<usize>,
        label: u32,
    },
    WaitFor {
        func: usize,
        timeout_ms: u32,
    },
    Semaphore {
        sem: usize,
        body: Vec<Stmt>,
    },
    Lock {
        lock: usize,
        body: Vec<Stmt>,
    },
    Raise(u32),
    /// `try: body / except CancelledError: print(cN); raise` (or swallow)
    TryCancel {
        body: Vec<Stmt>,
        swallow: bool,
        label: u32,
    },
    /// `try: body / except Exception as e: print(xN, type(e).__name__)`
    TryExcept {
        body: Vec<Stmt>,
        label: u32,
    },
}

#[derive(Clone, Copy, Debug)]
pub enum Item {
    Call(usize),
    Task(usize),
}

/// SplitMix64: seeds give the same programs on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const MAX_FUNCS: usize = 9;
const MAX_DEPTH: usize = 3;

struct Gen {
    rng: Rng,
    funcs: Vec<Vec<Stmt>>,
    labels: u32,
    vars: usize,
    semaphores: usize,
    locks: usize,
}

impl Program {
    pub fn random(seed: u64) -> Program {
        let mut rng = Rng::new(seed);
        let semaphores = 1 + rng.below(2);
        let locks = rng.below(2);
        let mut g = Gen {
            rng,
            funcs: vec![Vec::new()],
            labels: 0,
            vars: 0,
            semaphores,
            locks,
        };
        let main = g.block(0, 2, 6);
        g.funcs[0] = main;
        let limits = (0..semaphores).map(|_| 1 + g.rng.below(3)).collect();
        Program {
            funcs: g.funcs,
            semaphores: limits,
            locks,
        }
    }

    /// The program as Python source.
    pub fn python(&self) -> String {
        let mut out = String::from("import asyncio\n\n");
        for (i, limit) in self.semaphores.iter().enumerate() {
            let _ = writeln!(out, "sem{i} = asyncio.Semaphore({limit})");
        }
        for i in 0..self.locks {
            let _ = writeln!(out, "lock{i} = asyncio.Lock()");
        }
        let reachable = self.reachable();
        for (i, body) in self.funcs.iter().enumerate() {
            if !reachable[i] {
                continue; // left over after shrinking
            }
            let _ = writeln!(out, "\nasync def f{i}():");
            block(&mut out, body, 1);
        }
        out.push_str("\nasyncio.run(f0())\n");
        out
    }

    /// Which functions main can reach.
    fn reachable(&self) -> Vec<bool> {
        fn calls(body: &[Stmt], out: &mut Vec<usize>) {
            for stmt in body {
                match stmt {
                    Stmt::Spawn { func, .. } | Stmt::WaitFor { func, .. } => out.push(*func),
                    Stmt::Gather { items, .. } => {
                        out.extend(items.iter().filter_map(|i| match i {
                            Item::Call(f) => Some(*f),
                            Item::Task(_) => None,
                        }))
                    }
                    Stmt::Semaphore { body, .. }
                    | Stmt::Lock { body, .. }
                    | Stmt::TryCancel { body, .. }
                    | Stmt::TryExcept { body, .. } => calls(body, out),
                    _ => {}
                }
            }
        }
        let mut seen = vec![false; self.funcs.len()];
        let mut todo = vec![0];
        while let Some(f) = todo.pop() {
            if !std::mem::replace(&mut seen[f], true) {
                calls(&self.funcs[f], &mut todo);
            }
        }
        seen
    }

    /// Statements in the program, counted through every block.
    pub fn size(&self) -> usize {
        fn count(body: &[Stmt]) -> usize {
            body.iter()
                .map(|s| {
                    1 + match s {
                        Stmt::Semaphore { body, .. }
                        | Stmt::Lock { body, .. }
                        | Stmt::TryCancel { body, .. }
                        | Stmt::TryExcept { body, .. } => count(body),
                        _ => 0,
                    }
                })
                .sum()
        }
        self.funcs.iter().map(|f| count(f)).sum()
    }
}

fn seconds(ms: u32) -> String {
    let text = format!("{}", f64::from(ms) / 1000.0);
    text
}

fn block(out: &mut String, body: &[Stmt], depth: usize) {
    let pad = "    ".repeat(depth);
    if body.is_empty() {
        let _ = writeln!(out, "{pad}pass");
    }
    for stmt in body {
        match stmt {
            Stmt::Sleep(ms) => {
                let _ = writeln!(out, "{pad}await asyncio.sleep({})", seconds(*ms));
            }
            Stmt::Print(n) => {
                let _ = writeln!(out, "{pad}print(\"p{n}\")");
            }
            Stmt::Spawn { var, func } => {
                let _ = writeln!(out, "{pad}t{var} = asyncio.create_task(f{func}())");
            }
            Stmt::Await(var) => {
                let _ = writeln!(out, "{pad}await t{var}");
            }
            Stmt::Cancel(var) => {
                let _ = writeln!(out, "{pad}t{var}.cancel()");
            }
            Stmt::Gather {
                items,
                return_exceptions,
                label,
            } => {
                let args: Vec<String> = items.iter().map(item).collect();
                if *return_exceptions {
                    let _ = writeln!(
                        out,
                        "{pad}r = await asyncio.gather({}, return_exceptions=True)",
                        args.join(", ")
                    );
                    let _ = writeln!(
                        out,
                        "{pad}print(\"g{label}\", *[type(x).__name__ for x in r])"
                    );
                } else {
                    let _ = writeln!(out, "{pad}await asyncio.gather({})", args.join(", "));
                }
            }
            Stmt::WaitFirst { vars, label } => {
                let tasks: Vec<String> = vars.iter().map(|v| format!("t{v}")).collect();
                let _ = writeln!(
                    out,
                    "{pad}done, pending = await asyncio.wait([{}], return_when=asyncio.FIRST_COMPLETED)",
                    tasks.join(", ")
                );
                let _ = writeln!(out, "{pad}print(\"w{label}\", len(done), len(pending))");
            }
            Stmt::WaitFor { func, timeout_ms } => {
                let _ = writeln!(
                    out,
                    "{pad}await asyncio.wait_for(f{func}(), {})",
                    seconds(*timeout_ms)
                );
            }
            Stmt::Semaphore { sem, body } => {
                let _ = writeln!(out, "{pad}async with sem{sem}:");
                block(out, body, depth + 1);
            }
            Stmt::Lock { lock, body } => {
                let _ = writeln!(out, "{pad}async with lock{lock}:");
                block(out, body, depth + 1);
            }
            Stmt::Raise(n) => {
                let _ = writeln!(out, "{pad}raise ValueError(\"e{n}\")");
            }
            Stmt::TryCancel {
                body,
                swallow,
                label,
            } => {
                let _ = writeln!(out, "{pad}try:");
                block(out, body, depth + 1);
                let _ = writeln!(out, "{pad}except asyncio.CancelledError:");
                let _ = writeln!(out, "{pad}    print(\"c{label}\")");
                if !swallow {
                    let _ = writeln!(out, "{pad}    raise");
                }
            }
            Stmt::TryExcept { body, label } => {
                let _ = writeln!(out, "{pad}try:");
                block(out, body, depth + 1);
                let _ = writeln!(out, "{pad}except Exception as e:");
                let _ = writeln!(out, "{pad}    print(\"x{label}\", type(e).__name__)");
            }
        }
    }
}

fn item(item: &Item) -> String {
    match item {
        Item::Call(f) => format!("f{f}()"),
        Item::Task(v) => format!("t{v}"),
    }
}

impl Gen {
    fn label(&mut self) -> u32 {
        self.labels += 1;
        self.labels
    }

    fn sleep_ms(&mut self) -> u32 {
        [0, 0, 125, 125, 250, 375, 500][self.rng.below(7)]
    }

    /// A new function with its own body, or None when there are enough.
    fn func(&mut self, depth: usize) -> Option<usize> {
        if self.funcs.len() >= MAX_FUNCS || depth >= MAX_DEPTH {
            return None;
        }
        let id = self.funcs.len();
        self.funcs.push(Vec::new());
        let body = self.block(depth + 1, 1, 4);
        self.funcs[id] = body;
        Some(id)
    }

    fn leaf(&mut self) -> Stmt {
        match self.rng.below(10) {
            0..=4 => Stmt::Sleep(self.sleep_ms()),
            5..=8 => Stmt::Print(self.label()),
            _ => Stmt::Raise(self.label()),
        }
    }

    fn block(&mut self, depth: usize, min: usize, max: usize) -> Vec<Stmt> {
        let len = min + self.rng.below(max - min + 1);
        let mut body = Vec::new();
        // Tasks created in this block, usable by later statements of it.
        let mut tasks: Vec<usize> = Vec::new();
        for _ in 0..len {
            let stmt = self.stmt(depth, &mut tasks);
            body.push(stmt);
        }
        body
    }

    fn stmt(&mut self, depth: usize, tasks: &mut Vec<usize>) -> Stmt {
        for _ in 0..4 {
            let pick = self.rng.below(100);
            let made = match pick {
                0..=19 => Some(Stmt::Sleep(self.sleep_ms())),
                20..=31 => Some(Stmt::Print(self.label())),
                32..=45 => self.func(depth).map(|func| {
                    self.vars += 1;
                    tasks.push(self.vars);
                    Stmt::Spawn {
                        var: self.vars,
                        func,
                    }
                }),
                46..=53 => self.pick_task(tasks).map(Stmt::Await),
                54..=61 => self.pick_task(tasks).map(Stmt::Cancel),
                62..=69 => {
                    let mut items = Vec::new();
                    for _ in 0..1 + self.rng.below(3) {
                        if self.rng.chance(40) {
                            if let Some(v) = self.pick_task(tasks) {
                                if !items.iter().any(|i| matches!(i, Item::Task(w) if *w == v)) {
                                    items.push(Item::Task(v));
                                }
                                continue;
                            }
                        }
                        if let Some(f) = self.func(depth) {
                            items.push(Item::Call(f));
                        }
                    }
                    (!items.is_empty()).then(|| Stmt::Gather {
                        items,
                        return_exceptions: self.rng.chance(50),
                        label: self.label(),
                    })
                }
                70..=73 if tasks.len() >= 2 => {
                    let n = 2 + self.rng.below(tasks.len() - 1);
                    let mut vars = tasks.clone();
                    while vars.len() > n {
                        vars.remove(self.rng.below(vars.len()));
                    }
                    Some(Stmt::WaitFirst {
                        vars,
                        label: self.label(),
                    })
                }
                74..=78 => self.func(depth).map(|func| Stmt::WaitFor {
                    func,
                    timeout_ms: [0, 125, 250, 250, 375, 500, 625][self.rng.below(7)],
                }),
                79..=84 => {
                    let body = (0..1 + self.rng.below(3)).map(|_| self.leaf()).collect();
                    if self.locks > 0 && self.rng.chance(40) {
                        Some(Stmt::Lock {
                            lock: self.rng.below(self.locks),
                            body,
                        })
                    } else {
                        Some(Stmt::Semaphore {
                            sem: self.rng.below(self.semaphores),
                            body,
                        })
                    }
                }
                85..=87 => Some(Stmt::Raise(self.label())),
                88..=94 if depth < MAX_DEPTH + 1 => Some(Stmt::TryCancel {
                    body: self.block(depth + 1, 1, 3),
                    swallow: self.rng.chance(40),
                    label: self.label(),
                }),
                95..=99 if depth < MAX_DEPTH + 1 => Some(Stmt::TryExcept {
                    body: self.block(depth + 1, 1, 3),
                    label: self.label(),
                }),
                _ => None,
            };
            if let Some(stmt) = made {
                return stmt;
            }
        }
        Stmt::Sleep(self.sleep_ms())
    }

    fn pick_task(&mut self, tasks: &[usize]) -> Option<usize> {
        (!tasks.is_empty()).then(|| tasks[self.rng.below(tasks.len())])
    }
}
