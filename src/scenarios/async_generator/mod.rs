//! `async-generator`: `async for` over a generator that awaits between
//! yields, and over the guide's paginated query.
mod run;

use serde_json::json;

use super::predict::{counts, Asks, Question};
use super::{Expect, Javascript, Load, ParamSpec, Params, Python, Scenario};
use crate::lang::Lang;

pub static SCENARIO: Scenario = Scenario {
    id: "async-generator",
    chapter: "generators",
    section: "异步生成器; 分页查询",
    variants: &["async-range", "paginated"],
    params: &[
        ParamSpec::count("count", 0, 10_000, 5),
        ParamSpec::duration("step_ms", 100),
        ParamSpec::count("total_users", 0, 10_000, 250),
        ParamSpec::count("page_size", 1, 10_000, 100),
        ParamSpec::duration("page_ms", 200),
    ],
    main: run::main,
    ideal_ms,
    expect,
    load: |_, _| Load::tasks(1),
    python: Python {
        rewrites: &[],
        entries: &[("paginated", "process_all_users(FakeDB())")],
        setup: "",
    },
    javascript: Javascript {
        entries: &[(
            "paginated",
            "await main(); // or: await processAllUsers(db)",
            "await processAllUsers(db); // or: await main()",
        )],
        setup: "",
    },
    speedup: None,
    text_vars,
    questions: QUESTIONS,
};

/// Pages with users, plus the empty page that ends the loop.
fn page_queries(variant: &str, params: &Params) -> i64 {
    let (total, size) = (
        params.int("total_users", variant),
        params.int("page_size", variant),
    );
    (total + size - 1) / size + 1
}

/// The texts' extras:
/// - `queries`: the page queries of paginated, the empty last one included;
/// - `last_number`: the last number async_range yields (it starts at 0).
fn text_vars(params: &Params) -> Vec<(&'static str, f64)> {
    vec![
        ("queries", page_queries("paginated", params) as f64),
        (
            "last_number",
            (params.int("count", "async-range") - 1) as f64,
        ),
    ]
}

/// async-range: one step per number; paginated: one query time per page.
fn ideal_ms(variant: &str, params: &Params) -> f64 {
    match variant {
        "async-range" => params.int("count", variant) as f64 * params.ms("step_ms", variant),
        _ => page_queries(variant, params) as f64 * params.ms("page_ms", variant),
    }
}

fn expect(variant: &str, params: &Params, lang: Lang) -> Vec<Expect> {
    let total = ideal_ms(variant, params);
    if variant == "async-range" {
        let step = params.ms("step_ms", variant);
        let numbers = (0..params.int("count", variant))
            .map(|i| ((i + 1) as f64 * step, i.to_string()))
            .collect();
        return vec![
            Expect::TotalMs(total),
            Expect::Output(numbers),
            Expect::Result(json!(null)),
        ];
    }
    let (users, size, page_ms) = (
        params.int("total_users", variant),
        params.int("page_size", variant),
        params.ms("page_ms", variant),
    );
    let queries = page_queries(variant, params);
    let mut claims = vec![
        Expect::TotalMs(total),
        Expect::Result(json!({ "processed": users, "queries": queries })),
        Expect::Prints(
            total,
            format!(
                "{}: {users}, {}: {queries}",
                lang.pick("处理用户数", "users processed"),
                lang.pick("查询次数", "queries")
            ),
        ),
    ];
    if users > 0 {
        // The first page arrives after one query; the last user with the
        // last non-empty page.
        let label = lang.pick("处理用户", "processing user");
        claims.push(Expect::Prints(page_ms, format!("{label}: user_1")));
        let last_page = ((users + size - 1) / size) as f64;
        claims.push(Expect::Prints(
            last_page * page_ms,
            format!("{label}: user_{users}"),
        ));
    }
    claims
}

/// What the page asks before a run.
static QUESTIONS: &[Question] = &[Question {
    id: "page-queries",
    variant: "paginated",
    asks: Asks::ResultInt("queries"),
    options: |p| {
        let users = p.int("total_users", "paginated");
        let size = p.int("page_size", "paginated").max(1);
        let pages = (users + size - 1) / size;
        counts([pages, pages + 1, users])
    },
}];
