"""Demo catalogue: about 160 real procedure names across tiers, fields and levels.

``load_demo(portal, stdout)`` runs once per demo portal. The catalogue is
network-wide: the first call creates it (looked up by code, so it is
idempotent); every call links the procedures of the portal's own agency and
places the plugin's blocks on the portal's home pages.
"""

from __future__ import annotations

import datetime

from sites.models import BlockPlacement, HomePage, PortalLevel

COMMUNE_TIERS = ("ward", "commune", "special_zone")
PROVINCE_TIERS = ("province",)

# field code -> (legal basis lines, result, application documents)
FIELD_DETAILS = {
    "ho-tich": (
        [
            "Luật Hộ tịch số 60/2014/QH13",
            "Nghị định số 123/2015/NĐ-CP quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch",
            "Thông tư số 04/2020/TT-BTP hướng dẫn thi hành Luật Hộ tịch",
        ],
        "Giấy chứng nhận hoặc trích lục hộ tịch; cập nhật vào Cơ sở dữ liệu hộ tịch điện tử.",
        ["Tờ khai theo mẫu (Bản chính: 1, Bản sao: 0)", "Giấy tờ tùy thân của người yêu cầu (Bản chính: 0, Bản sao: 1)"],
    ),
    "chung-thuc": (
        [
            "Nghị định số 23/2015/NĐ-CP về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký",
            "Thông tư số 01/2020/TT-BTP hướng dẫn Nghị định 23/2015/NĐ-CP",
        ],
        "Văn bản, giấy tờ được chứng thực.",
        [
            "Bản chính giấy tờ, văn bản cần chứng thực (Bản chính: 1, Bản sao: 0)",
            "Giấy tờ tùy thân của người yêu cầu (Bản chính: 1, Bản sao: 0)",
        ],
    ),
    "nuoi-con-nuoi": (
        ["Luật Nuôi con nuôi số 52/2010/QH12", "Nghị định số 19/2011/NĐ-CP quy định chi tiết thi hành Luật Nuôi con nuôi"],
        "Giấy chứng nhận nuôi con nuôi.",
        [
            "Đơn xin nhận con nuôi (Bản chính: 1, Bản sao: 0)",
            "Phiếu lý lịch tư pháp của người nhận con nuôi (Bản chính: 1, Bản sao: 0)",
            "Văn bản về tình trạng sức khỏe (Bản chính: 1, Bản sao: 0)",
        ],
    ),
    "hoa-giai": (
        ["Luật Hòa giải ở cơ sở số 35/2013/QH13", "Nghị định số 15/2014/NĐ-CP hướng dẫn Luật Hòa giải ở cơ sở"],
        "Quyết định công nhận hoặc thanh toán thù lao cho hòa giải viên.",
        ["Văn bản đề nghị (Bản chính: 1, Bản sao: 0)", "Biên bản bầu hòa giải viên (Bản chính: 1, Bản sao: 0)"],
    ),
    "dat-dai": (
        [
            "Luật Đất đai số 31/2024/QH15",
            "Nghị định số 101/2024/NĐ-CP quy định về điều tra cơ bản đất đai, đăng ký, cấp Giấy chứng nhận",
            "Nghị định số 151/2025/NĐ-CP quy định về phân định thẩm quyền của chính quyền địa phương 02 cấp trong lĩnh vực đất đai",
        ],
        "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất hoặc văn bản trả lời.",
        [
            "Đơn đăng ký, cấp Giấy chứng nhận theo Mẫu số 04/ĐK (Bản chính: 1, Bản sao: 0)",
            "Giấy tờ về quyền sử dụng đất (Bản chính: 0, Bản sao: 1)",
            "Chứng từ thực hiện nghĩa vụ tài chính (Bản chính: 0, Bản sao: 1)",
        ],
    ),
    "xay-dung": (
        [
            "Luật Xây dựng số 50/2014/QH13",
            "Luật số 62/2020/QH14 sửa đổi, bổ sung một số điều của Luật Xây dựng",
            "Nghị định số 175/2024/NĐ-CP quy định chi tiết một số điều và biện pháp thi hành Luật Xây dựng về quản lý hoạt động xây dựng",
        ],
        "Giấy phép xây dựng hoặc văn bản thông báo kết quả.",
        [
            "Đơn đề nghị cấp giấy phép xây dựng (Bản chính: 1, Bản sao: 0)",
            "Giấy tờ chứng minh quyền sử dụng đất (Bản chính: 0, Bản sao: 1)",
            "Bản vẽ thiết kế xây dựng (Bản chính: 2, Bản sao: 0)",
        ],
    ),
    "doanh-nghiep": (
        [
            "Luật Doanh nghiệp số 59/2020/QH14",
            "Nghị định số 168/2025/NĐ-CP về đăng ký doanh nghiệp",
            "Thông tư số 68/2025/TT-BTC ban hành biểu mẫu sử dụng trong đăng ký doanh nghiệp",
        ],
        "Giấy chứng nhận đăng ký doanh nghiệp hoặc thông báo thay đổi nội dung đăng ký.",
        [
            "Giấy đề nghị đăng ký doanh nghiệp (Bản chính: 1, Bản sao: 0)",
            "Điều lệ công ty (Bản chính: 1, Bản sao: 0)",
            "Danh sách thành viên hoặc cổ đông sáng lập (Bản chính: 1, Bản sao: 0)",
        ],
    ),
    "ho-kinh-doanh": (
        ["Luật Doanh nghiệp số 59/2020/QH14", "Nghị định số 168/2025/NĐ-CP về đăng ký doanh nghiệp"],
        "Giấy chứng nhận đăng ký hộ kinh doanh.",
        [
            "Giấy đề nghị đăng ký hộ kinh doanh (Bản chính: 1, Bản sao: 0)",
            "Bản sao giấy tờ pháp lý của cá nhân (Bản chính: 0, Bản sao: 1)",
        ],
    ),
    "bao-tro-xa-hoi": (
        [
            "Nghị định số 20/2021/NĐ-CP quy định chính sách trợ giúp xã hội đối với đối tượng bảo trợ xã hội",
            "Nghị định số 76/2024/NĐ-CP sửa đổi, bổ sung Nghị định số 20/2021/NĐ-CP",
        ],
        "Quyết định hưởng trợ cấp xã hội hằng tháng hoặc hỗ trợ.",
        [
            "Tờ khai đề nghị trợ giúp xã hội theo mẫu (Bản chính: 1, Bản sao: 0)",
            "Giấy xác nhận khuyết tật hoặc giấy tờ liên quan (Bản chính: 0, Bản sao: 1)",
        ],
    ),
    "nguoi-co-cong": (
        [
            "Pháp lệnh Ưu đãi người có công với cách mạng số 02/2020/UBTVQH14",
            "Nghị định số 131/2021/NĐ-CP quy định chi tiết và biện pháp thi hành Pháp lệnh Ưu đãi người có công với cách mạng",
        ],
        "Quyết định trợ cấp, phụ cấp ưu đãi.",
        ["Bản khai cá nhân theo mẫu (Bản chính: 1, Bản sao: 0)", "Giấy tờ làm căn cứ xác nhận (Bản chính: 0, Bản sao: 1)"],
    ),
    "viec-lam": (
        [
            "Luật Việc làm số 38/2013/QH13",
            "Nghị định số 28/2015/NĐ-CP quy định chi tiết thi hành một số điều của Luật Việc làm về bảo hiểm thất nghiệp",
        ],
        "Quyết định hưởng trợ cấp thất nghiệp hoặc văn bản trả lời.",
        [
            "Đề nghị hưởng trợ cấp thất nghiệp theo mẫu (Bản chính: 1, Bản sao: 0)",
            "Quyết định thôi việc hoặc hợp đồng lao động đã hết hạn (Bản chính: 0, Bản sao: 1)",
            "Sổ bảo hiểm xã hội (Bản chính: 1, Bản sao: 0)",
        ],
    ),
    "giao-duc": (
        [
            "Luật Giáo dục số 43/2019/QH14",
            "Nghị định số 125/2024/NĐ-CP quy định về điều kiện đầu tư và hoạt động trong lĩnh vực giáo dục",
        ],
        "Quyết định cho phép hoặc văn bản trả lời của cơ quan có thẩm quyền.",
        ["Tờ trình đề nghị (Bản chính: 1, Bản sao: 0)", "Đề án hoạt động (Bản chính: 1, Bản sao: 0)"],
    ),
    "y-te": (
        [
            "Luật Khám bệnh, chữa bệnh số 15/2023/QH15",
            "Nghị định số 96/2023/NĐ-CP quy định chi tiết một số điều của Luật Khám bệnh, chữa bệnh",
        ],
        "Giấy phép hành nghề hoặc giấy phép hoạt động.",
        [
            "Đơn đề nghị theo mẫu (Bản chính: 1, Bản sao: 0)",
            "Văn bằng chuyên môn (Bản chính: 0, Bản sao: 1)",
            "Giấy chứng nhận đủ sức khỏe (Bản chính: 1, Bản sao: 0)",
        ],
    ),
    "moi-truong": (
        [
            "Luật Bảo vệ môi trường số 72/2020/QH14",
            "Nghị định số 08/2022/NĐ-CP quy định chi tiết một số điều của Luật Bảo vệ môi trường",
        ],
        "Giấy phép môi trường hoặc văn bản tiếp nhận đăng ký môi trường.",
        ["Văn bản đề nghị (Bản chính: 1, Bản sao: 0)", "Báo cáo đề xuất cấp giấy phép môi trường (Bản chính: 1, Bản sao: 0)"],
    ),
    "tai-nguyen-nuoc": (
        [
            "Luật Tài nguyên nước số 28/2023/QH15",
            "Nghị định số 54/2024/NĐ-CP quy định việc hành nghề khoan nước dưới đất, kê khai, đăng ký, cấp phép",
        ],
        "Giấy phép khai thác tài nguyên nước hoặc xác nhận đăng ký.",
        ["Đơn đề nghị cấp giấy phép (Bản chính: 1, Bản sao: 0)", "Sơ đồ vị trí công trình khai thác (Bản chính: 1, Bản sao: 0)"],
    ),
    "trong-trot": (
        [
            "Luật Trồng trọt số 31/2018/QH14",
            "Nghị định số 94/2019/NĐ-CP quy định chi tiết một số điều của Luật Trồng trọt về giống cây trồng và canh tác",
        ],
        "Văn bản chấp thuận hoặc giấy chứng nhận.",
        ["Bản đăng ký theo mẫu (Bản chính: 1, Bản sao: 0)", "Bản đồ khu vực chuyển đổi (Bản chính: 1, Bản sao: 0)"],
    ),
    "thuy-san": (
        [
            "Luật Thủy sản số 18/2017/QH14",
            "Nghị định số 26/2019/NĐ-CP quy định chi tiết một số điều và biện pháp thi hành Luật Thủy sản",
            "Nghị định số 37/2024/NĐ-CP sửa đổi, bổ sung Nghị định số 26/2019/NĐ-CP",
        ],
        "Giấy phép khai thác thủy sản, giấy chứng nhận đăng ký tàu cá hoặc văn bản xác nhận.",
        ["Đơn đề nghị theo mẫu (Bản chính: 1, Bản sao: 0)", "Giấy chứng nhận đăng ký tàu cá (Bản chính: 0, Bản sao: 1)"],
    ),
    "duong-bo": (
        [
            "Luật Trật tự, an toàn giao thông đường bộ số 36/2024/QH15",
            "Luật Đường bộ số 35/2024/QH15",
            "Thông tư số 35/2024/TT-BGTVT quy định về đào tạo, sát hạch, cấp giấy phép lái xe",
        ],
        "Giấy phép lái xe, giấy phép hoặc văn bản chấp thuận.",
        ["Đơn đề nghị theo mẫu (Bản chính: 1, Bản sao: 0)", "Giấy khám sức khỏe của người lái xe (Bản chính: 1, Bản sao: 0)"],
    ),
    "van-hoa": (
        [
            "Luật Di sản văn hóa số 45/2024/QH15",
            "Nghị định số 144/2020/NĐ-CP quy định về hoạt động nghệ thuật biểu diễn",
            "Nghị định số 54/2019/NĐ-CP quy định về kinh doanh dịch vụ karaoke, dịch vụ vũ trường",
        ],
        "Giấy phép hoặc văn bản chấp thuận.",
        ["Văn bản đề nghị (Bản chính: 1, Bản sao: 0)", "Kịch bản, danh mục tác phẩm (Bản chính: 1, Bản sao: 0)"],
    ),
    "thi-dua": (
        [
            "Luật Thi đua, khen thưởng số 06/2022/QH15",
            "Nghị định số 98/2023/NĐ-CP quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
        ],
        "Quyết định khen thưởng kèm bằng khen, giấy khen.",
        [
            "Tờ trình đề nghị khen thưởng (Bản chính: 1, Bản sao: 0)",
            "Báo cáo thành tích (Bản chính: 1, Bản sao: 0)",
            "Biên bản họp xét khen thưởng (Bản chính: 1, Bản sao: 0)",
        ],
    ),
    "cong-chuc": (
        [
            "Luật Cán bộ, công chức số 80/2025/QH15",
            "Nghị định số 170/2025/NĐ-CP quy định về tuyển dụng, sử dụng và quản lý công chức",
            "Nghị định số 115/2020/NĐ-CP quy định về tuyển dụng, sử dụng và quản lý viên chức",
        ],
        "Quyết định của cơ quan có thẩm quyền.",
        ["Phiếu đăng ký dự tuyển theo mẫu (Bản chính: 1, Bản sao: 0)", "Văn bằng, chứng chỉ (Bản chính: 0, Bản sao: 1)"],
    ),
    "ton-giao": (
        ["Luật Tín ngưỡng, tôn giáo số 02/2016/QH14", "Nghị định số 95/2023/NĐ-CP quy định chi tiết Luật Tín ngưỡng, tôn giáo"],
        "Văn bản chấp thuận hoặc văn bản trả lời.",
        [
            "Văn bản đăng ký hoặc đề nghị theo mẫu (Bản chính: 1, Bản sao: 0)",
            "Danh sách người tham gia (Bản chính: 1, Bản sao: 0)",
        ],
    ),
    "thuong-mai": (
        [
            "Luật Thương mại số 36/2005/QH11",
            "Nghị định số 105/2017/NĐ-CP về kinh doanh rượu",
            "Nghị định số 67/2013/NĐ-CP quy định chi tiết Luật Phòng, chống tác hại của thuốc lá về kinh doanh thuốc lá",
        ],
        "Giấy phép kinh doanh hoặc giấy phép bán lẻ.",
        [
            "Đơn đề nghị cấp giấy phép (Bản chính: 1, Bản sao: 0)",
            "Bản sao giấy chứng nhận đăng ký doanh nghiệp hoặc hộ kinh doanh (Bản chính: 0, Bản sao: 1)",
        ],
    ),
}

UBND_XA = "Ủy ban nhân dân cấp xã"
UBND_TINH = "Ủy ban nhân dân tỉnh"
SO_TU_PHAP = "Sở Tư pháp"
SO_NOI_VU = "Sở Nội vụ"
SO_NNMT = "Sở Nông nghiệp và Môi trường"
SO_XD = "Sở Xây dựng"
SO_TC = "Sở Tài chính"
SO_YT = "Sở Y tế"
SO_GD = "Sở Giáo dục và Đào tạo"
SO_VH = "Sở Văn hóa, Thể thao và Du lịch"
SO_CT = "Sở Công Thương"

X, T = "x", "t"  # commune tier, province tier

# field code -> [(name, tier, agency)]
PROCEDURES = {
    "ho-tich": [
        ("Đăng ký khai sinh", X, UBND_XA),
        ("Đăng ký kết hôn", X, UBND_XA),
        ("Đăng ký khai tử", X, UBND_XA),
        ("Đăng ký nhận cha, mẹ, con", X, UBND_XA),
        ("Đăng ký khai sinh kết hợp nhận cha, mẹ, con", X, UBND_XA),
        ("Đăng ký lại khai sinh", X, UBND_XA),
        ("Đăng ký lại kết hôn", X, UBND_XA),
        ("Đăng ký lại khai tử", X, UBND_XA),
        ("Đăng ký giám hộ", X, UBND_XA),
        ("Đăng ký chấm dứt giám hộ", X, UBND_XA),
        ("Thay đổi, cải chính, bổ sung thông tin hộ tịch", X, UBND_XA),
        ("Cấp Giấy xác nhận tình trạng hôn nhân", X, UBND_XA),
        ("Cấp bản sao trích lục hộ tịch", X, UBND_XA),
        ("Đăng ký khai sinh có yếu tố nước ngoài", X, UBND_XA),
        ("Đăng ký kết hôn có yếu tố nước ngoài", X, UBND_XA),
        ("Đăng ký khai tử có yếu tố nước ngoài", X, UBND_XA),
        (
            "Ghi vào Sổ hộ tịch việc hộ tịch của công dân Việt Nam đã được giải quyết tại cơ quan có thẩm quyền của nước ngoài",
            X,
            UBND_XA,
        ),
        (
            "Liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
            X,
            UBND_XA,
        ),
        ("Liên thông thủ tục hành chính về đăng ký khai tử, xóa đăng ký thường trú, hưởng chế độ tử tuất", X, UBND_XA),
        ("Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam", T, SO_TU_PHAP),
    ],
    "chung-thuc": [
        ("Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp", X, UBND_XA),
        ("Chứng thực chữ ký trong các giấy tờ, văn bản", X, UBND_XA),
        ("Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất và nhà ở", X, UBND_XA),
        ("Chứng thực di chúc", X, UBND_XA),
        ("Chứng thực văn bản thỏa thuận phân chia di sản", X, UBND_XA),
        ("Chứng thực văn bản khai nhận di sản", X, UBND_XA),
        ("Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch", X, UBND_XA),
        ("Cấp bản sao có chứng thực từ bản chính hợp đồng, giao dịch đã được chứng thực", X, UBND_XA),
        ("Chứng thực chữ ký người dịch mà người dịch là cộng tác viên dịch thuật", T, SO_TU_PHAP),
    ],
    "nuoi-con-nuoi": [
        ("Đăng ký việc nuôi con nuôi trong nước", X, UBND_XA),
        ("Đăng ký lại việc nuôi con nuôi trong nước", X, UBND_XA),
        ("Giải quyết việc người nước ngoài thường trú ở Việt Nam nhận trẻ em Việt Nam làm con nuôi", T, SO_TU_PHAP),
        ("Đăng ký việc nuôi con nuôi có yếu tố nước ngoài đối với trường hợp cha dượng, mẹ kế nhận con riêng", T, SO_TU_PHAP),
    ],
    "hoa-giai": [
        ("Công nhận hòa giải viên", X, UBND_XA),
        ("Công nhận tổ trưởng tổ hòa giải", X, UBND_XA),
        ("Thôi làm hòa giải viên", X, UBND_XA),
        ("Thanh toán thù lao cho hòa giải viên", X, UBND_XA),
    ],
    "dat-dai": [
        ("Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận quyền sử dụng đất lần đầu", X, UBND_XA),
        ("Đăng ký biến động đất đai, tài sản gắn liền với đất", T, "Văn phòng đăng ký đất đai tỉnh"),
        ("Cấp đổi Giấy chứng nhận quyền sử dụng đất", T, "Văn phòng đăng ký đất đai tỉnh"),
        ("Cấp lại Giấy chứng nhận quyền sử dụng đất do bị mất", T, "Văn phòng đăng ký đất đai tỉnh"),
        ("Đính chính Giấy chứng nhận đã cấp", T, "Văn phòng đăng ký đất đai tỉnh"),
        ("Tách thửa hoặc hợp thửa đất", T, "Văn phòng đăng ký đất đai tỉnh"),
        ("Đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất", T, "Văn phòng đăng ký đất đai tỉnh"),
        ("Xóa đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất", T, "Văn phòng đăng ký đất đai tỉnh"),
        (
            "Chuyển mục đích sử dụng đất phải được phép của cơ quan nhà nước có thẩm quyền đối với hộ gia đình, cá nhân",
            X,
            UBND_XA,
        ),
        ("Gia hạn sử dụng đất nông nghiệp của hộ gia đình, cá nhân", X, UBND_XA),
        ("Hòa giải tranh chấp đất đai", X, UBND_XA),
        ("Giải quyết tranh chấp đất đai thuộc thẩm quyền của Chủ tịch Ủy ban nhân dân cấp xã", X, UBND_XA),
        ("Giao đất, cho thuê đất không thông qua đấu giá quyền sử dụng đất", T, SO_NNMT),
        ("Thu hồi đất do chấm dứt việc sử dụng đất theo pháp luật, tự nguyện trả lại đất", T, SO_NNMT),
        ("Cung cấp thông tin, dữ liệu đất đai", T, "Văn phòng đăng ký đất đai tỉnh"),
    ],
    "xay-dung": [
        ("Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ", X, UBND_XA),
        ("Cấp giấy phép sửa chữa, cải tạo đối với nhà ở riêng lẻ", X, UBND_XA),
        ("Cấp giấy phép di dời đối với nhà ở riêng lẻ", X, UBND_XA),
        ("Điều chỉnh giấy phép xây dựng đối với nhà ở riêng lẻ", X, UBND_XA),
        ("Gia hạn giấy phép xây dựng đối với nhà ở riêng lẻ", X, UBND_XA),
        ("Cấp lại giấy phép xây dựng đối với nhà ở riêng lẻ", X, UBND_XA),
        ("Cấp giấy phép xây dựng mới đối với công trình cấp đặc biệt, cấp I, cấp II", T, SO_XD),
        ("Thẩm định Báo cáo nghiên cứu khả thi đầu tư xây dựng", T, SO_XD),
        ("Thẩm định thiết kế xây dựng triển khai sau thiết kế cơ sở", T, SO_XD),
        ("Cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, hạng III", T, SO_XD),
        ("Cấp chứng chỉ năng lực hoạt động xây dựng hạng II, hạng III", T, SO_XD),
        ("Kiểm tra công tác nghiệm thu hoàn thành công trình", T, SO_XD),
    ],
    "doanh-nghiep": [
        ("Đăng ký thành lập doanh nghiệp tư nhân", T, SO_TC),
        ("Đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên", T, SO_TC),
        ("Đăng ký thành lập công ty trách nhiệm hữu hạn hai thành viên trở lên", T, SO_TC),
        ("Đăng ký thành lập công ty cổ phần", T, SO_TC),
        ("Đăng ký thành lập công ty hợp danh", T, SO_TC),
        ("Đăng ký thay đổi trụ sở chính của doanh nghiệp", T, SO_TC),
        ("Đăng ký thay đổi người đại diện theo pháp luật của công ty", T, SO_TC),
        ("Đăng ký thay đổi vốn điều lệ", T, SO_TC),
        ("Thông báo tạm ngừng kinh doanh", T, SO_TC),
        ("Giải thể doanh nghiệp", T, SO_TC),
        ("Cấp lại Giấy chứng nhận đăng ký doanh nghiệp", T, SO_TC),
        ("Đăng ký hoạt động chi nhánh, văn phòng đại diện, địa điểm kinh doanh", T, SO_TC),
    ],
    "ho-kinh-doanh": [
        ("Đăng ký thành lập hộ kinh doanh", X, UBND_XA),
        ("Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", X, UBND_XA),
        ("Tạm ngừng hoạt động kinh doanh của hộ kinh doanh", X, UBND_XA),
        ("Chấm dứt hoạt động hộ kinh doanh", X, UBND_XA),
        ("Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh", X, UBND_XA),
    ],
    "bao-tro-xa-hoi": [
        ("Trợ giúp xã hội thường xuyên tại cộng đồng", X, UBND_XA),
        ("Điều chỉnh, thôi hưởng trợ cấp xã hội hằng tháng", X, UBND_XA),
        ("Chi trả trợ cấp xã hội hằng tháng khi đối tượng thay đổi nơi cư trú", X, UBND_XA),
        ("Trợ giúp xã hội khẩn cấp về hỗ trợ làm nhà ở, sửa chữa nhà ở", X, UBND_XA),
        ("Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội", X, UBND_XA),
        ("Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật", X, UBND_XA),
        ("Đổi, cấp lại Giấy xác nhận khuyết tật", X, UBND_XA),
        ("Đăng ký hoạt động đối với cơ sở trợ giúp xã hội dưới 10 đối tượng", X, UBND_XA),
        ("Tiếp nhận đối tượng bảo trợ xã hội có hoàn cảnh đặc biệt khó khăn vào cơ sở trợ giúp xã hội", T, "Sở Y tế"),
        ("Công nhận hộ nghèo, hộ cận nghèo phát sinh trong năm", X, UBND_XA),
    ],
    "nguoi-co-cong": [
        ("Giải quyết chế độ trợ cấp thờ cúng liệt sĩ", X, UBND_XA),
        ("Cấp giấy giới thiệu thăm viếng mộ liệt sĩ và hỗ trợ thăm viếng mộ liệt sĩ", T, SO_NOI_VU),
        ("Giải quyết chế độ ưu đãi đối với thân nhân liệt sĩ", T, SO_NOI_VU),
        ("Công nhận thương binh, người hưởng chính sách như thương binh", T, SO_NOI_VU),
        ("Giải quyết chế độ mai táng phí đối với cựu chiến binh", X, UBND_XA),
        ("Cấp bổ sung hoặc cấp lại giấy chứng nhận người có công", T, SO_NOI_VU),
        ("Hỗ trợ người có công với cách mạng cải thiện nhà ở", X, UBND_XA),
    ],
    "viec-lam": [
        ("Giải quyết hưởng trợ cấp thất nghiệp", T, SO_NOI_VU),
        ("Tạm dừng hưởng trợ cấp thất nghiệp", T, SO_NOI_VU),
        ("Chuyển nơi hưởng trợ cấp thất nghiệp", T, SO_NOI_VU),
        ("Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam", T, SO_NOI_VU),
        ("Cấp giấy phép hoạt động dịch vụ việc làm của doanh nghiệp", T, SO_NOI_VU),
        ("Hỗ trợ học nghề cho người đang hưởng trợ cấp thất nghiệp", T, SO_NOI_VU),
    ],
    "giao-duc": [
        ("Cho phép trường mầm non hoạt động giáo dục", X, UBND_XA),
        ("Thành lập nhóm trẻ, lớp mẫu giáo độc lập", X, UBND_XA),
        ("Cho phép trường tiểu học hoạt động giáo dục", X, UBND_XA),
        ("Xét, duyệt chính sách hỗ trợ đối với học sinh bán trú", X, UBND_XA),
        ("Chuyển trường đối với học sinh trung học cơ sở", X, UBND_XA),
        ("Chuyển trường đối với học sinh trung học phổ thông", T, SO_GD),
        ("Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", T, SO_GD),
        ("Chỉnh sửa nội dung văn bằng, chứng chỉ", T, SO_GD),
        ("Công nhận trường trung học đạt chuẩn quốc gia", T, SO_GD),
        ("Cho phép trung tâm ngoại ngữ, tin học hoạt động giáo dục", T, SO_GD),
    ],
    "y-te": [
        ("Cấp mới giấy phép hành nghề khám bệnh, chữa bệnh", T, SO_YT),
        ("Gia hạn giấy phép hành nghề khám bệnh, chữa bệnh", T, SO_YT),
        ("Cấp giấy phép hoạt động đối với phòng khám đa khoa", T, SO_YT),
        ("Cấp chứng chỉ hành nghề dược", T, SO_YT),
        ("Cấp Giấy chứng nhận đủ điều kiện kinh doanh dược đối với nhà thuốc", T, SO_YT),
        ("Cấp giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", T, SO_YT),
    ],
    "moi-truong": [
        ("Đăng ký môi trường", X, UBND_XA),
        ("Cấp giấy phép môi trường", T, SO_NNMT),
        ("Cấp điều chỉnh giấy phép môi trường", T, SO_NNMT),
        ("Thẩm định báo cáo đánh giá tác động môi trường", T, SO_NNMT),
        ("Tham vấn trong đánh giá tác động môi trường", X, UBND_XA),
    ],
    "tai-nguyen-nuoc": [
        ("Đăng ký khai thác nước dưới đất", X, UBND_XA),
        ("Cấp giấy phép khai thác nước mặt", T, SO_NNMT),
        ("Cấp giấy phép thăm dò nước dưới đất", T, SO_NNMT),
        ("Lấy ý kiến Ủy ban nhân dân cấp xã về phương án khai thác nước", X, UBND_XA),
    ],
    "trong-trot": [
        ("Chuyển đổi cơ cấu cây trồng trên đất trồng lúa", X, UBND_XA),
        ("Hỗ trợ khôi phục sản xuất nông nghiệp vùng bị thiệt hại do thiên tai", X, UBND_XA),
        ("Cấp Giấy chứng nhận đủ điều kiện buôn bán phân bón", T, SO_NNMT),
        ("Cấp Giấy chứng nhận đủ điều kiện buôn bán thuốc bảo vệ thực vật", T, SO_NNMT),
    ],
    "thuy-san": [
        ("Cấp giấy phép khai thác thủy sản", T, SO_NNMT),
        ("Cấp lại giấy phép khai thác thủy sản", T, SO_NNMT),
        ("Đăng ký tàu cá", T, SO_NNMT),
        ("Xóa đăng ký tàu cá", T, SO_NNMT),
        ("Cấp giấy xác nhận nguyên liệu thủy sản khai thác", T, SO_NNMT),
        ("Cấp giấy chứng nhận thủy sản khai thác", T, SO_NNMT),
        ("Đăng ký nuôi trồng thủy sản lồng bè, đối tượng thủy sản nuôi chủ lực", X, UBND_XA),
        ("Công bố mở cảng cá loại 3", T, SO_NNMT),
    ],
    "duong-bo": [
        ("Cấp đổi giấy phép lái xe do ngành Giao thông vận tải cấp", T, SO_XD),
        ("Cấp lại giấy phép lái xe", T, SO_XD),
        ("Cấp giấy phép xe tập lái", T, SO_XD),
        ("Cấp phù hiệu xe ô tô kinh doanh vận tải", T, SO_XD),
        ("Cấp giấy phép kinh doanh vận tải bằng xe ô tô", T, SO_XD),
        ("Đăng ký khai thác tuyến vận tải hành khách cố định", T, SO_XD),
    ],
    "van-hoa": [
        ("Thông báo tổ chức lễ hội cấp xã", X, UBND_XA),
        ("Đăng ký tổ chức lễ hội cấp xã", X, UBND_XA),
        ("Công nhận lần đầu danh hiệu thôn, tổ dân phố văn hóa", X, UBND_XA),
        ("Công nhận danh hiệu Gia đình văn hóa", X, UBND_XA),
        ("Cấp giấy phép đủ điều kiện kinh doanh dịch vụ karaoke", X, UBND_XA),
        ("Cấp giấy phép tổ chức biểu diễn nghệ thuật", T, SO_VH),
        ("Cấp giấy phép đủ điều kiện kinh doanh dịch vụ vũ trường", T, SO_VH),
        ("Đăng ký tổ chức giải thi đấu thể thao cấp tỉnh", T, SO_VH),
    ],
    "thi-dua": [
        ("Tặng giấy khen của Chủ tịch Ủy ban nhân dân cấp xã về thành tích thực hiện nhiệm vụ chính trị", X, UBND_XA),
        ("Tặng giấy khen của Chủ tịch Ủy ban nhân dân cấp xã về thành tích đột xuất", X, UBND_XA),
        ("Tặng danh hiệu Lao động tiên tiến", X, UBND_XA),
        ("Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", T, SO_NOI_VU),
        ("Tặng Cờ thi đua của Ủy ban nhân dân tỉnh", T, SO_NOI_VU),
        ("Tặng danh hiệu Chiến sĩ thi đua cấp tỉnh", T, SO_NOI_VU),
    ],
    "cong-chuc": [
        ("Thi tuyển công chức", T, SO_NOI_VU),
        ("Xét tuyển công chức", T, SO_NOI_VU),
        ("Thi tuyển viên chức", T, SO_NOI_VU),
        ("Thi nâng ngạch công chức", T, SO_NOI_VU),
        ("Thăng hạng chức danh nghề nghiệp viên chức", T, SO_NOI_VU),
        ("Xét chuyển cán bộ, công chức cấp xã thành công chức từ cấp huyện trở lên", T, SO_NOI_VU),
    ],
    "ton-giao": [
        ("Đăng ký sinh hoạt tín ngưỡng", X, UBND_XA),
        ("Đăng ký sinh hoạt tôn giáo tập trung", X, UBND_XA),
        ("Thông báo danh mục hoạt động tôn giáo đối với tổ chức có địa bàn hoạt động ở một xã", X, UBND_XA),
        ("Đề nghị tổ chức cuộc lễ ngoài cơ sở tôn giáo", X, UBND_XA),
        ("Đăng ký hoạt động tôn giáo ở nhiều xã trong một tỉnh", T, SO_NOI_VU),
        ("Đề nghị giảng đạo ngoài địa bàn phụ trách", T, SO_NOI_VU),
    ],
    "thuong-mai": [
        ("Cấp Giấy phép bán lẻ rượu", X, UBND_XA),
        ("Cấp Giấy phép sản xuất rượu thủ công nhằm mục đích kinh doanh", X, UBND_XA),
        ("Cấp Giấy phép bán lẻ sản phẩm thuốc lá", X, UBND_XA),
        ("Cấp Giấy phép bán buôn rượu", T, SO_CT),
        ("Cấp Giấy chứng nhận đủ điều kiện cửa hàng bán lẻ xăng dầu", T, SO_CT),
        ("Cấp Giấy phép bán buôn sản phẩm thuốc lá", T, SO_CT),
    ],
}

# Online levels in a fixed rotation (deterministic): mostly current levels,
# some legacy records, some procedures not online.
LEVEL_CYCLE = [
    "toan-trinh",
    "mot-phan",
    "toan-trinh",
    None,
    "mot-phan",
    "toan-trinh",
    "muc-do-3",
    "mot-phan",
    "muc-do-4",
    None,
    "toan-trinh",
    "muc-do-2",
]

COMMUNE_STEPS = (
    "Bước 1: Người yêu cầu nộp hồ sơ tại Bộ phận Một cửa của Ủy ban nhân dân cấp xã hoặc nộp trực tuyến trên Cổng Dịch vụ công quốc gia.\n"
    "Bước 2: Công chức tiếp nhận kiểm tra hồ sơ; nếu hồ sơ chưa đầy đủ thì hướng dẫn bổ sung một lần bằng văn bản.\n"
    "Bước 3: Công chức chuyên môn thẩm định, trình Chủ tịch Ủy ban nhân dân cấp xã quyết định.\n"
    "Bước 4: Trả kết quả tại Bộ phận Một cửa, qua dịch vụ bưu chính công ích hoặc trên tài khoản dịch vụ công của người yêu cầu."
)
PROVINCE_STEPS = (
    "Bước 1: Tổ chức, cá nhân nộp hồ sơ tại Trung tâm Phục vụ hành chính công tỉnh, qua dịch vụ bưu chính công ích hoặc trực tuyến.\n"
    "Bước 2: Trung tâm tiếp nhận, kiểm tra tính đầy đủ của hồ sơ và chuyển cơ quan chuyên môn giải quyết.\n"
    "Bước 3: Cơ quan chuyên môn thẩm định hồ sơ, trình cấp có thẩm quyền phê duyệt.\n"
    "Bước 4: Trả kết quả tại Trung tâm Phục vụ hành chính công tỉnh hoặc qua dịch vụ bưu chính công ích."
)
FEES = [
    "Không thu phí",
    "Lệ phí: 8.000 đồng/bản",
    "Lệ phí: 50.000 đồng/hồ sơ",
    "Phí thẩm định: 100.000 đồng/hồ sơ",
    "Miễn lệ phí",
    "Lệ phí: 20.000 đồng/lần",
]
TIMES = [
    "Trong ngày làm việc",
    "03 ngày làm việc",
    "05 ngày làm việc",
    "07 ngày làm việc",
    "10 ngày làm việc",
    "15 ngày làm việc",
]
DVC_URL = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={code}"
PROVINCIAL_URL = "https://dichvucong.camau.gov.vn/dich-vu-cong/thu-tuc/{code}"


def demo_rows():
    """Every demo procedure as an import row (the importer's own format)."""
    rows, number = [], 0
    for field_code, items in PROCEDURES.items():
        legal, result, documents = FIELD_DETAILS[field_code]
        for name, tier, agency in items:
            number += 1
            code = f"{1 + number % 2}.{1000 + number * 37 % 9000:06d}.H12"
            level = LEVEL_CYCLE[number % len(LEVEL_CYCLE)]
            online = level in ("toan-trinh", "mot-phan", "muc-do-3", "muc-do-4")
            methods = [
                {"method": "in_person", "processing_time": TIMES[number % len(TIMES)], "fees": FEES[number % len(FEES)]},
                {
                    "method": "post",
                    "processing_time": TIMES[number % len(TIMES)],
                    "fees": FEES[number % len(FEES)],
                    "description": "Qua dịch vụ bưu chính công ích.",
                },
            ]
            if online:
                methods.append(
                    {
                        "method": "online",
                        "processing_time": TIMES[max(0, number % len(TIMES) - 1)],
                        "fees": FEES[number % len(FEES)],
                        "description": "Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia.",
                    }
                )
            rows.append(
                {
                    "code": code,
                    "name": name,
                    "field": field_code,
                    "tiers": list(COMMUNE_TIERS if tier == X else PROVINCE_TIERS),
                    "agency": agency,
                    "level": level or "",
                    "steps": COMMUNE_STEPS if tier == X else PROVINCE_STEPS,
                    "methods": methods,
                    "documents": documents,
                    "applicants": "Công dân Việt Nam; người nước ngoài cư trú hợp pháp tại Việt Nam; tổ chức có liên quan.",
                    "requirements": ""
                    if number % 3
                    else "Người yêu cầu phải xuất trình giấy tờ tùy thân khi nộp hồ sơ trực tiếp.",
                    "result": result,
                    "legal_basis": legal,
                    "online_url": (DVC_URL if number % 2 else PROVINCIAL_URL).format(code=code) if online else "",
                    "valid_from": datetime.date(2025, 7, 1).isoformat(),
                }
            )
    return rows


def _ensure_catalogue(stdout):
    from .importer import import_procedures
    from .models import Procedure

    rows = demo_rows()
    missing = [row for row in rows if not Procedure.objects.filter(code=row["code"]).exists()]
    if not missing:
        return
    # Tiers that a network does not have (e.g. no special zone) are dropped.
    known = set(PortalLevel.objects.values_list("code", flat=True))
    for row in missing:
        row["tiers"] = [t for t in row["tiers"] if t in known]
    report = import_procedures([(f"#{i}", row) for i, row in enumerate(missing, start=1)])
    stdout.write(f"  services: {report['created']} procedures created, {len(report.errors)} errors")
    for line, reason in report.errors[:5]:
        stdout.write(f"    {line}: {reason}")


def _link_agency(portal):
    """The portal's own agency implements the procedures that name it."""
    from .models import Procedure

    name = portal.name_vi or portal.name
    if portal.level.code == "department":
        agencies = [a for a in {a for a in Procedure.objects.values_list("agency_name", flat=True) if a} if name.startswith(a)]
    elif portal.is_network_root:
        agencies = [UBND_TINH]
    else:
        return 0
    linked = 0
    # save() rather than update(): the search index and the page cache follow saves.
    for procedure in Procedure.objects.filter(agency_name__in=agencies, agency_portal__isnull=True):
        procedure.agency_portal = portal
        procedure.save(update_fields=["agency_portal", "updated_at"])
        linked += 1
    return linked


def _place_blocks(portal):
    for page in portal.root_pages():
        home = page.specific
        if not isinstance(home, HomePage):
            continue
        is_en = page.locale.language_code == "en"
        BlockPlacement.objects.get_or_create(
            page=home,
            block="services.stats",
            defaults={
                "slot": "sidebar",
                "title": "Online public services" if is_en else "Dịch vụ công trực tuyến",
                "limit": 4,
                "sort_order": 20,
            },
        )
        BlockPlacement.objects.get_or_create(
            page=home,
            block="services.search",
            defaults={
                "slot": "sidebar",
                "title": "Administrative procedures" if is_en else "Tra cứu thủ tục hành chính",
                "limit": 5,
                "sort_order": 21,
            },
        )


def load_demo(portal, stdout):
    from cms.cache import bump, purge_portal

    from .models import CATALOGUE_TOPIC

    _ensure_catalogue(stdout)
    linked = _link_agency(portal)
    _place_blocks(portal)
    purge_portal(portal)
    bump(CATALOGUE_TOPIC)
    stdout.write(f"  services: {portal.name}: blocks placed, {linked} procedures linked to the agency portal")
