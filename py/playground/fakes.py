"""The libraries the guide uses, simulated on the run's clock, so the
guide's code runs as written, offline, and the same on every run.

HTTP (every request is answered after a latency with deterministic JSON):

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

A database (a fresh, empty one per run; every round trip takes
``db.latency_ms``, which a set-up may change, and ``db.add_users(n)``
fills the users table with user1 … user<n>):

- ``sqlalchemy`` (select, where, order_by, limit; column comparisons and
  ``in_``), ``sqlalchemy.ext.asyncio`` (AsyncSession, async_sessionmaker,
  create_async_engine), ``sqlalchemy.orm`` (the blocking Session,
  sessionmaker) and ``sqlalchemy.exc``;
- ``models.user``: the ``User`` model (id, username, email,
  hashed_password; ids from 1, given at commit);
- ``core.database``: ``AsyncSessionLocal`` and ``get_db`` (async),
  ``SessionLocal`` and ``get_sync_db`` (a blocking driver).

A web server: ``fastapi`` (FastAPI, APIRouter, Depends, HTTPException) and
``fake_clients``, the page's stand-in for uvicorn and its clients.

Pools (Pyodide starts no threads and no processes):
``concurrent.futures.ThreadPoolExecutor`` (also asyncio's default executor:
``run_in_executor(None, …)``, ``asyncio.to_thread``) and
``ProcessPoolExecutor`` are simulated workers on the run's clock (see
``_executors``).
"""
import asyncio
import concurrent.futures
import contextlib
import functools
import inspect
import json as jsonlib
import re
import time
import types

from .tracer import CPUTime

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


# ---------------------------------------------------------------- the database


class Database:
    """The simulated database of one run: its tables (rows by id) and how
    long a round trip takes. Every awaited session call (execute, commit,
    refresh, ...) is one round trip; add/add_all and reading a result cost
    nothing."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.latency_ms = 50
        self.tables = {}
        self.next_ids = {}

    @property
    def latency(self):
        return self.latency_ms / 1000.0

    def table(self, name):
        return self.tables.setdefault(name, {})

    def insert(self, name, row):
        """Stores `row` (its id given by the table when it has none) and
        returns its id."""
        rows = self.table(name)
        if row.get("id") is None:
            row["id"] = self.next_ids.get(name, 1)
        if row["id"] in rows:
            raise _SQL_ERRORS["IntegrityError"](
                f'duplicate key value violates unique constraint "{name}_pkey"'
            )
        self.next_ids[name] = max(self.next_ids.get(name, 1), row["id"] + 1)
        rows[row["id"]] = row
        return row["id"]

    def add_users(self, n):
        """Set-up: the users table holds user1 … user<n> (ids 1 … n)."""
        for i in range(1, int(n) + 1):
            self.insert("users", {
                "id": None, "username": f"user{i}", "email": f"user{i}@example.com",
                "hashed_password": "...",
            })


DB = Database()


def setup_namespace():
    """What a scenario's set-up can shape: the network and the database."""
    return {"net": NET, "db": DB}


def _sql_errors():
    """sqlalchemy.exc's classes (one set for every run: a program's
    `except` names them)."""
    class SQLAlchemyError(Exception):
        pass

    class InvalidRequestError(SQLAlchemyError):
        pass

    class NoResultFound(InvalidRequestError):
        pass

    class MultipleResultsFound(InvalidRequestError):
        pass

    class ArgumentError(SQLAlchemyError):
        pass

    class DBAPIError(SQLAlchemyError):
        pass

    class IntegrityError(DBAPIError):
        pass

    found = {}
    for cls in (SQLAlchemyError, InvalidRequestError, NoResultFound, MultipleResultsFound,
                ArgumentError, DBAPIError, IntegrityError):
        cls.__module__ = "sqlalchemy.exc"
        found[cls.__name__] = cls
    return found


_SQL_ERRORS = _sql_errors()


class Column:
    """A model's column: on the class, an expression (``User.id == 3``);
    on an instance, its value."""

    def __init__(self, *_types, primary_key=False, unique=False, default=None, **_ignored):
        self.primary_key = primary_key
        self.unique = unique
        self.default = default
        self.name = None
        self.model = None

    def __set_name__(self, owner, name):
        self.name = name
        self.model = owner

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return obj.__dict__.get(self.name, self.default)

    def __set__(self, obj, value):
        obj.__dict__[self.name] = value

    def _compare(self, op, other):
        return _Compare(self, op, other)

    def __eq__(self, other):
        return self._compare("==", other)

    def __ne__(self, other):
        return self._compare("!=", other)

    def __lt__(self, other):
        return self._compare("<", other)

    def __le__(self, other):
        return self._compare("<=", other)

    def __gt__(self, other):
        return self._compare(">", other)

    def __ge__(self, other):
        return self._compare(">=", other)

    def in_(self, values):
        return self._compare("in", list(values))

    def not_in(self, values):
        return self._compare("not in", list(values))

    def is_(self, value):
        return self._compare("==", value)

    def is_not(self, value):
        return self._compare("!=", value)

    isnot = is_not

    def like(self, pattern):
        return self._compare("like", pattern)

    def asc(self):
        return _Order(self, False)

    def desc(self):
        return _Order(self, True)

    __hash__ = object.__hash__

    def __repr__(self):
        return f"{self.model.__name__}.{self.name}" if self.model else "Column()"


_OPS = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a is not None and a < b,
    "<=": lambda a, b: a is not None and a <= b,
    ">": lambda a, b: a is not None and a > b,
    ">=": lambda a, b: a is not None and a >= b,
    "in": lambda a, b: a in b,
    "not in": lambda a, b: a not in b,

    "like": lambda a, b: a is not None and re.fullmatch(
        "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in b), str(a), re.S
    ) is not None,
}


class _Compare:
    """A WHERE criterion; as in SQLAlchemy it has no truth value (an `if
    User.id == 3:` is a mistake)."""

    def __init__(self, column, op, value):
        self.column = column
        self.op = op
        self.value = value
        self._among = value
        if op in ("in", "not in"):
            try:
                self._among = frozenset(value)
            except TypeError:  # unhashable values: looked up in the list
                pass

    def matches(self, row):
        return _OPS[self.op](row.get(self.column.name), self._among)

    def __and__(self, other):
        return _Both(all, [self, other])

    def __or__(self, other):
        return _Both(any, [self, other])

    def __bool__(self):
        raise TypeError("Boolean value of this clause is not defined")

    def __repr__(self):
        return f"{self.column!r} {self.op} {self.value!r}"


class _Both(_Compare):
    def __init__(self, how, parts):
        self.how = how
        self.parts = parts

    def matches(self, row):
        return self.how(part.matches(row) for part in self.parts)


class _Order:
    def __init__(self, column, descending):
        self.column = column
        self.descending = descending


class Select:
    """``select(User).where(...)``: a statement, run by a session."""

    def __init__(self, entities, criteria=(), order=(), limit=None, offset=0):
        if not entities:
            raise _SQL_ERRORS["ArgumentError"]("select() needs at least one column or entity")
        self.entities = tuple(entities)
        self.criteria = tuple(criteria)
        self.order = tuple(order)
        self._limit = limit
        self._offset = offset

    def _with(self, **change):
        fields = dict(criteria=self.criteria, order=self.order, limit=self._limit, offset=self._offset)
        fields.update(change)
        return Select(self.entities, **fields)

    def where(self, *criteria):
        for c in criteria:
            if not isinstance(c, _Compare):
                raise _SQL_ERRORS["ArgumentError"](
                    f"WHERE clause expected, got {c!r}"
                )
        return self._with(criteria=self.criteria + criteria)

    filter = where

    def filter_by(self, **values):
        model = self._model()
        return self.where(*(getattr(model, k) == v for k, v in values.items()))

    def order_by(self, *columns):
        order = tuple(c if isinstance(c, _Order) else _Order(c, False) for c in columns)
        return self._with(order=self.order + order)

    def limit(self, n):
        return self._with(limit=n)

    def offset(self, n):
        return self._with(offset=n)

    def _model(self):
        first = self.entities[0]
        return first.model if isinstance(first, Column) else first

    def __repr__(self):
        names = ", ".join(e.__name__ if isinstance(e, type) else repr(e) for e in self.entities)
        where = " AND ".join(map(repr, self.criteria))
        return f"SELECT {names}" + (f" WHERE {where}" if where else "")


def select(*entities):
    return Select(entities)


def and_(*criteria):
    return _Both(all, list(criteria))


def or_(*criteria):
    return _Both(any, list(criteria))


class Row(tuple):
    """A result row: a tuple whose fields also read by name."""

    def __new__(cls, values, names):
        row = super().__new__(cls, values)
        row._names = names
        return row

    def __getattr__(self, name):
        try:
            return self[self._names.index(name)]
        except ValueError:
            raise AttributeError(name) from None

    def _asdict(self):
        return dict(zip(self._names, self))


class ScalarResult:
    def __init__(self, values):
        self._values = list(values)

    def all(self):
        return list(self._values)

    def first(self):
        return self._values[0] if self._values else None

    def one(self):
        return _one(self._values, "exactly one")

    def one_or_none(self):
        return _one(self._values, "one or none") if self._values else None

    def unique(self):
        seen, kept = set(), []
        for v in self._values:
            if id(v) not in seen:
                seen.add(id(v))
                kept.append(v)
        return ScalarResult(kept)

    def __iter__(self):
        return iter(self.all())


def _one(values, how):
    if not values:
        raise _SQL_ERRORS["NoResultFound"]("No row was found when one was required")
    if len(values) > 1:
        raise _SQL_ERRORS["MultipleResultsFound"](
            f"Multiple rows were found when {how} was required"
        )
    return values[0]


class Result:
    """What ``await db.execute(...)`` returns; reading it is synchronous
    (the rows have arrived)."""

    def __init__(self, rows):
        self._rows = rows

    def scalars(self):
        return ScalarResult(row[0] for row in self._rows)

    def scalar_one_or_none(self):
        return self.scalars().one_or_none()

    def scalar_one(self):
        return self.scalars().one()

    def scalar(self):
        return self.scalars().first()

    def all(self):
        return list(self._rows)

    fetchall = all

    def first(self):
        return self._rows[0] if self._rows else None

    def one(self):
        return _one(self._rows, "exactly one")

    def one_or_none(self):
        return _one(self._rows, "one or none") if self._rows else None

    def __iter__(self):
        return iter(self.all())


class Model:
    """The models' base (as a DeclarativeBase's subclass would be)."""

    __tablename__ = None

    def __init__(self, **values):
        for name, value in values.items():
            if not isinstance(getattr(type(self), name, None), Column):
                raise TypeError(f"{name!r} is an invalid keyword argument for {type(self).__name__}")
            setattr(self, name, value)

    @classmethod
    def _columns(cls):
        cached = cls.__dict__.get("_columns_cache")
        if cached is None:
            found = {}
            for klass in reversed(cls.__mro__):
                found.update((k, v) for k, v in vars(klass).items() if isinstance(v, Column))
            cached = list(found.values())
            cls._columns_cache = cached
        return cached

    def _row(self):
        return {c.name: getattr(self, c.name) for c in self._columns()}

    def _load(self, row):
        for name, value in row.items():
            self.__dict__[name] = value


def _user_model():
    class User(Model):
        """A user (models/user.py): ``users`` table."""

        __tablename__ = "users"
        id = Column(int, primary_key=True)
        username = Column(str, unique=True)
        email = Column(str, unique=True)
        hashed_password = Column(str)

        def __repr__(self):
            return f"User(id={self.id!r}, username={self.username!r})"

    User.__module__ = "models.user"
    return User


class _Session:
    """What both sessions do, round trips aside: new objects wait in the
    session until a commit gives them their ids; every object read or
    written is kept once per id (the identity map). Objects stay readable
    after a commit (``expire_on_commit=False``)."""

    def __init__(self, bind=None, **_ignored):
        self.bind = bind
        self._new = []
        self._new_ids = set()
        self._deleted = []
        self._identity = {}
        self._busy = None

    def _key(self, obj):
        return (type(obj).__tablename__, obj.__dict__.get("id"))

    def _persistent(self, obj):
        return self._identity.get(self._key(obj)) is obj

    def add(self, instance):
        if not isinstance(instance, Model):
            raise _SQL_ERRORS["InvalidRequestError"](f"Class '{type(instance).__name__}' is not mapped")
        if not self._persistent(instance) and id(instance) not in self._new_ids:
            self._new.append(instance)
            self._new_ids.add(id(instance))

    def add_all(self, instances):
        for instance in instances:
            self.add(instance)

    def expunge_all(self):
        self._new, self._new_ids, self._identity = [], set(), {}

    def _do_flush(self):
        for obj in self._deleted:
            DB.table(type(obj).__tablename__).pop(obj.__dict__.get("id"), None)
            self._identity.pop(self._key(obj), None)
        self._deleted = []
        new, self._new, self._new_ids = self._new, [], set()
        taken = {}  # (table, unique column) → the values already stored
        for obj in new:
            model = type(obj)
            rows = DB.table(model.__tablename__)
            row = obj._row()
            for column in model._columns():
                value = row.get(column.name)
                if not column.unique or value is None:
                    continue
                key = (model.__tablename__, column.name)
                if key not in taken:
                    taken[key] = {r.get(column.name) for r in rows.values()}
                if value in taken[key]:
                    raise _SQL_ERRORS["IntegrityError"](
                        f'duplicate key value violates unique constraint "{model.__tablename__}_{column.name}_key"'
                    )
                taken[key].add(value)
            obj.__dict__["id"] = DB.insert(model.__tablename__, row)
            self._identity[self._key(obj)] = obj
        for key, obj in self._identity.items():
            rows = DB.table(key[0])
            if key[1] in rows:
                rows[key[1]].update(obj._row())

    def _do_refresh(self, instance):
        row = DB.table(type(instance).__tablename__).get(instance.__dict__.get("id"))
        if row is None:
            raise _SQL_ERRORS["InvalidRequestError"](
                f"Could not refresh instance '{instance!r}'"
            )
        instance._load(row)

    def _check_refresh(self, instance):
        if not self._persistent(instance):
            raise _SQL_ERRORS["InvalidRequestError"](
                f"Instance '{instance!r}' is not persistent within this Session"
            )

    def _check(self, statement):
        if not isinstance(statement, Select):
            raise _SQL_ERRORS["ArgumentError"](
                f"Executable SQL or text() construct expected, got {statement!r}."
            )

    def _do_execute(self, statement):
        model = statement._model()
        rows = DB.table(model.__tablename__)
        by_id = [c.value for c in statement.criteria
                 if type(c) is _Compare and c.column.name == "id" and c.op == "=="]
        if by_id:
            candidates = [rows[by_id[0]]] if by_id[0] in rows else []
        else:
            candidates = list(rows.values())
        found = [r for r in candidates if all(c.matches(r) for c in statement.criteria)]
        for order in reversed(statement.order):
            found.sort(key=lambda r: (r.get(order.column.name) is None, r.get(order.column.name)),
                       reverse=order.descending)
        found = found[statement._offset:]
        if statement._limit is not None:
            found = found[:statement._limit]
        names = tuple(e.__name__ if isinstance(e, type) else e.name for e in statement.entities)
        result = []
        for row in found:
            values = []
            for entity in statement.entities:
                if isinstance(entity, Column):
                    values.append(row.get(entity.name))
                else:
                    values.append(self._instance(entity, row))
            result.append(Row(values, names))
        return Result(result)

    def _instance(self, model, row):
        key = (model.__tablename__, row["id"])
        obj = self._identity.get(key)
        if obj is None:
            obj = model.__new__(model)
            obj._load(dict(row))
            self._identity[key] = obj
        return obj

    def _do_get(self, model, ident):
        obj = self._identity.get((model.__tablename__, ident))
        if obj is not None:
            return obj, False
        row = DB.table(model.__tablename__).get(ident)
        return (self._instance(model, row) if row is not None else None), True

    def _do_delete(self, instance):
        if not self._persistent(instance):
            raise _SQL_ERRORS["InvalidRequestError"](
                f"Instance '{instance!r}' is not persisted"
            )
        self._deleted.append(instance)

    def _do_rollback(self):
        self._new, self._new_ids, self._deleted = [], set(), []


def _async_session_class():
    class AsyncSession(_Session):
        """An asyncio session: each awaited call is one round trip to the
        database (``db.latency_ms``), during which the loop runs other
        tasks. One session serves one task at a time, as SQLAlchemy's."""

        async def _round_trip(self):
            if self._busy is not None:
                raise _SQL_ERRORS["InvalidRequestError"](
                    "This session is provisioning a new connection; concurrent operations "
                    "are not permitted (one AsyncSession per task)"
                )
            self._busy = True
            try:
                await asyncio.sleep(DB.latency)
            finally:
                self._busy = None

        async def execute(self, statement, params=None, **_ignored):
            self._check(statement)  # a bad statement fails before the trip
            await self._round_trip()
            return self._do_execute(statement)

        async def scalars(self, statement, **kw):
            return (await self.execute(statement, **kw)).scalars()

        async def scalar(self, statement, **kw):
            return (await self.execute(statement, **kw)).scalar()

        async def get(self, model, ident, **_ignored):
            obj, asked = self._do_get(model, ident)
            if asked:
                await self._round_trip()
                obj, _ = self._do_get(model, ident)
            return obj

        async def commit(self):
            await self._round_trip()
            self._do_flush()

        async def flush(self, objects=None):
            await self._round_trip()
            self._do_flush()

        async def refresh(self, instance, attribute_names=None, **_ignored):
            self._check_refresh(instance)
            await self._round_trip()
            self._do_refresh(instance)

        async def delete(self, instance):
            self._do_delete(instance)

        async def rollback(self):
            self._do_rollback()

        async def close(self):
            self.expunge_all()

        def begin(self):
            return _AsyncTransaction(self)

        async def __aenter__(self):
            return self

        async def __aexit__(self, *exc):
            await self.close()
            return False

    class _AsyncTransaction:
        def __init__(self, session):
            self.session = session

        async def __aenter__(self):
            return self.session

        async def __aexit__(self, exc_type, *exc):
            if exc_type is None:
                await self.session.commit()
            else:
                await self.session.rollback()
            return False

    AsyncSession.__module__ = "sqlalchemy.ext.asyncio"
    return AsyncSession


def _sync_session_class(program):
    class Session(_Session):
        """A blocking session (a sync driver such as psycopg2): each call
        that reaches the database holds the thread, and on the event loop
        the whole loop, for one round trip (``db.latency_ms``)."""

        def _round_trip(self):
            program.blocking_sleep(DB.latency)

        def execute(self, statement, params=None, **_ignored):
            self._check(statement)
            self._round_trip()
            return self._do_execute(statement)

        def scalars(self, statement, **kw):
            return self.execute(statement, **kw).scalars()

        def scalar(self, statement, **kw):
            return self.execute(statement, **kw).scalar()

        def get(self, model, ident, **_ignored):
            obj, asked = self._do_get(model, ident)
            if asked:
                self._round_trip()
                obj, _ = self._do_get(model, ident)
            return obj

        def commit(self):
            self._round_trip()
            self._do_flush()

        def flush(self, objects=None):
            self._round_trip()
            self._do_flush()

        def refresh(self, instance, attribute_names=None, **_ignored):
            self._check_refresh(instance)
            self._round_trip()
            self._do_refresh(instance)

        def delete(self, instance):
            self._do_delete(instance)

        def rollback(self):
            self._do_rollback()

        def close(self):
            self.expunge_all()

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.close()
            return False

    Session.__module__ = "sqlalchemy.orm"
    return Session


class _Engine:
    def __init__(self, url, **_ignored):
        self.url = url

    def __repr__(self):
        return f"Engine({self.url})"


class _AsyncEngine(_Engine):
    async def dispose(self):
        pass


class _SessionMaker:
    def __init__(self, bind=None, *, class_=None, **options):
        self.bind = bind
        self.class_ = class_ or self.default
        self.options = options

    def __call__(self, **local):
        return self.class_(bind=self.bind, **{**self.options, **local})

    def begin(self):
        return self().begin()


def _sqlalchemy(program):
    """sqlalchemy and the submodules the guide imports, fresh per run."""
    AsyncSession = _async_session_class()
    Session = _sync_session_class(program)

    class async_sessionmaker(_SessionMaker):
        default = AsyncSession

    class sessionmaker(_SessionMaker):
        default = Session

    def create_async_engine(url, **kw):
        return _AsyncEngine(url, **kw)

    def create_engine(url, **kw):
        return _Engine(url, **kw)

    note = "Simulated by Async Playground: every round trip to the database takes db.latency_ms."
    sa = types.ModuleType("sqlalchemy", note)
    exc = types.ModuleType("sqlalchemy.exc", note)
    orm = types.ModuleType("sqlalchemy.orm", note)
    ext = types.ModuleType("sqlalchemy.ext", note)
    ext_asyncio = types.ModuleType("sqlalchemy.ext.asyncio", note)
    for name, cls in _SQL_ERRORS.items():
        setattr(exc, name, cls)
    sa.exc, sa.orm, sa.ext, ext.asyncio = exc, orm, ext, ext_asyncio
    for name, value in (("select", select), ("and_", and_), ("or_", or_), ("Column", Column),
                        ("create_engine", create_engine), ("Integer", int), ("String", str)):
        setattr(sa, name, value)
    for name, value in (("Session", Session), ("sessionmaker", sessionmaker)):
        setattr(orm, name, value)
    for name, value in (("AsyncSession", AsyncSession), ("async_sessionmaker", async_sessionmaker),
                        ("create_async_engine", create_async_engine), ("AsyncEngine", _AsyncEngine)):
        setattr(ext_asyncio, name, value)

    # The application's own modules, as the guide's project has them.
    models = types.ModuleType("models", "The application's models (simulated).")
    models_user = types.ModuleType("models.user", "The User model (simulated).")
    models_user.User = _user_model()
    models.user = models_user

    core = types.ModuleType("core", "The application's core (simulated).")
    database = types.ModuleType("core.database", "Sessions on the simulated database.")
    engine = create_async_engine("postgresql+asyncpg://app@localhost/app")
    database.engine = engine
    database.AsyncSessionLocal = async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
    database.SessionLocal = sessionmaker(create_engine("postgresql+psycopg2://app@localhost/app"))

    async def get_db():
        """FastAPI's dependency: one AsyncSession per request."""
        async with database.AsyncSessionLocal() as session:
            yield session

    def get_sync_db():
        """The same with the blocking driver."""
        db = database.SessionLocal()
        try:
            yield db
        finally:
            db.close()

    get_db.__module__ = get_sync_db.__module__ = "core.database"
    database.get_db = get_db
    database.get_sync_db = get_sync_db
    core.database = database
    return {
        "sqlalchemy": sa, "sqlalchemy.exc": exc, "sqlalchemy.orm": orm,
        "sqlalchemy.ext": ext, "sqlalchemy.ext.asyncio": ext_asyncio,
        "models": models, "models.user": models_user,
        "core": core, "core.database": database,
    }


# ---------------------------------------------------------------- pools

# The simulated machine's CPU count, for the pools' default sizes (the real
# os.cpu_count() differs from machine to machine; Pyodide says 1).
CPUS = 4


def _callable_name(fn):
    """`crunch` for crunch, functools.partial(crunch, ...) and what
    asyncio.to_thread submits (a context's run of the function)."""
    seen = 0
    while isinstance(fn, functools.partial) and seen < 8:
        seen += 1
        inner = fn.func
        if getattr(inner, "__qualname__", "") == "Context.run" and fn.args:
            fn = fn.args[0]
        else:
            fn = inner
    return getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or type(fn).__name__


class _Job:
    """What time.sleep and time.process_time mean while a pool's worker
    runs a function (the tracer asks while ``program.worker`` is set)."""

    def __init__(self, pool, worker):
        self.pool = pool
        self.worker = worker
        self.busy_ns = 0
        self.computing = False

    def _charge(self, ns):
        from .tracer import MAX_VIRTUAL_MS

        self.busy_ns += ns
        if self.busy_ns > MAX_VIRTUAL_MS * 1_000_000:
            program = self.pool._program
            raise program.recorder.stop(
                "time", "a pool's worker would run past the time budget"
            )

    def sleep(self, seconds):
        """The worker waits: it stays busy that much longer; nothing else
        is held."""
        self._charge(round(seconds * 1e9))
        self.computing = False

    def process_time(self):
        pool = self.pool
        if pool.kind == "thread":
            # A thread computes only while it holds the GIL: as on the loop.
            return pool._program.loop_process_time()
        # A process has a CPU clock of its own: 1 ms of computing between
        # two reads of one computation (the first read costs nothing).
        if self.computing:
            self._charge(1_000_000)
            pool._cpu_ns[self.worker] += 1_000_000
        self.computing = True
        return CPUTime(pool._cpu_ns[self.worker] / 1e9)


def _executors(program):
    """ThreadPoolExecutor and ProcessPoolExecutor for one run. Pyodide starts
    no threads and no processes, so a pool is a number of simulated workers
    on the run's clock:

    - submit() runs the function at once, to its end, in the caller's
      thread (so whatever it prints shows at that moment, and the times it
      reads are that moment's). Meanwhile time.sleep holds nothing: it adds
      to how long the worker stays busy. In a process, time.process_time is
      the worker's own CPU clock (1 ms of computing between two reads of one
      computation, as on the loop), which adds to the busy time too; in a
      thread, computing holds the event loop, as the GIL makes it.
    - The job goes to the worker that is free first (the lowest-numbered at
      a tie) and starts when it is free: with every worker busy, jobs wait
      their turn in order. Its future is done once the worker has been busy
      that long (a timer on the running loop, labelled "process 2: crunch";
      with no loop running, result() holds its caller until then).
    - result() and shutdown(wait=True) (the end of a `with` block) hold
      their caller until the job is done: on the loop, a blocking call.
    - Not simulated: pickling (what a process is sent is not checked), and
      a process's separate memory (a job's changes to globals are seen).
    - In real time a function also runs at once on the page's one thread
      (the real time it takes is added to its worker's busy time), and a
      process's process_time is still the simulated clock above: jobs of a
      process pool still run side by side.
    """
    from .tracer import Halt

    clock = program.clock

    class _PoolFuture(concurrent.futures.Future):
        def __init__(self, end, outcome):
            super().__init__()
            self._end = end
            self._outcome = outcome
            self._timer = None
            self.set_running_or_notify_cancel()

        def _settle(self):
            if self.done():
                return
            if self._timer is not None:
                timer, self._timer = self._timer, None
                timer.cancel()
            (value, error), self._outcome = self._outcome, None
            if error is not None:
                self.set_exception(error)
            else:
                self.set_result(value)

        def _wait(self, timeout):
            if self.done():
                return True
            remaining = self._end - clock.now()
            if timeout is not None and remaining > timeout:
                program.blocking_sleep(timeout)
                return False
            if remaining > 0:
                program.blocking_sleep(remaining)
            self._settle()
            return True

        def result(self, timeout=None):
            if not self._wait(timeout):
                raise TimeoutError()
            return super().result(0)

        def exception(self, timeout=None):
            if not self._wait(timeout):
                raise TimeoutError()
            return super().exception(0)

    class _Pool:
        kind = None

        def __init__(self, max_workers, initializer=None, initargs=()):
            if max_workers <= 0:
                raise ValueError("max_workers must be greater than 0")
            self._program = program
            self._free_at = [0.0] * max_workers
            self._cpu_ns = [0] * max_workers
            self._started = [False] * max_workers
            self._initializer = initializer
            self._initargs = initargs
            self._pending = []
            self._shutdown = False
            self._max_workers = max_workers

        def submit(self, fn, /, *args, **kwargs):
            if self._shutdown:
                raise RuntimeError("cannot schedule new futures after shutdown")
            now = clock.now()
            worker = min(range(self._max_workers), key=lambda w: (max(self._free_at[w], now), w))
            start = max(self._free_at[worker], now)
            job = _Job(self, worker)
            outer, program.worker = program.worker, job
            began = clock.now()
            try:
                if self._initializer is not None and not self._started[worker]:
                    self._started[worker] = True
                    self._initializer(*self._initargs)
                outcome = (fn(*args, **kwargs), None)
            except Halt:
                raise
            except BaseException as exc:  # the worker keeps it for the future
                outcome = (None, exc)
            finally:
                program.worker = outer
            end = round(start + job.busy_ns / 1e9 + (clock.now() - began), 9)
            self._free_at[worker] = end
            future = _PoolFuture(end, outcome)
            self._pending.append(future)
            future.add_done_callback(self._pending.remove)
            loop = asyncio.events._get_running_loop()
            if loop is not None:
                def done():
                    future._timer = None
                    future._settle()

                done.__qualname__ = done.__name__ = f"{self.kind} {worker + 1}: {_callable_name(fn)}"
                future._timer = loop.call_at(end, done)
            return future

        def map(self, fn, *iterables, timeout=None, chunksize=1, buffersize=None):
            futures = [self.submit(fn, *args) for args in zip(*iterables)]

            def results():
                for future in futures:
                    yield future.result(timeout)

            return results()

        def shutdown(self, wait=True, *, cancel_futures=False):
            self._shutdown = True
            if wait:
                for future in sorted(self._pending, key=lambda f: f._end):
                    future._wait(None)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.shutdown(wait=True)
            return False

    class ThreadPoolExecutor(_Pool):
        """Simulated threads (see fakes._executors)."""

        kind = "thread"

        def __init__(self, max_workers=None, thread_name_prefix="", initializer=None, initargs=()):
            super().__init__(min(32, CPUS + 4) if max_workers is None else max_workers,
                             initializer, initargs)

    class ProcessPoolExecutor(_Pool):
        """Simulated processes (see fakes._executors)."""

        kind = "process"

        def __init__(self, max_workers=None, mp_context=None, initializer=None, initargs=(),
                     *, max_tasks_per_child=None):
            super().__init__(CPUS if max_workers is None else max_workers, initializer, initargs)

    for cls in (ThreadPoolExecutor, ProcessPoolExecutor):
        cls.__module__ = "concurrent.futures"
    return {"ThreadPoolExecutor": ThreadPoolExecutor, "ProcessPoolExecutor": ProcessPoolExecutor}


# ---------------------------------------------------------------- the web server


def _jsonable(value, depth=0):
    """A route's return value as the JSON FastAPI sends."""
    if depth > 16:
        return None
    if isinstance(value, Model):
        return {c.name: _jsonable(getattr(value, c.name), depth + 1) for c in value._columns()}
    if isinstance(value, dict):
        return {str(k): _jsonable(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v, depth + 1) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if hasattr(value, "__dict__"):
        return {k: _jsonable(v, depth + 1) for k, v in vars(value).items() if not k.startswith("_")}
    return str(value)


class _Invalid(Exception):
    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


_PARSE = {
    int: ("int_parsing", "Input should be a valid integer, unable to parse string as an integer"),
    float: ("float_parsing", "Input should be a valid number, unable to parse string as a number"),
}


def _convert(where, name, text, annotation):
    kind = {"int": int, "float": float, "str": str}.get(annotation, annotation)
    if kind in _PARSE:
        try:
            return kind(text)
        except (TypeError, ValueError):
            code, msg = _PARSE[kind]
            raise _Invalid([{"type": code, "loc": [where, name], "msg": msg, "input": text}]) from None
    return text


def _fastapi():
    m = types.ModuleType("fastapi", "Simulated by Async Playground: routes, Depends and "
                                    "HTTPException, served by fake_clients.")

    class HTTPException(Exception):
        def __init__(self, status_code, detail=None, headers=None):
            super().__init__(status_code, detail)
            self.status_code = status_code
            self.detail = _REASONS.get(status_code, "") if detail is None else detail
            self.headers = headers

        def __str__(self):
            return f"{self.status_code}: {self.detail}"

        def __repr__(self):
            return f"HTTPException(status_code={self.status_code!r}, detail={self.detail!r})"

    class Depends:
        def __init__(self, dependency=None, *, use_cache=True):
            self.dependency = dependency
            self.use_cache = use_cache

        def __repr__(self):
            return f"Depends({_callable_name(self.dependency) if self.dependency else ''})"

    class _Route:
        def __init__(self, method, path, endpoint, status_code):
            self.method = method
            self.path = path
            self.endpoint = endpoint
            self.status_code = status_code
            pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(path))
            self.regex = re.compile(pattern)

    class APIRouter:
        def __init__(self, *, prefix="", **_ignored):
            self.prefix = prefix
            self.routes = []

        def api_route(self, path, *, methods=("GET",), status_code=None, **_ignored):
            def decorator(endpoint):
                for method in methods:
                    self.routes.append(_Route(method.upper(), self.prefix + path, endpoint, status_code))
                return endpoint

            return decorator

        def get(self, path, **kw):
            return self.api_route(path, methods=["GET"], **kw)

        def post(self, path, **kw):
            return self.api_route(path, methods=["POST"], **kw)

        def put(self, path, **kw):
            return self.api_route(path, methods=["PUT"], **kw)

        def patch(self, path, **kw):
            return self.api_route(path, methods=["PATCH"], **kw)

        def delete(self, path, **kw):
            return self.api_route(path, methods=["DELETE"], **kw)

        def include_router(self, router, *, prefix="", **_ignored):
            for r in router.routes:
                self.routes.append(_Route(r.method, self.prefix + prefix + r.path, r.endpoint, r.status_code))

    async def solve(call, values, stack, cache):
        """The arguments of a route or a dependency: path and query
        parameters converted by annotation, dependencies resolved (each
        once per request); a `yield` dependency's clean-up runs when the
        request is answered. Sync dependencies run inline (they cost no
        time here)."""
        kwargs = {}
        for name, param in inspect.signature(call).parameters.items():
            default = param.default
            if isinstance(default, Depends):
                dep = default.dependency or param.annotation
                if default.use_cache and dep in cache:
                    kwargs[name] = cache[dep]
                    continue
                sub = await solve(dep, values, stack, cache)
                if inspect.isasyncgenfunction(dep):
                    value = await stack.enter_async_context(contextlib.asynccontextmanager(dep)(**sub))
                elif inspect.isgeneratorfunction(dep):
                    value = stack.enter_context(contextlib.contextmanager(dep)(**sub))
                elif inspect.iscoroutinefunction(dep):
                    value = await dep(**sub)
                else:
                    value = dep(**sub)
                cache[dep] = value
                kwargs[name] = value
            elif name in values:
                where, text = values[name]
                kwargs[name] = _convert(where, name, text, param.annotation)
            elif default is not inspect.Parameter.empty:
                kwargs[name] = default
            else:
                raise _Invalid([{"type": "missing", "loc": ["query", name],
                                 "msg": "Field required", "input": None}])
        return kwargs

    class FastAPI(APIRouter):
        def __init__(self, *, title="FastAPI", **_ignored):
            super().__init__()
            self.title = title

        async def _respond(self, method, target, pool):
            """(status, JSON body) of one request: a route that is an `async
            def` is awaited on the loop; a plain `def` runs in `pool` (the
            thread pool FastAPI runs such routes in)."""
            path, _, query = target.partition("?")
            values = {k: ("query", v) for k, v in
                      (p.split("=", 1) if "=" in p else (p, "") for p in query.split("&") if p)}
            allowed = False
            for route in self.routes:
                match = route.regex.fullmatch(path)
                if match is None:
                    continue
                if route.method != method:
                    allowed = True
                    continue
                values.update((k, ("path", v)) for k, v in match.groupdict().items())
                endpoint = route.endpoint
                try:
                    async with contextlib.AsyncExitStack() as stack:
                        kwargs = await solve(endpoint, values, stack, {})
                        if inspect.iscoroutinefunction(endpoint):
                            result = await endpoint(**kwargs)
                        else:
                            loop = asyncio.get_running_loop()
                            result = await loop.run_in_executor(pool, functools.partial(endpoint, **kwargs))
                except HTTPException as exc:
                    return exc.status_code, {"detail": exc.detail}
                except _Invalid as exc:
                    return 422, {"detail": exc.errors}
                except Exception as exc:
                    print(f"Exception in ASGI application: {type(exc).__name__}: {exc}")
                    return 500, "Internal Server Error"
                return route.status_code or 200, _jsonable(result)
            if allowed:
                return 405, {"detail": "Method Not Allowed"}
            return 404, {"detail": "Not Found"}

    for cls in (HTTPException, Depends, APIRouter, FastAPI):
        cls.__module__ = "fastapi"
        setattr(m, cls.__name__, cls)
    return m


def _fake_clients(executors):
    m = types.ModuleType(
        "fake_clients",
        "The page's stand-in for uvicorn serving an app and the clients that call it.",
    )

    async def send_at_once(app, paths, *, method="GET", threads=40):
        """Serves `app` as uvicorn would, to one client per path, every
        request sent at the same moment; returns the JSON bodies of the
        answers, in request order.

        Each request is handled by an asyncio task of its own, named after
        it ("GET /users/1"), which prints the access-log line
        ('"GET /users/1 HTTP/1.1" 200') when it answers. A route that is
        an `async def` runs on the event loop; a plain `def` route runs in
        FastAPI's thread pool (anyio's: 40 threads unless `threads` says
        otherwise), simulated: see fakes._executors."""
        if not hasattr(app, "_respond"):
            raise TypeError(f"send_at_once() serves a FastAPI app, not {app!r}")
        verb = method.upper()
        pool = executors["ThreadPoolExecutor"](max_workers=threads)

        async def handle(path):
            status, body = await app._respond(verb, path, pool)
            print(f'"{verb} {path} HTTP/1.1" {status}')
            return body

        # (the loop's create_task names a task as it is made: the lane's name)
        loop = asyncio.get_running_loop()
        tasks = [loop.create_task(handle(path), name=f"{verb} {path}") for path in paths]
        try:
            return list(await asyncio.gather(*tasks))
        finally:
            pool.shutdown(wait=False)

    send_at_once.__module__ = "fake_clients"
    m.send_at_once = send_at_once
    return m


_PATCHES = []


def modules(program):
    """Fresh simulated modules for one run (the network and the database
    forget the last run)."""
    NET.reset(program.latency_ms)
    DB.reset()
    httpx = _httpx()
    executors = _executors(program)
    found = {"httpx": httpx, "requests": _requests(program, httpx), "aiohttp": _aiohttp()}
    found.update(_sqlalchemy(program))
    found["fastapi"] = _fastapi()
    found["fake_clients"] = _fake_clients(executors)
    _PATCHES[:] = [(concurrent.futures, name, cls) for name, cls in executors.items()]
    return found


def patches(program):
    """(object, attribute, value): what else the run replaces (and the
    tracer puts back): the pools of concurrent.futures, which asyncio's
    run_in_executor(None, ...) and to_thread use too. Call after
    modules(program)."""
    return list(_PATCHES)
