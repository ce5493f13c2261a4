//! 最佳实践 4 — `safe_fetch` turns an HTTP error and any other error into
//! `None` with a message, and lets everything else through.
use serde_json::{json, Value};

use crate::engine::{Coro, Exc};
use crate::scenarios::RunCtx;

/// An HTTP response from the simulated server.
struct Response {
    status: u16,
    url: String,
    /// The body, or None when it is an HTML page rather than JSON.
    json: Option<Value>,
}

impl Response {
    /// `response.raise_for_status()`: 4xx and 5xx become `HTTPStatusError`.
    fn raise_for_status(&self) -> Result<(), Exc> {
        if self.status < 400 {
            return Ok(());
        }
        let (kind, reason) = match self.status {
            404 => ("Client error", "Not Found"),
            _ => ("Server error", "Internal Server Error"),
        };
        Err(Exc::new(
            "httpx.HTTPStatusError",
            format!(
                "{kind} '{} {reason}' for url '{}'\nFor more information check: \
                 https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/{}",
                self.status, self.url, self.status
            ),
        ))
    }

    /// `response.json()`: a body that is not JSON raises `JSONDecodeError`.
    fn json(&self) -> Result<Value, Exc> {
        self.json.clone().ok_or_else(|| {
            Exc::new(
                "json.JSONDecodeError",
                "Expecting value: line 1 column 1 (char 0)",
            )
        })
    }
}

/// The simulated `await client.get(url)`: after `latency_ms` the server
/// answers user 1, a 404 for an unknown user, or an HTML page.
async fn client_get(ctx: &RunCtx, url: &str) -> Result<Response, Exc> {
    let (status, json) = match url {
        "https://api.example.com/users/1" => (200, Some(json!({ "id": 1, "name": "Alice" }))),
        "https://example.com/" => (200, None), // <!DOCTYPE html>...
        _ => (404, Some(json!({ "detail": "Not Found" }))),
    };
    ctx.lp
        .http("GET", url, ctx.ms("latency_ms"), status)
        .await?; // the request travels
    let url = url.to_string();
    Ok(Response { status, url, json })
}

/// `async def safe_fetch(url)`.
async fn safe_fetch(ctx: &RunCtx, url: &str) -> Result<Value, Exc> {
    // try:
    let fetched = async {
        let response = client_get(ctx, url).await?;
        response.raise_for_status()?;
        response.json()
    }
    .await;
    match fetched {
        Ok(data) => Ok(data),
        // CancelledError is a BaseException: neither except clause catches it.
        Err(exc) if exc.is_cancelled() => Err(exc),
        // except httpx.HTTPError as e:
        Err(exc) if exc.kind.starts_with("httpx.") => {
            let label = ctx.tr("HTTP 错误", "HTTP error");
            ctx.lp.print(format!("{label}: {}", exc.message));
            Ok(Value::Null)
        }
        // except Exception as e:
        Err(exc) => {
            let label = ctx.tr("未知错误", "unknown error");
            ctx.lp.print(format!("{label}: {}", exc.message));
            Ok(Value::Null)
        }
    }
}

pub fn main(ctx: &RunCtx) -> Coro {
    let ctx = ctx.clone();
    Coro::new("main()", async move {
        let url = match ctx.variant {
            "ok" => "https://api.example.com/users/1",
            "http-error" => "https://api.example.com/users/999",
            _ => "https://example.com/", // a web page, not an API
        };
        safe_fetch(&ctx, url).await
    })
}
