import pytest
from django.utils import timezone

from plugins.questions.models import Question


def make_question(portal, subject="Hỏi về cấp giấy phép xây dựng", published=True, **extra):
    values = {
        "name": "Nguyễn Văn Dân",
        "email": "dan.secret@example.vn",
        "phone": "0909 111 222",
        "content": "Xin hỏi thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ?",
        "answer": "Hồ sơ gồm đơn đề nghị và bản vẽ thiết kế." if published else "",
        "status": Question.Status.PUBLISHED if published else Question.Status.NEW,
        "published_at": timezone.now() if published else None,
    }
    values.update(extra)
    return Question.objects.create(portal=portal, subject=subject, **values)


@pytest.fixture
def questions_on(network):
    for portal in (network.province, network.ward_a, network.ward_b):
        if "questions" not in portal.enabled_plugins:
            portal.enabled_plugins = [*portal.enabled_plugins, "questions"]
            portal.save()
    return network


@pytest.fixture
def q_a(questions_on):
    return make_question(questions_on.ward_a)


@pytest.fixture
def q_b(questions_on):
    return make_question(questions_on.ward_b, subject="Câu hỏi riêng của phường B", email="b.secret@example.vn", phone="0988 777 666")
