//! 异步 HTTP 请求 — httpx's `AsyncClient`: three GETs at once, a POST, and
//! a request cut off by the client's timeout.
use serde_json::{json, Value};

use crate::engine::{Coro, EventLoop, Exc};
use crate::scenarios::RunCtx;

/// `httpx.AsyncClient(timeout=...)`, simulated: the server takes
/// `latency_ms` to answer, and the client gives up after `timeout_ms`.
#[derive(Clone)]
struct AsyncClient {
    lp: EventLoop,
    base_url: &'static str,
    latency: f64,
    timeout: f64,
}

impl AsyncClient {
    fn new(ctx: &RunCtx, base_url: &'static str) -> Self {
        AsyncClient {
            lp: ctx.lp.clone(),
            base_url,
            latency: ctx.ms("latency_ms"),
            timeout: ctx.ms("timeout_ms"),
        }
    }

    /// `client.get(url)`.
    fn get(&self, url: &str) -> Coro {
        self.request("GET", url, Value::Null)
    }

    /// `client.post(url, json=body)`.
    fn post(&self, url: &str, body: Value) -> Coro {
        self.request("POST", url, body)
    }

    /// Sends one request and waits for the answer at most `timeout`:
    /// like `asyncio.wait_for`, the late request is cancelled, and httpx
    /// reports it as `ReadTimeout` (a `TimeoutException`).
    fn request(&self, method: &'static str, url: &str, body: Value) -> Coro {
        let (client, url) = (self.clone(), url.to_string());
        let call = format!("client.{}(\"{url}\")", method.to_ascii_lowercase());
        Coro::new(call, async move {
            let sent = client.send(method, &url, body);
            match client.lp.wait_for(sent, client.timeout).await {
                Err(exc) if exc.is_timeout() => Err(Exc::new("httpx.ReadTimeout", "timed out")),
                answer => answer,
            }
        })
    }

    /// The simulated round trip: after `latency` the server answers a GET
    /// of `/users/<login>` with `{"login": login}` and echoes a POST's JSON.
    fn send(&self, method: &'static str, url: &str, body: Value) -> Coro {
        let (lp, latency) = (self.lp.clone(), self.latency);
        let full_url = format!("{}{url}", self.base_url);
        let login = url.rsplit('/').next().unwrap_or_default().to_string();
        Coro::new(format!("{method} {url}"), async move {
            lp.http(method, &full_url, latency, 200).await?; // the request travels
            Ok(match method {
                "POST" => body,
                _ => json!({ "login": login }),
            })
        })
    }
}

/// `async def fetch_multiple_urls()`: three GETs gathered.
async fn fetch_multiple_urls(client: &AsyncClient) -> Result<Value, Exc> {
    let urls = ["/users/octocat", "/users/torvalds", "/users/gvanrossum"];
    let tasks = urls.iter().map(|url| client.get(url)).collect();
    let responses = client.lp.gather(tasks).await?;
    Ok(Value::Array(responses)) // [resp.json() for resp in responses]
}

/// `async def create_user_api(username, email)`: one POST.
async fn create_user_api(client: &AsyncClient, username: &str, email: &str) -> Result<Value, Exc> {
    let body = json!({ "username": username, "email": email });
    client.post("/users", body).await // response.json()
}

/// `async def fetch_with_timeout(url)`: a timeout becomes `None`.
async fn fetch_with_timeout(ctx: &RunCtx, client: &AsyncClient, url: &str) -> Result<Value, Exc> {
    match client.get(url).await {
        // except httpx.TimeoutException:
        Err(exc) if exc.kind == "httpx.ReadTimeout" => {
            let message = ctx.tr("请求超时", "request timed out");
            ctx.lp.print(format!("{message}: {url}"));
            Ok(Value::Null)
        }
        response => response,
    }
}

pub fn main(ctx: &RunCtx) -> Coro {
    let ctx = ctx.clone();
    Coro::new("main()", async move {
        // httpx.AsyncClient(base_url=...): the guide's two APIs
        let base_url = match ctx.variant {
            "post" => "https://api.example.com",
            _ => "https://api.github.com",
        };
        let client = AsyncClient::new(&ctx, base_url);
        match ctx.variant {
            "get-many" => fetch_multiple_urls(&client).await,
            "post" => create_user_api(&client, "alice", "alice@example.com").await,
            _ => fetch_with_timeout(&ctx, &client, "/users/octocat").await,
        }
    })
}
