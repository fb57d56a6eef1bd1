"""Demo polls: one open poll and one closed poll per portal, with votes, and the block placed."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from sites.models import BlockPlacement

from .models import Poll, PollOption, Vote
from .voting import voter_hash

DEMO_POLLS = [
    {
        "key": "mot-cua",
        "question": "Ông/bà đánh giá thế nào về chất lượng phục vụ của Bộ phận Một cửa?",
        "question_en": "How do you rate the service of the one-stop desk?",
        "description": "Ý kiến của ông/bà giúp chúng tôi cải thiện việc tiếp nhận và trả kết quả thủ tục hành chính.",
        "description_en": "Your opinion helps us improve how applications are received and results returned.",
        "options": [
            ("Rất hài lòng", "Very satisfied", 46),
            ("Hài lòng", "Satisfied", 31),
            ("Bình thường", "Neutral", 12),
            ("Chưa hài lòng", "Not satisfied", 5),
        ],
        "opened_days_ago": 20,
        "closes_in_days": 40,
    },
    {
        "key": "dich-vu-cong",
        "question": "Ông/bà đã từng nộp hồ sơ dịch vụ công trực tuyến chưa?",
        "question_en": "Have you ever filed an online public service application?",
        "description": "",
        "description_en": "",
        "options": [
            ("Đã nộp nhiều lần", "Many times", 18),
            ("Đã nộp một lần", "Once", 9),
            ("Chưa, nhưng sẽ thử", "Not yet, but I will", 7),
        ],
        "opened_days_ago": 90,
        "closes_in_days": -30,
    },
]


@transaction.atomic
def load_demo(portal, stdout):
    now = timezone.now()
    created_polls = 0
    for spec in DEMO_POLLS:
        # Stable key: the Vietnamese question within the portal.
        poll = Poll.objects.filter(portal=portal, question_vi=spec["question"]).first()
        if poll is None:
            poll = Poll(
                portal=portal,
                opens_at=now - datetime.timedelta(days=spec["opened_days_ago"]),
                closes_at=now + datetime.timedelta(days=spec["closes_in_days"]),
            )
            poll.question_vi = spec["question"]
            poll.question_en = spec["question_en"]
            poll.description_vi = spec["description"]
            poll.description_en = spec["description_en"]
            poll.save()
            created_polls += 1
        elif spec["description_en"] and not poll.description_en:  # demos loaded before it had one
            poll.description_en = spec["description_en"]
            poll.save(update_fields=["description_en"])
        for index, (text_vi, text_en, votes) in enumerate(spec["options"]):
            option = PollOption.objects.filter(poll=poll, text_vi=text_vi).first()
            if option is None:
                option = PollOption(poll=poll, sort_order=index)
                option.text_vi, option.text_en = text_vi, text_en
                option.save()
            wanted = [
                Vote(poll=poll, option=option, voter=voter_hash(f"demo:{portal.pk}:{spec['key']}:{index}:{n}"))
                for n in range(votes)
            ]
            existing = set(Vote.objects.filter(poll=poll, voter__in=[v.voter for v in wanted]).values_list("voter", flat=True))
            Vote.objects.bulk_create([v for v in wanted if v.voter not in existing])

    placed = 0
    for home in portal.root_pages():
        home = home.specific
        if not hasattr(home, "placements"):
            continue
        _placement, created = BlockPlacement.objects.get_or_create(
            page=home,
            block="polls.poll",
            defaults={
                "slot": "sidebar",
                "title": "Thăm dò ý kiến" if home.locale.language_code == "vi" else "Poll",
                "sort_order": 20,
            },
        )
        if created:
            placed += 1
            home.refresh_from_db()
            home.save_revision().publish()
    stdout.write(f"  polls: {created_polls} poll(s) created, {placed} block(s) placed on {portal.name}\n")
