"""Page speed of the portal against a bare Django app (issue #12): ``manage.py page_benchmark``.

Serves the project (``gunicorn cms.wsgi``) with production settings and, beside it, a
bare Django app (``gunicorn cms.bare_bench.wsgi``) serving the same article HTML, both
on 127.0.0.1; loads each with wrk (or the Python load generator) and prints requests/s
and p99 latency of: the cached article, the uncached article and province home, the
bare app under ``cache_page`` and plain. Also the database queries of each uncached page
type (in-process) and the share of cached province pages a ward's publish leaves cached.

Needs the demo network in a PostgreSQL database and Redis (``make bench`` prepares
both): DATABASE_URL=postgres://postgres@127.0.0.1:5432/pagebench
REDIS_URL=redis://127.0.0.1:6379/5 python manage.py page_benchmark
"""

from __future__ import annotations

import os
import secrets
import signal
import tempfile
import threading
import time
import warnings
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from cms import page_benchmark as bench

# Every request to the project says what the TLS proxy in front of production says.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def _model(label):
    """A plugin's model by its label (the core imports no plugin module), or None."""
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _pages(label, portal, *, all_languages=False):
    """Live public pages of type ``label`` in ``portal``'s tree (Vietnamese, or every language)."""
    model = _model(label)
    if model is None:
        return model
    roots = list(portal.root_pages()) if all_languages else [portal.site.root_page]
    within = Q()
    for root in roots:
        within |= Q(path__startswith=root.path)
    return model.objects.live().public().filter(within).order_by("path")


def _url(page, portal):
    return page.relative_url(portal.site)


class _Interrupted(KeyboardInterrupt):
    pass


def _on_sigterm(signum, frame):
    raise _Interrupted


class Command(BaseCommand):
    help = (
        "Benchmark page speed: the portal under gunicorn against a bare Django app (needs PostgreSQL, Redis, the demo network)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=float, default=10.0, help="seconds of load per measurement (default 10)")
        parser.add_argument("--connections", type=int, default=16, help="concurrent connections (default 16)")
        parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of each server (default 2)")
        parser.add_argument("--pages", type=int, default=40, help="province pages cached for the ward-publish test (default 40)")
        parser.add_argument("--no-wrk", action="store_true", help="use the Python load generator even when wrk is installed")
        parser.add_argument(
            "--max-requests",
            type=int,
            default=200_000,
            help="the Python load generator's bound on requests per measurement (default 200000)",
        )

    # -- output -----------------------------------------------------------------------

    def phase(self, text):
        self.stdout.write(self.style.MIGRATE_HEADING(f"\n== {text}"))
        self.stdout.flush()

    def say(self, text, style=None):
        self.stdout.write(style(text) if style else text)
        self.stdout.flush()

    # -- the command ------------------------------------------------------------------

    def handle(self, *args, **options):
        problem = bench.environment_problem(os.environ)
        if problem:
            raise CommandError(problem)
        for name in ("duration", "connections", "threads", "workers", "pages", "max_requests"):
            if options[name] <= 0:
                raise CommandError(f"--{name.replace('_', '-')} must be positive")
        self.options = options
        self.use_wrk = bench.wrk_available() and not options["no_wrk"]
        self.token = secrets.token_hex(4)  # this run's unique-query prefix: no key of an earlier run is met
        self.counter = 0

        previous = None
        if threading.current_thread() is threading.main_thread():
            previous = signal.signal(signal.SIGTERM, _on_sigterm)
        try:
            with ExitStack() as stack:
                self.stack = stack
                self.run()
        except KeyboardInterrupt as error:
            raise CommandError("Interrupted; the servers were stopped.", returncode=130) from error
        except bench.BenchmarkError as error:
            raise CommandError(f"{error}\n(the servers were stopped)") from error
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)

    def run(self):
        options = self.options
        self.phase("1/6 Environment and demo network")
        network = self.discover()
        database = urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/")
        redis = urlsplit(os.environ["REDIS_URL"])
        self.say(
            f"PostgreSQL database {database!r}, Redis {redis.hostname}:{redis.port or 6379}{redis.path or '/0'}; "
            f"province {network['province'].hostname}, ward {network['ward'].hostname}"
        )
        tool = (
            f"wrk, {min(options['threads'], options['connections'])} threads"
            if self.use_wrk
            else f"Python load generator (threads, at most {options['max_requests']} requests)"
        )
        self.say(f"Load: {tool}, {options['connections']} connections, {options['duration']:g} s per measurement")

        self.phase("2/6 Database queries of each uncached page (in-process, test Client, page-cache miss)")
        queries = self.count_queries(network)

        self.phase(f"3/6 Starting the project: gunicorn cms.wsgi, {options['workers']} workers, production settings")
        folder = Path(self.stack.enter_context(tempfile.TemporaryDirectory(prefix="page-bench-")))
        allowed = sorted({*network["hostnames"], bench.LOCALHOST})
        secret_key = bench.new_secret_key()
        project = self.start_server(
            "project",
            "cms.wsgi",
            bench.project_env(
                dict(os.environ),
                database_url=os.environ["DATABASE_URL"],
                redis_url=os.environ["REDIS_URL"],
                allowed_hosts=allowed,
                secret_key=secret_key,
            ),
            folder,
        )
        province_host = network["province"].hostname
        status, headers, html = bench.fetch(project.port, network["article"], host_header=province_host, headers=PROXY_HEADERS)
        if status != 200:
            raise bench.BenchmarkError(f"the article {network['article']} answered {status}:\n{project.log_tail()}")
        self.say(
            f"DEBUG off, HTTPS (X-Forwarded-Proto), PostgreSQL, Redis, PAGE_CACHE_SECONDS default; "
            f"article {network['article']}: {status}, {len(html):,} bytes"
        )

        self.phase(f"4/6 Starting the bare Django app: gunicorn cms.bare_bench.wsgi, {options['workers']} workers")
        html_path = folder / "article.html"
        html_path.write_bytes(html)
        bare = self.start_server(
            "bare",
            "cms.bare_bench.wsgi",
            bench.bare_env(
                dict(os.environ),
                redis_url=os.environ["REDIS_URL"],
                html_path=str(html_path),
                allowed_hosts=[bench.LOCALHOST],
                secret_key=secret_key,
            ),
            folder,
        )
        self.say(f"/plain/ and /cached/ serve the same {len(html):,} bytes (PAGE_BENCH_HTML={html_path})")

        self.phase("5/6 Load")
        results = self.measure(project, bare, network)

        self.phase(f"6/6 A ward publishes: {options['pages']} province pages cached, then one ward article published")
        publish = self.ward_publishes(project, network)

        self.summary(results, queries, publish, network)

    # -- discovery ----------------------------------------------------------------------

    def discover(self):
        from sites.models import Portal

        province = Portal.objects.select_related("site").filter(parent__isnull=True).order_by("pk").first()
        if province is None:
            raise CommandError("No portal in this database: run manage.py load_demo first (or `make bench`).")
        children = Portal.objects.select_related("site", "level").filter(parent=province)
        ward = None
        for candidate in sorted(children, key=lambda portal: (portal.level.code != "ward", portal.level.rank, portal.pk)):
            articles = _pages("news.ArticlePage", candidate)
            if articles is not None and articles.exists():
                ward = candidate
                break
        found = {
            "province": province,
            "ward": ward,
            "hostnames": list(Portal.objects.values_list("site__hostname", flat=True)),
        }
        with translation.override("vi"):
            for key, label in (
                ("article", "news.ArticlePage"),
                ("category", "news.NewsCategoryPage"),
                ("legal_list", "legal_documents.LegalDocumentIndexPage"),
                ("legal_detail", "legal_documents.LegalDocumentPage"),
            ):
                pages = _pages(label, province)
                page = pages.first() if pages is not None else None
                found[key] = _url(page, province) if page is not None else None
            try:
                found["procedures"] = reverse("services:list")
            except NoReverseMatch:
                found["procedures"] = None
            found["search"] = reverse("search:search") + "?" + urlencode({"q": "kinh tế"})
        if ward is None or found["article"] is None:
            raise CommandError(
                "The network has no news articles on the province and a ward: run manage.py load_demo first (or `make bench`)."
            )
        return found

    def province_pages(self, network, limit):
        """Up to ``limit`` province URLs: home pages and lists first, then details in turn
        (articles, legal documents, procedures), both languages."""
        province = network["province"]
        with translation.override("vi"):
            lists = [_url(root, province) for root in province.root_pages()]
            details = []
            for label, bucket in (
                ("news.NewsCategoryPage", lists),
                ("legal_documents.LegalDocumentIndexPage", lists),
                ("news.ArticlePage", details),
                ("legal_documents.LegalDocumentPage", details),
            ):
                pages = _pages(label, province, all_languages=True)
                if pages is None:
                    continue
                urls = [_url(page, province) for page in pages[:limit]]
                if bucket is lists:
                    lists += urls
                else:
                    details.append(urls)
            if network["procedures"]:
                lists.append(network["procedures"])
            procedure = _model("services.Procedure")
            if procedure is not None:
                procedures = procedure.objects.public().for_portal(province).order_by("code")[:limit]
                details.append([item.get_url_path() for item in procedures])
        ordered = list(lists)
        for position in range(limit):  # round-robin over the detail kinds
            ordered += [group[position] for group in details if position < len(group)]
        return list(dict.fromkeys(url for url in ordered if url))[:limit]

    # -- in-process query counts ------------------------------------------------------------

    def count_queries(self, network):
        from django.test import Client
        from django.test.utils import CaptureQueriesContext, override_settings

        from cms.cache import purge_all

        province, ward = network["province"].hostname, network["ward"].hostname
        targets = [
            ("article", province, network["article"]),
            ("news category", province, network["category"]),
            ("province home", province, "/"),
            ("ward home", ward, "/"),
            ("legal-document list", province, network["legal_list"]),
            ("legal-document detail", province, network["legal_detail"]),
            ("procedure list", province, network["procedures"]),
            ("search page", province, network["search"]),
        ]
        client = Client(headers=PROXY_HEADERS)
        rows = []
        with override_settings(ALLOWED_HOSTS=[*network["hostnames"], "testserver"]), warnings.catch_warnings():
            # WhiteNoise's "No directory at: static_collected/" (no collectstatic here): noise.
            warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
            for label, host, path in targets:
                if not path:
                    rows.append((label, host, "(no such page)", None, None, None, None))
                    continue
                client.get(path, HTTP_HOST=host)  # warm this process (URL resolvers, fragments ...)
                # A page-cache miss as readers meet it: the page is not cached (a unique
                # query string), its blocks are (they stay cached until what they show changes).
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(path + ("&" if "?" in path else "?") + f"_b=q{self.token}", HTTP_HOST=host)
                purge_all()  # and right after everything was invalidated: no fragment cached either
                with CaptureQueriesContext(connection) as cold:
                    client.get(path, HTTP_HOST=host)
                x_cache = response.get("X-Cache", "-")
                rows.append((label, host, path, response.status_code, x_cache, len(captured), len(cold)))
                self.say(
                    f"  {label:<22} {len(captured):>4} queries ({len(cold)} with no fragment cached)  "
                    f"{response.status_code} X-Cache {x_cache}  {host}{path}"
                )
        return rows

    # -- servers and load ----------------------------------------------------------------

    def start_server(self, name, app, env, folder):
        server = bench.GunicornServer(name, app, env, self.options["workers"], folder)
        self.stack.callback(self._stop, server)
        server.start()
        server.wait_ready()
        self.say(f"{name}: gunicorn {app} on {bench.LOCALHOST}:{server.port} (pid {server.process.pid}, log {server.log_path})")
        return server

    def _stop(self, server):
        if server.process is not None:
            self.say(f"stopping {server.name} (process group {server.process.pid})")
            server.stop()

    def load(self, label, port, path, host_header=None, headers=None, unique=False):
        options = self.options
        self.counter += 1
        token = f"{self.token}{self.counter}" if unique else None
        target = {"host_header": host_header, "headers": headers}
        # Warm-up, untimed: every worker has served the route before the clock runs.
        bench.python_load(
            port,
            path,
            **target,
            duration=10,
            connections=min(4, options["connections"]),
            max_requests=8 * options["workers"],
            unique_query=f"{token}w" if token else None,
        )
        self.say(f"  {label}: {options['duration']:g} s ...")
        timed = {**target, "duration": options["duration"], "connections": options["connections"], "unique_query": token}
        if self.use_wrk:
            result, _raw = bench.wrk_load(port, path, **timed, threads=options["threads"])
        else:
            result = bench.python_load(port, path, **timed, max_requests=options["max_requests"])
        line = f"    {result.requests_per_second:,.1f} req/s, p99 {result.p99_ms:.1f} ms ({result.requests:,} requests"
        if result.x_cache:
            line += f"; X-Cache {result.x_cache_text()}"
        self.say(line + ")")
        if result.errors or result.non_2xx:
            self.say(f"    warning: {result.errors} socket errors, {result.non_2xx} non-2xx/3xx responses", self.style.WARNING)
        return result

    def measure(self, project, bare, network):
        host = network["province"].hostname
        article = network["article"]
        results = {}

        def x_cache(path):
            return bench.fetch(project.port, path, host_header=host, headers=PROXY_HEADERS)[1].get("X-Cache", "-")

        # Cached article: warmed, and checked to be a hit before and after the run.
        x_cache(article)
        before = x_cache(article)
        if before != "HIT":
            raise bench.BenchmarkError(f"the article is not served from the page cache after a warm-up (X-Cache: {before})")
        self.say(f"  cached article: warmed, X-Cache {before}")
        results["cached article"] = self.load(
            "cached article (X-Cache: HIT)", project.port, article, host_header=host, headers=PROXY_HEADERS
        )
        self.say(f"    X-Cache after the run: {x_cache(article)}")

        # Uncached: a unique query string per request, each one a page-cache miss. Proof
        # that the query string is part of the key: one unique URL misses, then hits.
        probe = bench.with_query(article, bench.BYPASS_PARAM, f"{self.token}probe")
        first, second = x_cache(probe), x_cache(probe)
        self.say(
            f"  uncached pages: a unique ?{bench.BYPASS_PARAM}=<run>-<n> per request; the page-cache key holds the "
            f"full path, so each request renders the page (probe: X-Cache {first}, then {second})"
        )
        if (first, second) != ("MISS", "HIT"):
            raise bench.BenchmarkError(f"a unique query string did not give a page-cache miss (X-Cache {first}, then {second})")
        results["uncached article"] = self.load(
            "uncached article", project.port, article, host_header=host, headers=PROXY_HEADERS, unique=True
        )
        results["uncached province home"] = self.load(
            "uncached province home", project.port, "/", host_header=host, headers=PROXY_HEADERS, unique=True
        )

        # The bare app's cache_page: the same response (and its Expires) a second later.
        expires = bench.fetch(bare.port, "/cached/", host_header=bench.LOCALHOST)[1].get("Expires")
        time.sleep(1.1)
        again = bench.fetch(bare.port, "/cached/", host_header=bench.LOCALHOST)[1].get("Expires")
        self.say(f"  bare cache_page: {'served from the cache' if expires == again else 'NOT cached'} (Expires {expires} twice)")
        results["bare cache_page"] = self.load("bare Django, cache_page", bare.port, "/cached/")
        results["bare plain"] = self.load("bare Django, plain HttpResponse", bare.port, "/plain/")
        return results

    # -- a ward publishes ------------------------------------------------------------------

    def ward_publishes(self, project, network):
        host = network["province"].hostname
        urls = self.province_pages(network, self.options["pages"])

        def x_cache(path, hostname=host):
            status, headers, _body = bench.fetch(project.port, path, host_header=hostname, headers=PROXY_HEADERS)
            return status, headers.get("X-Cache", "-")

        for url in urls:
            x_cache(url)
        cached = [url for url in urls if x_cache(url) == (200, "HIT")]
        self.say(f"  {len(cached)} of {len(urls)} province pages warmed and answering X-Cache: HIT")
        if len(cached) < len(urls):
            self.say(f"  not cached (left out): {', '.join(sorted(set(urls) - set(cached)))}", self.style.WARNING)

        ward = network["ward"]
        article = _pages("news.ArticlePage", ward).first().specific
        article.save_revision().publish()
        path = _url(article, ward)
        self.say(f"  published a new revision of {ward.hostname}{path} (in-process, same database and Redis)")
        ward_status = x_cache(path, ward.hostname)
        states = {url: x_cache(url) for url in cached}
        still = [url for url in cached if states[url] == (200, "HIT")]
        share = len(still) / len(cached) if cached else 0.0
        self.say(
            f"  {len(still)} of {len(cached)} province pages still X-Cache: HIT ({share:.0%}); the ward's article: {ward_status[1]}"
        )
        lost = [f"{url} ({states[url][1]})" for url in cached if url not in still]
        if lost:
            self.say(f"  no longer cached: {', '.join(lost[:12])}{' ...' if len(lost) > 12 else ''}")
        return {"pages": len(cached), "still": len(still), "share": share, "ward": ward.hostname, "article": path}

    # -- summary ---------------------------------------------------------------------------

    def summary(self, results, queries, publish, network):
        options = self.options
        tool = "wrk" if self.use_wrk else "Python load generator"
        self.stdout.write(
            self.style.SUCCESS(
                f"\nPage benchmark: {options['workers']} gunicorn workers per server, {tool}, "
                f"{options['connections']} connections, {options['duration']:g} s per measurement"
            )
        )
        self.stdout.write(f"{'':<42} {'req/s':>10} {'p99':>11}")
        for key, label in (
            ("cached article", "cached article (X-Cache: HIT)"),
            ("uncached article", f"uncached article (unique ?{bench.BYPASS_PARAM}=)"),
            ("uncached province home", f"uncached province home (unique ?{bench.BYPASS_PARAM}=)"),
            ("bare cache_page", "bare Django, cache_page"),
            ("bare plain", "bare Django, plain HttpResponse"),
        ):
            result = results[key]
            self.stdout.write(f"{label:<42} {result.requests_per_second:>10,.1f} {result.p99_ms:>8.1f} ms")
        bare = results["bare cache_page"].requests_per_second
        ratio = results["cached article"].requests_per_second / bare if bare else float("nan")
        self.stdout.write(f"cached article / bare cache_page: {ratio:.2f}")
        self.stdout.write("\nDatabase queries per uncached page (in-process; page-cache miss, blocks cached | nothing cached):")
        for label, host, path, status, _x_cache, count, cold in queries:
            shown = "-" if count is None else f"{count} | {cold}"
            self.stdout.write(f"  {label:<22} {shown:>9}   {host}{path}" + (f" ({status})" if status not in (200, None) else ""))
        self.stdout.write(
            f"\nWard publishes: {publish['still']} of {publish['pages']} cached province pages still X-Cache: HIT "
            f"({publish['share']:.0%}) after {publish['ward']} published {publish['article']}"
        )
        self.stdout.flush()
