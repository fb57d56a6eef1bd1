"""Demo questions and answers per portal, and the block on the home pages."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from sites.models import BlockPlacement

from .models import Question

DEMO_QUESTIONS = [
    {
        "name": "Nguyễn Thị Hoa",
        "email": "hoa.nguyen@example.vn",
        "phone": "0912 345 678",
        "subject": "Thủ tục đăng ký khai sinh cho con cần những giấy tờ gì?",
        "content": "Tôi vừa sinh con tại bệnh viện, xin hỏi khi đăng ký khai sinh cho cháu tôi cần mang theo những giấy tờ gì và nộp ở đâu?",
        "answer": "Chào bà Hoa,\n\nKhi đăng ký khai sinh, bà cần xuất trình giấy tờ tùy thân (CCCD) và nộp Giấy chứng sinh do bệnh viện cấp. "
        "Nếu cha mẹ đã đăng ký kết hôn thì xuất trình thêm Giấy chứng nhận kết hôn. Hồ sơ nộp tại Bộ phận Một cửa hoặc trực tuyến "
        "trên Cổng Dịch vụ công quốc gia; thời hạn giải quyết trong ngày làm việc.",
        "days_ago": 12,
    },
    {
        "name": "Trần Văn Bình",
        "email": "binh.tran@example.vn",
        "phone": "",
        "subject": "Góp ý về việc chiếu sáng tuyến đường ven kênh",
        "content": "Đoạn đường ven kênh từ cầu số 2 đến chợ về đêm rất tối, nhiều đèn bị hỏng. Đề nghị địa phương kiểm tra, sửa chữa để người dân đi lại an toàn.",
        "answer": "Cảm ơn ông Bình đã góp ý. Ủy ban nhân dân đã giao bộ phận chuyên môn kiểm tra hiện trường; các bóng đèn hư hỏng "
        "sẽ được thay thế trong tháng này. Mọi phản ánh tiếp theo ông vui lòng gửi qua chuyên mục Hỏi đáp - Góp ý.",
        "days_ago": 5,
    },
    {
        "name": "Lê Minh Tâm",
        "email": "tam.le@example.vn",
        "phone": "0290 3831 234",
        "subject": "Thời gian tiếp công dân của lãnh đạo Ủy ban",
        "content": "Xin cho biết lịch tiếp công dân định kỳ của Chủ tịch Ủy ban nhân dân trong tháng tới.",
        "answer": "",
        "days_ago": 1,
    },
]


@transaction.atomic
def load_demo(portal, stdout):
    now = timezone.now()
    created = 0
    for spec in DEMO_QUESTIONS:
        if Question.objects.filter(portal=portal, subject=spec["subject"]).exists():
            continue
        sent_at = now - datetime.timedelta(days=spec["days_ago"])
        answered = bool(spec["answer"])
        Question.objects.create(
            portal=portal,
            name=spec["name"],
            email=spec["email"],
            phone=spec["phone"],
            subject=spec["subject"],
            content=spec["content"],
            answer=spec["answer"],
            status=Question.Status.PUBLISHED if answered else Question.Status.NEW,
            answered_at=sent_at + datetime.timedelta(days=1) if answered else None,
            published_at=sent_at + datetime.timedelta(days=1) if answered else None,
            created_at=sent_at,
        )
        created += 1

    placed = 0
    for home in portal.root_pages():
        home = home.specific
        if not hasattr(home, "placements"):
            continue
        _placement, was_created = BlockPlacement.objects.get_or_create(
            page=home,
            block="questions.latest",
            defaults={
                "slot": "main",
                "title": "Hỏi đáp - Góp ý" if home.locale.language_code == "vi" else "Questions and answers",
                "limit": 5,
                "sort_order": 60,
            },
        )
        if was_created:
            placed += 1
            home.refresh_from_db()
            home.save_revision().publish()
    stdout.write(f"  questions: {created} question(s) created, {placed} block(s) placed on {portal.name}\n")
