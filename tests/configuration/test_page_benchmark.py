"""manage.py page_benchmark (cms.page_benchmark): the Python load generator gives sane
figures within its bounds and loads only 127.0.0.1, wrk's --latency output is read, and
the command refuses a set-up it cannot measure. Fast: no gunicorn, no database."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cms import page_benchmark as bench


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms delayed-ACK stall

    def do_GET(self):
        self.server.paths.append(self.path)
        body = b"<html>ok</html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Cache", "HIT")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A client that hangs up mid-keep-alive (the generator stopping) is not an error here."""


@pytest.fixture
def local_server():
    server = _QuietServer((bench.LOCALHOST, 0), _Handler)
    server.daemon_threads = True
    server.paths = []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)


def test_python_load_gives_sane_figures_and_stops_at_max_requests(local_server):
    started = time.perf_counter()
    result = bench.python_load(local_server.server_port, "/page/", duration=10, connections=4, max_requests=200)
    assert time.perf_counter() - started < 10, "the request bound ends the run before the duration"
    assert result.tool == "python"
    assert result.requests == 200 == len(local_server.paths)
    assert (result.errors, result.non_2xx) == (0, 0)
    assert result.x_cache == {"HIT": 200}
    assert result.requests_per_second > 10
    assert 0 < result.p99_ms < 2000


def test_python_load_stops_at_its_duration(local_server):
    started = time.perf_counter()
    result = bench.python_load(local_server.server_port, "/", duration=0.5, connections=2, max_requests=10**9)
    elapsed = time.perf_counter() - started
    assert 0.5 <= elapsed < 3
    assert result.requests > 0 and result.requests < 10**9


def test_python_load_unique_query_makes_every_path_unique(local_server):
    bench.python_load(local_server.server_port, "/tin-tuc/?page=2", duration=5, connections=3, max_requests=30, unique_query="r1")
    paths = local_server.paths
    assert len(paths) == len(set(paths)) == 30
    assert all(path.startswith("/tin-tuc/?page=2&_b=r1-") for path in paths)


@pytest.mark.parametrize("host", ["10.0.0.1", "localhost", "example.org", "0.0.0.0", "127.0.0.2"])
def test_load_generators_refuse_anything_but_127_0_0_1(host):
    with pytest.raises(ValueError, match="only loads 127.0.0.1"):
        bench.python_load(80, "/", host=host, duration=1, max_requests=1)
    with pytest.raises(ValueError, match="only loads 127.0.0.1"):
        bench.wrk_load(80, "/", host=host, duration=1)


# Real outputs of wrk 4.1.0 --latency on this machine: against http.server; against the
# project's news category with the unique-query script (its X-Cache line; wrk pads "2.76s "
# with a space); against an unknown host (400s); against a server slower than --timeout.
WRK_PLAIN = """Running 2s test @ http://127.0.0.1:18765/index.html
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.18ms    1.87ms  28.91ms   96.02%
    Req/Sec   644.58     63.71   707.00     90.00%
  Latency Distribution
     50%    2.92ms
     75%    3.48ms
     90%    4.12ms
     99%    9.59ms
  2569 requests in 2.00s, 476.67KB read
Requests/sec:   1281.86
Transfer/sec:    237.85KB
"""

WRK_UNIQUE_SCRIPT = """Running 3s test @ http://127.0.0.1:54495/tin-tuc/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.01s   455.78ms   2.76s    66.67%
    Req/Sec     8.93      6.15    20.00     64.29%
  Latency Distribution
     50%    1.98s\x20
     75%    2.42s\x20
     90%    2.64s\x20
     99%    2.76s\x20
  18 requests in 3.01s, 582.89KB read
Requests/sec:      5.98
Transfer/sec:    193.64KB
X-Cache: HIT 0 MISS 18 none 0
"""

WRK_NON_2XX = """Running 2s test @ http://127.0.0.1:54495/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   267.48ms  385.88ms   1.28s    80.51%
    Req/Sec   207.06     87.46   300.00     75.00%
  Latency Distribution
     50%   20.95ms
     75%  480.66ms
     90%  968.42ms
     99%    1.25s\x20
  345 requests in 2.01s, 109.33KB read
  Non-2xx or 3xx responses: 345
Requests/sec:    172.01
Transfer/sec:     54.51KB
"""

WRK_TIMEOUTS = """Running 2s test @ http://127.0.0.1:18768/
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     0.00us    0.00us   0.00us    -nan%
    Req/Sec     1.00      0.00     1.00    100.00%
  Latency Distribution
     50%    0.00us
     75%    0.00us
     90%    0.00us
     99%    0.00us
  4 requests in 2.00s, 452.00B read
  Socket errors: connect 0, read 0, write 0, timeout 4
Requests/sec:      2.00
Transfer/sec:     225.64B
"""


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        (WRK_PLAIN, {"requests_per_second": 1281.86, "p99_ms": 9.59, "requests": 2569, "seconds": 2.0, "errors": 0}),
        (WRK_UNIQUE_SCRIPT, {"requests_per_second": 5.98, "p99_ms": 2760.0, "requests": 18, "x_cache": {"MISS": 18}}),
        (WRK_NON_2XX, {"requests_per_second": 172.01, "p99_ms": 1250.0, "non_2xx": 345, "x_cache": {}}),
        (WRK_TIMEOUTS, {"requests_per_second": 2.0, "p99_ms": 0.0, "errors": 4, "non_2xx": 0}),
    ],
    ids=["plain", "unique-query-script", "non-2xx", "timeouts"],
)
def test_wrk_latency_output_is_parsed(output, expected):
    result = bench.parse_wrk(output)
    assert result.tool == "wrk"
    for name, value in expected.items():
        assert getattr(result, name) == (pytest.approx(value) if isinstance(value, float) else value), name


def test_wrk_output_without_latency_distribution_is_refused():
    with pytest.raises(ValueError, match="not the output of wrk --latency"):
        bench.parse_wrk(WRK_PLAIN.split("  Latency Distribution")[0])


@pytest.mark.skipif(not bench.wrk_available(), reason="wrk is not installed")
def test_wrk_unique_query_script_against_a_local_server(local_server):
    result, raw = bench.wrk_load(local_server.server_port, "/a/", duration=1, connections=2, threads=2, unique_query="w9")
    assert "Latency Distribution" in raw
    assert result.requests > 0 and result.x_cache == {"HIT": result.requests}
    paths = local_server.paths
    assert len(paths) == len(set(paths)) and all(path.startswith("/a/?_b=w9-") for path in paths)


@pytest.mark.parametrize("url", ["postgres://postgres@127.0.0.1:5432/pagebench", "postgresql://u:p@db/portal"])
def test_postgres_and_redis_are_accepted(url):
    assert bench.environment_problem({"DATABASE_URL": url, "REDIS_URL": "redis://127.0.0.1:6379/5"}) is None


@pytest.mark.parametrize("database_url", ["sqlite:////tmp/portal.sqlite3", None])
def test_command_refuses_sqlite(monkeypatch, database_url):
    if database_url is None:
        monkeypatch.delenv("DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/5")
    with pytest.raises(CommandError, match="needs PostgreSQL") as refused:
        call_command("page_benchmark")
    assert "DATABASE_URL is sqlite://" in str(refused.value) or "unset (SQLite)" in str(refused.value)


def test_command_refuses_without_redis(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pagebench")
    monkeypatch.delenv("REDIS_URL", raising=False)
    with pytest.raises(CommandError, match="REDIS_URL is unset"):
        call_command("page_benchmark")
