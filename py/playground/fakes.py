"""The HTTP libraries the guide uses, simulated on the run's clock: every
request is answered after a latency with deterministic JSON, so the guide's
code runs as written, offline, and the same on every run.

- ``httpx``: AsyncClient (get/post/put/patch/delete/request), its timeout,
  raise_for_status and its exception classes;
- ``requests``: the same calls, blocking — each holds the event loop, as
  the real library does;
- ``aiohttp``: ClientSession, its requests as awaitables and async context
  managers.

What each URL answers (the rules are the page's, so a learner can predict
them): ``/users/<n>`` is a user for n < 100 and 404 Not Found above;
``/users/<name>`` is ``{"login": name}``; ``.../posts`` and ``.../followers``
are small lists; POST, PUT and PATCH echo their JSON body; a host without
"api" in its name answers an HTML page. A scenario's set-up may change the
latency or the answers per host with ``net.route``.
"""
import asyncio
import json as jsonlib
import re
import types

USERS = {1: "Alice", 2: "Bob", 3: "Carol", 4: "Dave", 5: "Eve"}


def splitmix_fails(seed, i, rate):
    """Whether the `i`-th request (0-based) of a route fails: the `i`-th
    splitmix64 draw from `seed`, scaled to [0, 1), is below `rate`."""
    mask = (1 << 64) - 1
    z = (seed + (i + 1) * 0x9E3779B97F4A7C15) & mask
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
    z ^= z >> 31
    return (z >> 11) / float(1 << 53) < rate


class Route:
    def __init__(self, match, latency_ms=None, status=None, json=None, text=None,
                 fail_rate=None, seed=0):
        self.match = match
        self.latency_ms = latency_ms
        self.status = status
        self.json = json
        self.text = text
        self.fail_rate = fail_rate
        self.seed = seed
        self.count = 0


class Net:
    """The simulated network of one run."""

    def __init__(self):
        self.reset(500)

    def reset(self, latency_ms):
        self.latency_ms = latency_ms
        self.routes = []

    def route(self, match, **answer):
        """Answers of every URL containing `match` (the first route wins)."""
        self.routes.append(Route(match, **answer))

    def answer(self, method, url, body):
        """(latency in seconds, status, JSON or None, text) for a request."""
        route = next((r for r in self.routes if r.match in url), None)
        latency = self.latency_ms
        status, data, text = _default_answer(method, url, body)
        if route is not None:
            index = route.count
            route.count += 1
            if route.latency_ms is not None:
                latency = route.latency_ms
            if route.json is not None:
                status, data, text = 200, route.json, None
            if route.text is not None:
                status, data, text = 200, None, route.text
            if route.status is not None:
                status = route.status
            if route.fail_rate is not None and splitmix_fails(route.seed, index, route.fail_rate):
                status = 500
        if status >= 400:
            data, text = {"error": _REASONS.get(status, "Error")}, None
        if text is None:
            text = jsonlib.dumps(data, ensure_ascii=False)
        return latency / 1000.0, status, text


NET = Net()

_REASONS = {200: "OK", 201: "Created", 404: "Not Found", 500: "Internal Server Error"}


def _default_answer(method, url, body):
    host = re.sub(r"^[a-z]+://", "", url).split("/", 1)[0]
    path = "/" + url.split("://", 1)[-1].split("/", 1)[1] if "/" in url.split("://", 1)[-1] else "/"
    path = path.split("?", 1)[0]
    if method in ("POST", "PUT", "PATCH"):
        return 200, body if body is not None else {}, None
    if host and "api" not in host and host not in ("", "localhost") and "." in host and "jsonplaceholder" not in host:
        return 200, None, "<!doctype html><html><body>Example Domain</body></html>"
    if re.search(r"/followers$", path):
        return 200, [2, 3, 5], None
    if re.search(r"/posts$", path):
        return 200, [{"id": 7, "title": "Why asyncio"}], None
    match = re.search(r"/posts/(\d+)$", path)
    if match:
        n = int(match.group(1))
        return 200, {"id": n}, None
    match = re.search(r"/users/(\d+)$", path)
    if match:
        n = int(match.group(1))
        if n >= 100:
            return 404, None, None
        return 200, {"id": n, "name": USERS.get(n, f"user{n}")}, None
    match = re.search(r"/users/([^/]+)$", path)
    if match:
        return 200, {"login": match.group(1)}, None
    return 200, {"url": url}, None


# ---------------------------------------------------------------- httpx


def _httpx():
    m = types.ModuleType("httpx")
    m.__doc__ = "Simulated by Async Playground: requests are answered after a latency."

    class HTTPError(Exception):
        def __init__(self, message, *, request=None, response=None):
            super().__init__(message)
            self.request = request
            self.response = response

    class RequestError(HTTPError):
        pass

    class TransportError(RequestError):
        pass

    class TimeoutException(TransportError):
        pass

    class ConnectTimeout(TimeoutException):
        pass

    class ReadTimeout(TimeoutException):
        pass

    class HTTPStatusError(HTTPError):
        pass

    class Timeout:
        def __init__(self, timeout=5.0, *, connect=None, read=None, write=None, pool=None):
            self.read = read if read is not None else timeout

    class Request:
        def __init__(self, method, url):
            self.method = method
            self.url = url

    class Response:
        def __init__(self, status_code, text, request):
            self.status_code = status_code
            self.text = text
            self.request = request
            self.url = request.url
            self.headers = {"content-type": "application/json"}
            self.reason_phrase = _REASONS.get(status_code, "")
            self.is_success = 200 <= status_code < 300
            self.is_error = status_code >= 400

        @property
        def content(self):
            return self.text.encode()

        def json(self):
            return jsonlib.loads(self.text)

        def raise_for_status(self):
            if self.status_code >= 400:
                kind = "Client error" if self.status_code < 500 else "Server error"
                raise HTTPStatusError(
                    f"{kind} '{self.status_code} {self.reason_phrase}' for url '{self.url}'\n"
                    "For more information check: "
                    f"https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/{self.status_code}",
                    request=self.request,
                    response=self,
                )
            return self

        def __repr__(self):
            return f"<Response [{self.status_code} {self.reason_phrase}]>"

    _UNSET = object()

    def _seconds(timeout):
        if isinstance(timeout, Timeout):
            return timeout.read
        return timeout

    class AsyncClient:
        _playground_label = "client"

        def __init__(self, *, base_url="", timeout=5.0, headers=None, **_ignored):
            self.base_url = str(base_url).rstrip("/")
            self.timeout = _seconds(timeout)
            self.is_closed = False

        async def __aenter__(self):
            return self

        async def __aexit__(self, *exc):
            self.is_closed = True
            return False

        async def aclose(self):
            self.is_closed = True

        async def request(self, method, url, *, json=None, params=None, timeout=_UNSET, **_ignored):
            full = self.base_url + url if url.startswith("/") else url
            latency, status, text = NET.answer(method.upper(), full, json)
            limit = self.timeout if timeout is _UNSET else _seconds(timeout)
            request = Request(method.upper(), full)
            if limit is not None and latency >= limit:
                await asyncio.sleep(limit)
                raise ReadTimeout("timed out", request=request)
            await asyncio.sleep(latency)
            return Response(status, text, request)

        async def get(self, url, **kw):
            return await self.request("GET", url, **kw)

        async def post(self, url, **kw):
            return await self.request("POST", url, **kw)

        async def put(self, url, **kw):
            return await self.request("PUT", url, **kw)

        async def patch(self, url, **kw):
            return await self.request("PATCH", url, **kw)

        async def delete(self, url, **kw):
            return await self.request("DELETE", url, **kw)

    for cls in (HTTPError, RequestError, TransportError, TimeoutException, ConnectTimeout,
                ReadTimeout, HTTPStatusError, Timeout, Request, Response, AsyncClient):
        cls.__module__ = "httpx"
        setattr(m, cls.__name__, cls)
    return m


# ---------------------------------------------------------------- requests


def _requests(program, httpx):
    m = types.ModuleType("requests")
    m.__doc__ = "Simulated by Async Playground: each call blocks until its answer arrives."

    class RequestException(IOError):
        pass

    class HTTPError(RequestException):
        pass

    class Timeout(RequestException):
        pass

    class Response:
        def __init__(self, status_code, text, url):
            self.status_code = status_code
            self.text = text
            self.url = url
            self.ok = status_code < 400

        def json(self):
            return jsonlib.loads(self.text)

        def raise_for_status(self):
            if self.status_code >= 400:
                raise HTTPError(f"{self.status_code} Error: {_REASONS.get(self.status_code, '')} for url: {self.url}")

        def __repr__(self):
            return f"<Response [{self.status_code}]>"

    def request(method, url, *, json=None, timeout=None, **_ignored):
        latency, status, text = NET.answer(method.upper(), url, json)
        if timeout is not None and latency >= timeout:
            program.blocking_sleep(timeout)
            raise Timeout(f"Read timed out. (read timeout={timeout})")
        program.blocking_sleep(latency)
        return Response(status, text, url)

    m.request = request
    for method in ("get", "post", "put", "patch", "delete"):
        setattr(m, method, lambda url, _m=method, **kw: request(_m, url, **kw))
    for cls in (RequestException, HTTPError, Timeout, Response):
        cls.__module__ = "requests"
        setattr(m, cls.__name__, cls)
    m.exceptions = types.SimpleNamespace(RequestException=RequestException, HTTPError=HTTPError, Timeout=Timeout)
    return m


# ---------------------------------------------------------------- aiohttp


def _aiohttp():
    m = types.ModuleType("aiohttp")
    m.__doc__ = "Simulated by Async Playground: requests are answered after a latency."

    class ClientError(Exception):
        pass

    class ClientResponseError(ClientError):
        def __init__(self, status, message):
            super().__init__(f"{status}, message='{message}'")
            self.status = status

    class ServerTimeoutError(ClientError, asyncio.TimeoutError):
        pass

    class ClientTimeout:
        def __init__(self, total=None, **_ignored):
            self.total = total

    class ClientResponse:
        def __init__(self, status, text, url):
            self.status = status
            self._text = text
            self.url = url
            self.reason = _REASONS.get(status, "")
            self.ok = status < 400

        async def json(self):
            return jsonlib.loads(self._text)

        async def text(self):
            return self._text

        def raise_for_status(self):
            if self.status >= 400:
                raise ClientResponseError(self.status, self.reason)

        def release(self):
            pass

        async def __aenter__(self):
            return self

        async def __aexit__(self, *exc):
            return False

    class _Request:
        """What session.get() returns: awaitable, or `async with`."""

        def __init__(self, session, method, url, json):
            self._coro = session._send(method, url, json)

        def __await__(self):
            return self._coro.__await__()

        async def __aenter__(self):
            return await self._coro

        async def __aexit__(self, *exc):
            return False

    class ClientSession:
        _playground_label = "session"

        def __init__(self, base_url=None, *, timeout=None, **_ignored):
            self._base = str(base_url or "").rstrip("/")
            self._timeout = timeout.total if isinstance(timeout, ClientTimeout) else None
            self.closed = False

        async def __aenter__(self):
            return self

        async def __aexit__(self, *exc):
            self.closed = True
            return False

        async def close(self):
            self.closed = True

        async def _send(self, method, url, json):
            full = self._base + url if url.startswith("/") else url
            latency, status, text = NET.answer(method, full, json)
            if self._timeout is not None and latency >= self._timeout:
                await asyncio.sleep(self._timeout)
                raise ServerTimeoutError(f"Timeout on reading data from {full}")
            await asyncio.sleep(latency)
            return ClientResponse(status, text, full)

        def request(self, method, url, *, json=None, **_ignored):
            return _Request(self, method.upper(), url, json)

        def get(self, url, **kw):
            return self.request("GET", url, **kw)

        def post(self, url, **kw):
            return self.request("POST", url, **kw)

        def put(self, url, **kw):
            return self.request("PUT", url, **kw)

        def delete(self, url, **kw):
            return self.request("DELETE", url, **kw)

    for cls in (ClientError, ClientResponseError, ServerTimeoutError, ClientTimeout,
                ClientResponse, ClientSession):
        cls.__module__ = "aiohttp"
        setattr(m, cls.__name__, cls)
    return m


def modules(program):
    """Fresh simulated modules for one run (the network forgets the last)."""
    NET.reset(program.latency_ms)
    httpx = _httpx()
    return {"httpx": httpx, "requests": _requests(program, httpx), "aiohttp": _aiohttp()}
