// every request here takes __latency_ms__ ms to answer

async function fetchMultipleUrls() {
  const urls = ["/users/octocat", "/users/torvalds", "/users/gvanrossum"];
  // each fetch() is sent as soon as it is called; Promise.all only waits
  const responses = await Promise.all(
    urls.map((url) =>
      fetch(`https://api.github.com${url}`, { signal: AbortSignal.timeout(__timeout_ms__) }),
    ),
  );
  return Promise.all(responses.map((r) => r.json()));
}

async function createUserApi(username, email) {
  const response = await fetch("https://api.example.com/users", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username, email }),
    signal: AbortSignal.timeout(__timeout_ms__),
  });
  return response.json(); // the server echoes the body
}

// fetch has no default timeout: an AbortSignal aborts the request itself
async function fetchWithTimeout(url, timeout = __timeout_ms__) {
  try {
    const response = await fetch(`https://api.github.com${url}`, {
      signal: AbortSignal.timeout(timeout),
    });
    return await response.json();
  } catch (err) {
    if (err.name !== "TimeoutError") throw err;
    console.log(`request timed out: ${url}`);
    return null;
  }
}

await fetchMultipleUrls();
// or: await createUserApi("alice", "alice@example.com");
// or: await fetchWithTimeout("/users/octocat");
