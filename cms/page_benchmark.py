"""Helpers of ``manage.py page_benchmark`` (issue #12, "Page speed").

The command serves the project and a bare Django app (:mod:`cms.bare_bench`) with
gunicorn on 127.0.0.1 and loads them with ``wrk`` (or, without it, the Python load
generator below). This module holds what needs no Django setup: the load generators
and the parser of wrk's output, the gunicorn servers and the environment checks, so
the tests can exercise them without a database. Everything here only ever talks to
127.0.0.1: a load generator refuses any other target.

``make bench`` also runs ``python -m cms.page_benchmark create-database URL`` (creates
the PostgreSQL database of URL when it is missing) and ``python -m cms.page_benchmark
has-network`` (exit 1 when the database holds no portal yet: load the demo).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

LOCALHOST = "127.0.0.1"
BASE_DIR = Path(__file__).resolve().parent.parent
# The query parameter that makes every request of an "uncached" run a page-cache miss:
# the page cache's key holds the full path with its query string (cms/cache.py), and no
# page reads this parameter, so each unique value renders the page afresh.
BYPASS_PARAM = "_b"


class BenchmarkError(Exception):
    """The benchmark cannot go on; the message says why."""


def check_target(host: str) -> None:
    """Refuse any load target but 127.0.0.1: the benchmark never loads another machine."""
    if host != LOCALHOST:
        raise ValueError(f"the page benchmark only loads {LOCALHOST}, not {host!r}")


def database_problem(url: str) -> str | None:
    """Why DATABASE_URL ``url`` cannot serve the benchmark, or None.

    It measures the production set-up, so it needs PostgreSQL (the workers of two
    servers and this process share it).
    """
    scheme = urlsplit(url).scheme.lower() if url else ""
    if scheme in ("postgres", "postgresql", "pgsql", "postgis"):
        return None
    shown = f"{scheme}://..." if scheme else "unset (SQLite)"
    return (
        f"DATABASE_URL is {shown}: the page benchmark measures production settings and needs PostgreSQL, "
        "e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/pagebench (or run `make bench`)"
    )


def environment_problem(environ) -> str | None:
    """Why the benchmark cannot run with these variables, or None: PostgreSQL and
    Redis (the server workers and this process share the page cache) are needed."""
    problem = database_problem(environ.get("DATABASE_URL", ""))
    if problem is None and not environ.get("REDIS_URL"):
        problem = (
            "REDIS_URL is unset: the page benchmark needs the Redis page cache shared by the server workers, "
            "e.g. REDIS_URL=redis://127.0.0.1:6379/5"
        )
    return problem


def with_query(path: str, name: str, value: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}{name}={value}"


def quote_path(path: str) -> str:
    """A path as it goes on the wire (slugs may hold Vietnamese letters)."""
    return quote(path, safe="/?&=%-_.~:+,;@!$'()*")


# -- results -----------------------------------------------------------------------


@dataclass
class LoadResult:
    tool: str  # "wrk" or "python"
    requests: int  # responses received
    seconds: float
    requests_per_second: float
    p99_ms: float
    errors: int = 0  # connect/read/write errors and timeouts
    non_2xx: int = 0  # responses other than 2xx/3xx
    x_cache: dict[str, int] = field(default_factory=dict)  # X-Cache values seen, when counted

    def x_cache_text(self) -> str:
        if not self.x_cache:
            return ""
        return ", ".join(f"{name} {count}" for name, count in sorted(self.x_cache.items()))


def percentile(sorted_values, fraction: float) -> float:
    """Nearest-rank percentile of an ascending list (wrk reports the same kind)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


# -- the Python load generator ----------------------------------------------------------


def python_load(
    port: int,
    path: str,
    *,
    host: str = LOCALHOST,
    host_header: str | None = None,
    headers: dict[str, str] | None = None,
    duration: float = 10.0,
    connections: int = 16,
    max_requests: int = 200_000,
    unique_query: str | None = None,
    timeout: float = 30.0,
) -> LoadResult:
    """Load ``http://host:port/path`` from ``connections`` threads, one keep-alive
    connection each (http.client reconnects when the server closes), until
    ``duration`` seconds have passed or ``max_requests`` requests were sent.

    ``unique_query``: a token; each request then adds ``?_b=<token>-<n>`` to the path
    (a page-cache miss each time). X-Cache headers are counted.
    """
    check_target(host)
    if duration <= 0 or connections < 1 or max_requests < 1:
        raise ValueError("duration, connections and max_requests must be positive")
    sent_headers = {"Host": host_header or f"{host}:{port}", **(headers or {})}
    lock = threading.Lock()
    issued = 0
    latencies: list[float] = []
    statuses: Counter = Counter()
    x_cache: Counter = Counter()
    errors = 0
    started = time.perf_counter()
    deadline = started + duration
    base = quote_path(path)

    def worker():
        nonlocal issued, errors
        connection = http.client.HTTPConnection(host, port, timeout=timeout)
        mine, my_statuses, my_cache, my_errors = [], Counter(), Counter(), 0
        try:
            while time.perf_counter() < deadline:
                with lock:
                    if issued >= max_requests:
                        break
                    issued += 1
                    number = issued
                target = with_query(base, BYPASS_PARAM, f"{unique_query}-{number}") if unique_query else base
                sent = time.perf_counter()
                try:
                    connection.request("GET", target, headers=sent_headers)
                    response = connection.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException):
                    my_errors += 1
                    connection.close()
                    continue
                mine.append((time.perf_counter() - sent) * 1000)
                my_statuses[response.status] += 1
                my_cache[response.getheader("X-Cache") or "none"] += 1
        finally:
            connection.close()
            with lock:
                latencies.extend(mine)
                statuses.update(my_statuses)
                x_cache.update(my_cache)
                errors += my_errors

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        # Bounded: each thread stops at the deadline, after at most one request's timeout.
        thread.join(duration + timeout + 5)
    elapsed = time.perf_counter() - started
    latencies.sort()
    done = len(latencies)
    return LoadResult(
        tool="python",
        requests=done,
        seconds=elapsed,
        requests_per_second=done / elapsed if elapsed else 0.0,
        p99_ms=percentile(latencies, 0.99),
        errors=errors,
        non_2xx=sum(count for status, count in statuses.items() if not 200 <= status < 400),
        x_cache=dict(x_cache),
    )


# -- wrk ----------------------------------------------------------------------------

_TIME_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_TIME = r"([\d.]+)(us|ms|s|m|h)"


def _ms(value: str, unit: str) -> float:
    return float(value) * _TIME_UNITS_MS[unit]


def parse_wrk(output: str) -> LoadResult:
    """Requests/s, p99 and errors from the output of ``wrk --latency`` (and the X-Cache
    line the script of :func:`wrk_script` prints, when it ran)."""
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    p99 = re.search(rf"^\s*99(?:\.0+)?%\s+{_TIME}\s*$", output, re.M)
    if not rate or not p99:
        raise ValueError(f"not the output of wrk --latency:\n{output.strip()[:2000]}")
    total = re.search(rf"^\s*(\d+) requests in {_TIME}", output, re.M)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    cache = re.search(r"^X-Cache: HIT (\d+) MISS (\d+) none (\d+)", output, re.M)
    return LoadResult(
        tool="wrk",
        requests=int(total.group(1)) if total else 0,
        seconds=_ms(total.group(2), total.group(3)) / 1000 if total else 0.0,
        requests_per_second=float(rate.group(1)),
        p99_ms=_ms(p99.group(1), p99.group(2)),
        errors=sum(int(n) for n in sockets.groups()) if sockets else 0,
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        x_cache={name: int(count) for name, count in zip(("HIT", "MISS", "none"), cache.groups()) if int(count)} if cache else {},
    )


def wrk_script(path: str, token: str) -> str:
    """A wrk Lua script: every request gets ``?_b=<token>-<thread>-<n>`` (a page-cache
    miss each time) and the X-Cache header of every response is counted and printed."""
    base = quote_path(path)
    return f"""-- written by cms.page_benchmark: a unique query string per request, X-Cache counted
local base = {json.dumps(with_query(base, BYPASS_PARAM, token))}
local threads = {{}}
local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  n, hit, miss, other = 0, 0, 0, 0
end

function request()
  n = n + 1
  return wrk.format(nil, base .. "-" .. id .. "-" .. n)
end

function response(status, headers, body)
  local value = nil
  for name, v in pairs(headers) do
    if string.lower(name) == "x-cache" then value = v end
  end
  if value == "HIT" then hit = hit + 1 elseif value == "MISS" then miss = miss + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local h, m, o = 0, 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hit")
    m = m + thread:get("miss")
    o = o + thread:get("other")
  end
  io.write(string.format("X-Cache: HIT %d MISS %d none %d\\n", h, m, o))
end
"""


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def wrk_load(
    port: int,
    path: str,
    *,
    host: str = LOCALHOST,
    host_header: str | None = None,
    headers: dict[str, str] | None = None,
    duration: float = 10.0,
    connections: int = 16,
    threads: int = 2,
    unique_query: str | None = None,
    timeout: float = 30.0,
) -> tuple[LoadResult, str]:
    """Run ``wrk --latency`` against ``http://127.0.0.1:port/path``; (result, raw output)."""
    check_target(host)
    if duration <= 0 or connections < 1 or threads < 1:
        raise ValueError("duration, connections and threads must be positive")
    threads = min(threads, connections)  # wrk wants at least one connection per thread
    # wrk reads whole seconds only ("1.5s" is refused).
    duration, timeout = max(1, math.ceil(duration)), max(1, math.ceil(timeout))
    command = ["wrk", "--latency", "-d", f"{duration}s", "-c", str(connections), "-t", str(threads)]
    command += ["--timeout", f"{timeout}s", "-H", f"Host: {host_header or f'{host}:{port}'}"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    with tempfile.TemporaryDirectory(prefix="page-bench-wrk-") as folder:
        if unique_query:
            script = Path(folder) / "unique.lua"
            script.write_text(wrk_script(path, unique_query))
            command += ["-s", str(script)]
        command.append(f"http://{host}:{port}{quote_path(path)}")
        try:
            finished = subprocess.run(command, capture_output=True, text=True, timeout=duration + timeout + 30)
        except subprocess.TimeoutExpired as error:
            raise BenchmarkError(f"wrk did not finish in {duration + timeout + 30:g} s") from error
    if finished.returncode != 0:
        raise BenchmarkError(f"wrk failed ({finished.returncode}): {finished.stderr.strip() or finished.stdout.strip()}")
    return parse_wrk(finished.stdout), finished.stdout


# -- servers ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOCALHOST, 0))
        return probe.getsockname()[1]


def fetch(port: int, path: str, *, host_header: str, headers: dict[str, str] | None = None, timeout: float = 60.0):
    """One GET to 127.0.0.1:port; (status, headers as a dict, body bytes)."""
    connection = http.client.HTTPConnection(LOCALHOST, port, timeout=timeout)
    try:
        connection.request("GET", quote_path(path), headers={"Host": host_header, **(headers or {})})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


class GunicornServer:
    """``gunicorn <app>`` on 127.0.0.1 and a free port, in a process group of its own
    (so that stopping it stops its workers too, and a Ctrl-C in the terminal reaches
    the benchmark, which stops it, rather than gunicorn directly)."""

    def __init__(self, name: str, app: str, env: dict[str, str], workers: int, log_folder: Path):
        self.name, self.app, self.env, self.workers = name, app, env, workers
        self.log_path = Path(log_folder) / f"{name.replace(' ', '-')}.log"
        self.port: int | None = None
        self.process: subprocess.Popen | None = None

    def start(self) -> GunicornServer:
        self.port = free_port()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            self.app,
            "--workers",
            str(self.workers),
            "--bind",
            f"{LOCALHOST}:{self.port}",
            # gunicorn's control socket is one path per user: two servers would share it.
            "--no-control-socket",
            "--timeout",
            "120",
        ]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                command, cwd=BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        return self

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Until the port accepts connections; a server that exits is reported with its log."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchmarkError(f"{self.name} exited ({self.process.returncode}):\n{self.log_tail()}")
            try:
                with socket.create_connection((LOCALHOST, self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.2)
        raise BenchmarkError(f"{self.name} did not listen on {LOCALHOST}:{self.port} within {timeout:g} s:\n{self.log_tail()}")

    def stop(self, grace: float = 15.0) -> None:
        """SIGTERM to the process group (master and workers), SIGKILL after ``grace`` s."""
        process, self.process = self.process, None
        if process is None:
            return
        for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
            if process.poll() is not None:
                break
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                break
            try:
                process.wait(wait)
            except subprocess.TimeoutExpired:
                continue
        # Workers left behind by a master that died first belong to the same group.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)


def project_env(
    base: dict[str, str], *, database_url: str, redis_url: str, allowed_hosts: list[str], secret_key: str
) -> dict[str, str]:
    """The project's production settings (cms/settings.py) for the benchmark's server.

    DEBUG off, PostgreSQL and Redis, a generated SECRET_KEY, the portal hostnames in
    ALLOWED_HOSTS, HTTPS on (the load generators send ``X-Forwarded-Proto: https`` as
    the TLS proxy in front of production does, so no redirect), background work queued
    in the database as production does. PAGE_CACHE_SECONDS keeps its default.
    STATIC_MANIFEST stays off: it needs ``collectstatic`` into the working tree and only
    changes the names in ``{% static %}``; HTML is what is measured.
    """
    env = dict(base)
    env.pop("PAGE_CACHE_SECONDS", None)
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings",
        DEBUG="false",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS=",".join(allowed_hosts),
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        HTTPS="true",
        STATIC_MANIFEST="false",
        TASKS_BACKEND="database",
        LOG_LEVEL=base.get("LOG_LEVEL", "WARNING"),
        PYTHONUNBUFFERED="1",
    )
    return env


def bare_env(
    base: dict[str, str], *, redis_url: str, html_path: str, allowed_hosts: list[str], secret_key: str
) -> dict[str, str]:
    """The bare app's environment (cms.bare_bench.settings)."""
    env = {key: value for key, value in base.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.bare_bench.settings",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS=",".join(allowed_hosts),
        REDIS_URL=redis_url,
        PAGE_BENCH_HTML=html_path,
        PYTHONUNBUFFERED="1",
    )
    return env


def new_secret_key() -> str:
    return secrets.token_urlsafe(50)


# -- make bench: create the database ---------------------------------------------------


def create_database(url: str) -> bool:
    """Create the PostgreSQL database named in ``url`` when it is missing; True if created."""
    import psycopg
    from psycopg import sql

    problem = database_problem(url)
    if problem:
        raise BenchmarkError(problem)
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name:
        raise BenchmarkError(f"DATABASE_URL names no database: {url}")
    server = parts._replace(scheme="postgresql", path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True


def has_network() -> bool:
    """Whether the configured database (DATABASE_URL) holds a portal."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    import django

    django.setup()
    from sites.models import Portal

    return Portal.objects.exists()


def main(argv: list[str]) -> int:
    """``create-database URL``: 0 when it exists or was created. ``has-network``: 0 when
    the database holds a portal, 1 when it holds none (load the demo), 2 on an error."""
    if argv == ["has-network"]:
        try:
            found = has_network()
        except Exception as error:  # no database server, no migrations ...: not "empty"
            print(f"cannot read the portals: {error}", file=sys.stderr)
            return 2
        if found:
            return 0
        print("no portal in this database: loading the demo network")
        return 1
    if len(argv) == 2 and argv[0] == "create-database":
        try:
            created = create_database(argv[1])
        except BenchmarkError as error:
            print(error, file=sys.stderr)
            return 2
        print(f"database {urlsplit(argv[1]).path.lstrip('/')}: {'created' if created else 'exists'}")
        return 0
    print("usage: python -m cms.page_benchmark create-database postgres://user@host:port/name | has-network", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
