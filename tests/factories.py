"""Factories for the pages and plugin objects the tests make (factory-boy, wagtail-factories).

Pages are made under a ``parent`` page (wagtail-factories adds them to the tree).
``revision="publish"`` (the default) publishes through a revision as an editor's
"Publish" does, ``revision="draft"`` leaves an unpublished revision, and
``revision=None`` saves the page as given with no revision (fast, for bulk listings).
Each area's conftest keeps its short helpers (``add_article``, ``make_poll`` ...)
as thin calls of these factories.
"""

from __future__ import annotations

import datetime

import factory
import wagtail_factories
from django.utils import timezone
from factory.django import DjangoModelFactory

from plugins.news.models import ArticlePage, NewsCategoryPage
from plugins.polls.models import Poll, PollOption
from plugins.questions.models import Question
from plugins.services.models import Procedure, ProcedureField, ServiceLevel
from sites.models import PortalLevel


class PortalPageFactory(wagtail_factories.PageFactory):
    class Meta:
        abstract = True

    slug = ""  # Wagtail makes it from the title, as the editor's form does

    @factory.post_generation
    def revision(page, create, extracted, **kwargs):
        mode = "publish" if extracted is None else extracted
        if not create or not mode:
            return
        revision = page.save_revision()
        if mode == "publish":
            revision.publish()
            page.refresh_from_db()

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        """The tree and the revisions saved the page; no extra save."""


class NewsCategoryPageFactory(PortalPageFactory):
    class Meta:
        model = NewsCategoryPage

    title = factory.Sequence(lambda n: f"Chuyên mục {n}")


class ArticlePageFactory(PortalPageFactory):
    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"Bài viết {n}")
    sapo = factory.LazyAttribute(lambda article: f"Tóm tắt: {article.title}")
    first_published_at = factory.LazyAttribute(lambda article: article.date or timezone.now())
    date = None


class PollFactory(DjangoModelFactory):
    """An open poll (since yesterday, for ten days) with three options."""

    class Meta:
        model = Poll

    class Params:
        question = "Bạn có hài lòng không?"
        opens_days = -1
        closes_days = 10

    question_vi = factory.SelfAttribute("question")
    question_en = factory.LazyAttribute(lambda poll: f"EN {poll.question}")
    opens_at = factory.LazyAttribute(lambda poll: timezone.now() + datetime.timedelta(days=poll.opens_days))
    closes_at = factory.LazyAttribute(
        lambda poll: None if poll.closes_days is None else timezone.now() + datetime.timedelta(days=poll.closes_days)
    )

    @factory.post_generation
    def options(poll, create, extracted, **kwargs):
        if create:
            for index, text in enumerate(("Có", "Không", "Chưa rõ") if extracted is None else extracted):
                PollOptionFactory(poll=poll, sort_order=index, text_vi=text)


class PollOptionFactory(DjangoModelFactory):
    class Meta:
        model = PollOption


class QuestionFactory(DjangoModelFactory):
    """A citizen's question, answered and published unless ``published=False``."""

    class Meta:
        model = Question

    class Params:
        published = True

    name = "Nguyễn Văn Dân"
    email = "dan.secret@example.vn"
    phone = "0909 111 222"
    subject = "Hỏi về cấp giấy phép xây dựng"
    content = "Xin hỏi thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ?"
    answer = factory.LazyAttribute(lambda q: "Hồ sơ gồm đơn đề nghị và bản vẽ thiết kế." if q.published else "")
    status = factory.LazyAttribute(lambda q: Question.Status.PUBLISHED if q.published else Question.Status.NEW)
    published_at = factory.LazyAttribute(lambda q: timezone.now() if q.published else None)


class ProcedureFactory(DjangoModelFactory):
    """An administrative procedure of the catalogue, for the commune tier unless told."""

    class Meta:
        model = Procedure

    class Params:
        field_code = "ho-tich"
        level_code = "toan-trinh"

    code = factory.Sequence(lambda n: f"9.{n:06d}.H12")
    name_vi = factory.Sequence(lambda n: f"Thủ tục hành chính {n}")
    field = factory.LazyAttribute(lambda p: ProcedureField.objects.get(code=p.field_code))
    level = factory.LazyAttribute(lambda p: ServiceLevel.objects.get(code=p.level_code) if p.level_code else None)
    agency_portal = None
    agency_name = factory.LazyAttribute(lambda p: p.agency_portal.name if p.agency_portal else "Ủy ban nhân dân cấp xã")

    @factory.post_generation
    def tiers(procedure, create, extracted, **kwargs):
        if create:
            procedure.tiers.set(PortalLevel.objects.filter(code__in=extracted or ("ward", "commune")))
