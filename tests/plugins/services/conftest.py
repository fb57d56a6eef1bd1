import pytest

from tests.factories import ProcedureFactory


def make_procedure(code, name, field="ho-tich", level="toan-trinh", tiers=("ward", "commune"), agency_portal=None, **extra):
    return ProcedureFactory(
        code=code, name_vi=name, field_code=field, level_code=level, tiers=tiers, agency_portal=agency_portal, **extra
    )


@pytest.fixture
def catalogue(network):
    """A small catalogue with known counts.

    Commune tier (ward, commune): 6 procedures: 3 full online, 1 partial,
    1 legacy level 2 (not online), 1 not online.
    Province tier: 4 procedures: 1 full online, 1 level 3, 2 not online.
    Agency ward_a: 1 procedure at province tier (partial online).
    One expired commune procedure (not counted).
    """
    made = {
        "ks": make_procedure("1.000001.H12", "Đăng ký khai sinh"),
        "kh": make_procedure("1.000002.H12", "Đăng ký kết hôn"),
        "kt": make_procedure("1.000003.H12", "Đăng ký khai tử"),
        "ct": make_procedure("1.000004.H12", "Chứng thực chữ ký", field="chung-thuc", level="mot-phan"),
        "hg": make_procedure("1.000005.H12", "Công nhận hòa giải viên", field="hoa-giai", level="muc-do-2"),
        "xd": make_procedure("1.000006.H12", "Cấp giấy phép xây dựng nhà ở riêng lẻ", field="xay-dung", level=None),
        "dn": make_procedure(
            "2.000001.H12",
            "Đăng ký thành lập công ty cổ phần",
            field="doanh-nghiep",
            tiers=("province",),
            agency_name="Sở Tài chính",
        ),
        "gp": make_procedure(
            "2.000002.H12",
            "Cấp giấy phép lái xe",
            field="duong-bo",
            level="muc-do-3",
            tiers=("province",),
            agency_name="Sở Xây dựng",
        ),
        "ts": make_procedure(
            "2.000003.H12",
            "Đăng ký tàu cá",
            field="thuy-san",
            level=None,
            tiers=("province",),
            agency_name="Sở Nông nghiệp và Môi trường",
        ),
        "mt": make_procedure(
            "2.000004.H12",
            "Cấp giấy phép môi trường",
            field="moi-truong",
            level=None,
            tiers=("province",),
            agency_name="Sở Nông nghiệp và Môi trường",
        ),
        "own": make_procedure(
            "2.000005.H12",
            "Cấp giấy xác nhận riêng của phường An Xuyên",
            field="van-hoa",
            level="mot-phan",
            tiers=("province",),
            agency_portal=network.ward_a,
        ),
        "old": make_procedure("1.000009.H12", "Thủ tục đã hết hiệu lực", valid_until=__import__("datetime").date(2020, 1, 1)),
    }
    return made
