"""Rebuild the search index from every provider, with a progress bar."""

import os

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search.documents import encode_all, portal_scopes
from search.engines import EngineUnavailable, get_engine
from search.providers import all_providers
from sites.models import Portal


class Command(BaseCommand):
    help = "Rebuild the search index (the whole network, or one portal with --portal HOST)."

    def add_arguments(self, parser):
        parser.add_argument("--portal", help="hostname of one portal to re-index")
        parser.add_argument(
            "--workers", type=int, default=os.cpu_count() or 1, help="processes that normalise and encode documents"
        )

    def handle(self, *args, portal=None, workers=1, **options):
        portals = Portal.objects.select_related("site").order_by("pk")
        target = None
        if portal:
            target = portals.filter(site__hostname=portal.strip().lower()).first()
            if target is None:
                raise CommandError(f"No portal has the hostname {portal!r}.")
            portals = [target]
        else:
            portals = list(portals)
        scopes = portal_scopes()
        providers = all_providers()
        progress = tqdm(total=None, unit=" docs", desc="Indexing", file=self.stdout, disable=options["verbosity"] == 0)

        def documents():
            for current in portals:
                progress.set_postfix_str(current.site.hostname)
                for provider in providers:
                    if provider.plugin_name and not current.has_plugin(provider.plugin_name):
                        continue
                    for doc in provider.documents(portal=current):
                        progress.update(1)
                        yield doc

        engine = get_engine()
        try:
            count = engine.rebuild(encode_all(documents(), scopes, engine, workers), portal_id=target.pk if target else None)
        except EngineUnavailable as error:
            raise CommandError(f"The search engine is unavailable: {error}") from error
        finally:
            progress.close()
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} documents with the {engine.name} engine."))
