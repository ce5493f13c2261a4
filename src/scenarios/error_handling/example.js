async function safeFetch(url) {
  try {
    const response = await fetch(url); // answers after __latency_ms__ ms
    // fetch only rejects on network failure: a 404 is a normal response
    if (!response.ok) {
      throw new Error(`HTTP ${response.status} ${response.statusText} for url '${url}'`);
    }
    return await response.json(); // not JSON → SyntaxError
  } catch (err) {
    if (err.name === "AbortError") throw err; // like CancelledError: let it pass
    if (err instanceof TypeError || err.message.startsWith("HTTP ")) {
      console.log(`HTTP error: ${err.message}`);
    } else {
      console.log(`unknown error: ${err.message}`);
    }
    return null;
  }
}

await safeFetch("https://api.example.com/users/1"); // ok → { id: 1, name: 'Alice' }
// or: await safeFetch("https://api.example.com/users/999"); // http-error → 404
// or: await safeFetch("https://example.com/"); // unknown-error → an HTML page
