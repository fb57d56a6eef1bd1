import time

import pytest

from plugins.questions.forms import make_form_token
from tests.factories import QuestionFactory

URL = "/hoi-dap/gui-cau-hoi/"


def form_data(**overrides):
    """A citizen's valid question form, sent 30 s after the page loaded."""
    data = {
        "name": "Phạm Thị Lan",
        "email": "lan@example.vn",
        "phone": "0912 000 111",
        "subject": "Hỏi về lịch tiếp công dân",
        "content": "Xin cho biết lịch tiếp công dân của Ủy ban trong tháng này.",
        "website": "",
        "token": make_form_token(time.time() - 30),
    }
    data.update(overrides)
    return data


def make_question(portal, subject="Hỏi về cấp giấy phép xây dựng", published=True, **extra):
    return QuestionFactory(portal=portal, subject=subject, published=published, **extra)


@pytest.fixture
def questions_on(network):
    """The network with questions switched on for every portal."""
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
    return make_question(
        questions_on.ward_b, subject="Câu hỏi riêng của phường B", email="b.secret@example.vn", phone="0988 777 666"
    )
