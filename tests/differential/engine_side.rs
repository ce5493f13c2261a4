//! The engine runs a random program: each statement of the tree as the
//! engine's API spells the Python line `program.rs` emits for it.
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use async_playground::engine::{
    Coro, EventLoop, Exc, Lock, ReturnWhen, RunTrace, Semaphore, TaskHandle,
};
use serde_json::Value;

use super::program::{Item, Program, Stmt};

struct Env {
    lp: EventLoop,
    program: Program,
    semaphores: Vec<Semaphore>,
    locks: Vec<Lock>,
}

type Block = Pin<Box<dyn Future<Output = Result<(), Exc>>>>;

pub fn run(program: &Program) -> RunTrace {
    let lp = EventLoop::new_virtual();
    let env = Rc::new(Env {
        lp: lp.clone(),
        program: program.clone(),
        semaphores: program
            .semaphores
            .iter()
            .map(|&limit| Semaphore::new(&lp, limit))
            .collect(),
        locks: (0..program.locks).map(|_| Lock::new(&lp)).collect(),
    });
    lp.spawn_main(call(&env, 0, "main".into()));
    lp.run_virtual();
    lp.trace("differential", 0.0)
}

fn call(env: &Rc<Env>, func: usize, name: String) -> Coro {
    let body = env.program.funcs[func].clone();
    let env = env.clone();
    Coro::new(name, async move {
        block(env, body).await?;
        Ok(Value::Null)
    })
}

fn task_call(env: &Rc<Env>, func: usize) -> Coro {
    call(env, func, format!("f{func}()"))
}

fn kind(outcome: &Result<Value, Exc>) -> String {
    match outcome {
        Ok(_) => "NoneType".into(),
        Err(e) => e.kind.clone(),
    }
}

fn block(env: Rc<Env>, body: Vec<Stmt>) -> Block {
    Box::pin(async move {
        let lp = env.lp.clone();
        let mut tasks: HashMap<usize, TaskHandle> = HashMap::new();
        for stmt in body {
            match stmt {
                Stmt::Sleep(ms) => lp.sleep(f64::from(ms)).await?,
                Stmt::Print(n) => lp.print(format!("p{n}")),
                Stmt::Spawn { var, func } => {
                    tasks.insert(var, lp.create_task(task_call(&env, func)));
                }
                Stmt::Await(var) => {
                    tasks[&var].join().await?;
                }
                Stmt::Cancel(var) => {
                    tasks[&var].cancel();
                }
                Stmt::Gather {
                    items,
                    return_exceptions,
                    label,
                } => {
                    let handles: Vec<TaskHandle> = items
                        .iter()
                        .map(|item| match *item {
                            Item::Call(f) => lp.create_task_for_gather(task_call(&env, f)),
                            Item::Task(v) => tasks[&v].clone(),
                        })
                        .collect();
                    if return_exceptions {
                        let outcomes = lp.gather_tasks_return_exceptions(handles).await?;
                        let kinds: Vec<String> = outcomes.iter().map(kind).collect();
                        lp.print(format!("g{label} {}", kinds.join(" ")));
                    } else {
                        lp.gather_tasks(handles).await?;
                    }
                }
                Stmt::WaitFirst { vars, label } => {
                    let handles: Vec<TaskHandle> = vars.iter().map(|v| tasks[v].clone()).collect();
                    let (done, pending) = lp.wait(&handles, ReturnWhen::FirstCompleted).await?;
                    lp.print(format!("w{label} {} {}", done.len(), pending.len()));
                }
                Stmt::WaitFor { func, timeout_ms } => {
                    lp.wait_for(task_call(&env, func), f64::from(timeout_ms))
                        .await?;
                }
                Stmt::Semaphore { sem, body } => {
                    let _permit = env.semaphores[sem].acquire().await?;
                    block(env.clone(), body).await?;
                }
                Stmt::Lock { lock, body } => {
                    let _permit = env.locks[lock].acquire().await?;
                    block(env.clone(), body).await?;
                }
                Stmt::Raise(n) => return Err(Exc::new("ValueError", format!("e{n}"))),
                Stmt::TryCancel {
                    body,
                    swallow,
                    label,
                } => match block(env.clone(), body).await {
                    Err(e) if e.is_cancelled() => {
                        lp.print(format!("c{label}"));
                        if !swallow {
                            return Err(e);
                        }
                    }
                    other => other?,
                },
                Stmt::TryExcept { body, label } => match block(env.clone(), body).await {
                    Err(e) if !e.is_cancelled() => lp.print(format!("x{label} {}", e.kind)),
                    other => other?,
                },
            }
        }
        Ok(())
    })
}
