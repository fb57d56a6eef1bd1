"""Demo questions and answers per portal, and the block on the home pages."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from sites.models import BlockPlacement, Portal

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
        # The portal's English version (plugins/questions/translation.py).
        "subject_en": "Which papers do I need to register my child's birth?",
        "content_en": "I have just given birth in hospital. Which papers do I need to register my child's birth, and where do I apply?",
        "answer_en": "Dear Ms Hoa,\n\nBring your identity card and the birth certificate issued by the hospital, and your marriage "
        "certificate if the parents are married. Apply at the one-stop desk or online on the National Public Service Portal; "
        "the birth is registered the same working day.",
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


# Questions a portal let slip, so the oversight dashboard's overdue work shows something
# real: received more than 30 days ago (past the 15 working days), never answered.
OVERDUE_QUESTIONS = [
    {
        "name": "Võ Thị Mai",
        "email": "mai.vo@example.vn",
        "phone": "0918 222 333",
        "subject": "Khi nào sửa chữa cống thoát nước tại khóm 3?",
        "content": "Cống thoát nước đầu hẻm khóm 3 bị sụp từ đầu mùa mưa, nước ngập vào nhà dân. "
        "Đề nghị địa phương cho biết khi nào sửa chữa.",
        "forwarded_to_unit": "Phòng Kinh tế, Hạ tầng và Đô thị",
        "days_ago": 41,
    },
    {
        "name": "Đặng Văn Hùng",
        "email": "hung.dang@example.vn",
        "phone": "",
        "subject": "Hỏi về hỗ trợ học phí cho con hộ cận nghèo",
        "content": "Gia đình tôi thuộc hộ cận nghèo, con đang học lớp 10. Xin hỏi cháu có được hỗ trợ học phí không "
        "và cần nộp hồ sơ gì?",
        "forwarded_to_unit": "",
        "days_ago": 33,
    },
]


def lets_questions_slip(portal) -> bool:
    """Every second member portal (in creation order) of its parent has overdue questions."""
    if portal.parent_id is None:
        return False
    members = list(Portal.objects.filter(parent_id=portal.parent_id).order_by("pk").values_list("pk", flat=True))
    return portal.pk in members and members.index(portal.pk) % 2 == 1


@transaction.atomic
def load_demo(portal, stdout):
    now = timezone.now()
    created = 0
    for spec in DEMO_QUESTIONS:
        english = {f"{field}_en": spec[f"{field}_en"] for field in ("subject", "content", "answer") if spec.get(f"{field}_en")}
        existing = Question.objects.filter(portal=portal, subject_vi=spec["subject"]).first()
        if existing is not None:
            if english and not existing.subject_en:  # a demo loaded before questions had English versions
                Question.objects.filter(pk=existing.pk).update(**english)
            continue
        sent_at = now - datetime.timedelta(days=spec["days_ago"])
        answered = bool(spec["answer"])
        Question.objects.create(
            portal=portal,
            name=spec["name"],
            email=spec["email"],
            phone=spec["phone"],
            subject_vi=spec["subject"],
            content_vi=spec["content"],
            answer_vi=spec["answer"],
            **english,
            status=Question.Status.PUBLISHED if answered else Question.Status.NEW,
            answered_at=sent_at + datetime.timedelta(days=1) if answered else None,
            published_at=sent_at + datetime.timedelta(days=1) if answered else None,
            # The demo's senders are not e-mailed about answers published before they loaded.
            answer_notified_at=sent_at + datetime.timedelta(days=1) if answered else None,
            created_at=sent_at,
        )
        created += 1
    for spec in OVERDUE_QUESTIONS if lets_questions_slip(portal) else ():
        if Question.objects.filter(portal=portal, subject_vi=spec["subject"]).exists():
            continue
        sent_at = now - datetime.timedelta(days=spec["days_ago"])
        forwarded = bool(spec["forwarded_to_unit"])
        Question.objects.create(  # due_on: received + 15 working days, long past
            portal=portal,
            name=spec["name"],
            email=spec["email"],
            phone=spec["phone"],
            subject_vi=spec["subject"],
            content_vi=spec["content"],
            status=Question.Status.FORWARDED if forwarded else Question.Status.NEW,
            forwarded_to_unit=spec["forwarded_to_unit"],
            forwarded_at=sent_at + datetime.timedelta(days=2) if forwarded else None,
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
