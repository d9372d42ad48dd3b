"""Generated people for the demo book: Chinese names, ID-card numbers, mobile numbers, addresses (SPEC §2).

Everything here is made up from one ``random.Random``: names are random combinations of common surnames
(single and compound) and given-name characters, ID numbers are built from a real county code, a birth date and
a sequence whose parity is the gender, closed by the GB 11643 check character; e-mail addresses use the
reserved ``example.*`` domains and streets are invented, so no record belongs to a real person.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from rmdesk.services.identity import id_check_char
from rmdesk.services.names import initials

# Common single surnames, most frequent first (weights fall off with rank), and compound surnames (~2%).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单解查"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "令狐", "夏侯")
_MALE_CHARS = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林阳建国志文博晨子轩浩然思远嘉诚天佑"
_FEMALE_CHARS = "芳娜敏静丽艳娟霞秀玲桂英慧莹雪琳晶颖倩婷欣怡佳悦梦琪雨萱诗涵紫萱梓晴可馨思彤语桐若曦"
_NEUTRAL_CHARS = "文华明玉春晓海云新安永德立家成雅清宏一心诺"

# (county code for the ID number, province/city for addresses). The codes are real administrative divisions.
REGIONS = (
    ("110101", "北京市东城区"),
    ("110105", "北京市朝阳区"),
    ("110108", "北京市海淀区"),
    ("120101", "天津市和平区"),
    ("310101", "上海市黄浦区"),
    ("310104", "上海市徐汇区"),
    ("310105", "上海市长宁区"),
    ("310110", "上海市杨浦区"),
    ("310112", "上海市闵行区"),
    ("310115", "上海市浦东新区"),
    ("320102", "江苏省南京市玄武区"),
    ("320505", "江苏省苏州市虎丘区"),
    ("330106", "浙江省杭州市西湖区"),
    ("330203", "浙江省宁波市海曙区"),
    ("340104", "安徽省合肥市蜀山区"),
    ("350203", "福建省厦门市思明区"),
    ("360102", "江西省南昌市东湖区"),
    ("370202", "山东省青岛市市南区"),
    ("410105", "河南省郑州市金水区"),
    ("420106", "湖北省武汉市武昌区"),
    ("430104", "湖南省长沙市岳麓区"),
    ("440106", "广东省广州市天河区"),
    ("440305", "广东省深圳市南山区"),
    ("500103", "重庆市渝中区"),
    ("510104", "四川省成都市锦江区"),
    ("610113", "陕西省西安市雁塔区"),
)
# Where clients live now: mostly around the branch (上海), some elsewhere.
HOME_CITIES = (
    ("上海市浦东新区", 30),
    ("上海市徐汇区", 12),
    ("上海市黄浦区", 8),
    ("上海市长宁区", 8),
    ("上海市闵行区", 10),
    ("上海市杨浦区", 7),
    ("江苏省苏州市工业园区", 5),
    ("浙江省杭州市西湖区", 4),
    ("北京市朝阳区", 3),
    ("广东省深圳市南山区", 3),
    ("江苏省南京市鼓楼区", 2),
)
_STREET_1 = "明华安康兴和宁新丰锦瑞祥泰永春秋嘉荣德盛昌隆景云松竹梅兰"
_STREET_2 = ("路", "街", "大道", "路", "路")
OCCUPATIONS = (
    ("企业主", 14),
    ("公司职员", 18),
    ("企业高管", 12),
    ("个体工商户", 8),
    ("医生", 5),
    ("教师", 5),
    ("律师", 3),
    ("会计师", 3),
    ("工程师", 9),
    ("公务员", 3),
    ("自由职业", 7),
    ("科研人员", 3),
    ("销售经理", 5),
    ("设计师", 2),
    ("IT从业人员", 6),
)
_MOBILE_PREFIXES = tuple(
    f"1{d}"
    for d in (
        *range(30, 40),
        50,
        51,
        52,
        53,
        55,
        56,
        57,
        58,
        59,
        66,
        75,
        76,
        77,
        78,
        *range(80, 90),
        91,
        93,
        *range(95, 100),
    )
)
_EMAIL_DOMAINS = ("example.com", "example.net", "example.org")
RM_NAMES = ("张经理", "李经理", "王经理", "刘经理", "陈经理", "杨经理")


@dataclass(frozen=True)
class Person:
    """One generated client's personal data."""

    name: str
    gender: str  # 男 / 女
    birth_date: date
    id_no: str
    phone: str
    email: str | None
    address: str
    occupation: str


_SURNAME_WEIGHTS = tuple(1.0 / (rank + 6) for rank in range(len(SURNAMES)))


def _weighted(rng: random.Random, options: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def make_name(rng: random.Random, gender: str) -> str:
    """A plausible name: a surname (common ones more often, ~2% compound) and one or two given characters."""
    if rng.random() < 0.02:
        surname = rng.choice(COMPOUND_SURNAMES)
    else:
        # Rank-weighted like the census: 王/李/张 about 7% each, the tail thinning out.
        surname = rng.choices(SURNAMES, weights=_SURNAME_WEIGHTS)[0]
    pool = _MALE_CHARS if gender == "男" else _FEMALE_CHARS
    first = rng.choice(pool if rng.random() < 0.8 else _NEUTRAL_CHARS)
    if rng.random() < 0.3:
        return surname + first
    return surname + first + rng.choice(pool)


def make_id_number(rng: random.Random, region: str, birth: date, gender: str) -> str:
    """18 characters: county code, YYYYMMDD, a 3-digit sequence (odd = male), GB 11643 check character."""
    seq = rng.randrange(0, 500) * 2 + (1 if gender == "男" else 0)
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_check_char(first17)


def make_phone(rng: random.Random) -> str:
    return rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def make_address(rng: random.Random) -> str:
    city = _weighted(rng, HOME_CITIES)
    street = rng.choice(_STREET_1) + rng.choice(_STREET_1) + rng.choice(_STREET_2)
    if rng.random() < 0.5:
        return f"{city}{street}{rng.randint(1, 999)}弄{rng.randint(1, 40)}号{rng.randint(1, 30)}0{rng.randint(1, 4)}室"
    return f"{city}{street}{rng.randint(1, 2000)}号{rng.randint(1, 12)}栋{rng.randint(1, 33)}0{rng.randint(1, 6)}室"


def make_people(rng: random.Random, n: int, as_of: date) -> list[Person]:
    """``n`` distinct people born 1950–2000 with unique ID numbers and unique mobile numbers."""
    start, span = date(1950, 1, 1), (date(2000, 12, 31) - date(1950, 1, 1)).days
    ids: set[str] = set()
    phones: set[str] = set()
    people: list[Person] = []
    while len(people) < n:
        gender = "男" if rng.random() < 0.56 else "女"
        birth = start + timedelta(days=rng.randrange(span + 1))
        region = rng.choice(REGIONS)[0]
        id_no = make_id_number(rng, region, birth, gender)
        phone = make_phone(rng)
        if id_no in ids or phone in phones:
            continue
        ids.add(id_no)
        phones.add(phone)
        name = make_name(rng, gender)
        age = as_of.year - birth.year
        occupation = "退休人员" if age >= 63 and rng.random() < 0.8 else _weighted(rng, OCCUPATIONS)
        email = make_email(rng, initials(name), birth)
        people.append(Person(name, gender, birth, id_no, phone, email, make_address(rng), occupation))
    return people


def make_email(rng: random.Random, initials: str, birth: date) -> str | None:
    """About four in five clients leave an e-mail; always on a reserved example domain."""
    if rng.random() < 0.2:
        return None
    tail = f"{birth:%Y}" if rng.random() < 0.5 else f"{rng.randrange(100, 10000)}"
    return f"{initials or 'client'}{tail}@{rng.choice(_EMAIL_DOMAINS)}"


_NOTES = (
    "客户偏好电话联系，工作日下午方便接听",
    "关注分红与高股息品种",
    "家庭资产由客户本人打理，配偶不参与交易",
    "曾参加营业部投资者教育活动",
    "出差较多，重要通知请同时发送短信",
    "对融资利率较敏感，询问过优惠方案",
)
_TAGS = ("长期持有", "偏好科技股", "红利策略", "波段交易", "需重点关注", "老客户", "机构背景", "家族账户")


@dataclass(frozen=True)
class ClientProfile:
    """A client's record apart from the personal data: suitability, experience, assets, tier, RM, flags."""

    client_no: str
    person: Person
    risk_level: int
    risk_assessed_on: date
    investor_type: str
    tier: str
    trading_since: date
    avg_assets_li: int
    rm: int | None  # index into the demo RMs; None = unassigned
    status: str
    dormant: bool
    notes: str | None
    tags: str


def years_before(d: date, years: int) -> date:
    """The same calendar date ``years`` earlier (29 Feb → 28 Feb), the inverse of the assessment's expiry rule."""
    try:
        return d.replace(year=d.year - years)
    except ValueError:
        return d.replace(year=d.year - years, day=28)


def make_profile(
    rng: random.Random,
    index: int,
    person: Person,
    flags: set[str],
    *,
    tier: str,
    size_li: int,
    opened_on: date,
    as_of: date,
    n_rms: int,
) -> ClientProfile:
    """Suitability and history consistent with the account's flags (C3, assessment expiring or expired)."""
    since_open = (as_of - opened_on).days
    if "c3" in flags:
        level, assessed = 3, as_of - timedelta(days=rng.randint(1, 365))
    else:
        level = 5 if rng.random() < 0.4 else 4
        if "assess_soon" in flags:  # expires (2 years on) within the next 30 days
            assessed = years_before(as_of + timedelta(days=rng.randint(0, 30)), 2)
        elif "assess_expired" in flags:
            assessed = years_before(as_of - timedelta(days=rng.randint(1, 200)), 2)
        elif since_open < 700:
            assessed = opened_on - timedelta(days=rng.randint(1, 30))
        else:
            assessed = as_of - timedelta(days=rng.randint(1, 690))
    professional = "professional" in flags
    if professional and rng.random() < 0.3:
        trading_since = opened_on - timedelta(days=rng.randint(20, 150))
    else:
        trading_since = opened_on - timedelta(days=183 + rng.randint(0, 15 * 365))
    trading_since = max(trading_since, years_before(person.birth_date, -18))  # not before turning 18
    avg_assets = size_li * rng.randint(80, 130) // 100 // 10 * 10
    rm = None if rng.random() < 0.01 else min(n_rms - 1, int(rng.random() ** 1.2 * n_rms))
    notes = rng.choice(_NOTES) if rng.random() < 0.15 else None
    tags = ",".join(rng.sample(_TAGS, rng.randint(1, 2))) if rng.random() < 0.3 else ""
    return ClientProfile(
        client_no=f"1088{index + 1:06d}",
        person=person,
        risk_level=level,
        risk_assessed_on=assessed,
        investor_type="专业投资者" if professional else "普通投资者",
        tier=tier,
        trading_since=trading_since,
        avg_assets_li=avg_assets,
        rm=rm,
        status="冻结" if "frozen" in flags else "正常",
        dormant="dormant" in flags,
        notes=notes,
        tags=tags,
    )


def controller_groups(rng: random.Random, n: int) -> list[list[int]]:
    """Disjoint groups of 2–4 client indexes under one actual controller (the first of each group)."""
    count = max(2, n // 100)
    pool = rng.sample(range(n), min(n, count * 4))
    groups: list[list[int]] = []
    at = 0
    for _ in range(count):
        size = rng.randint(2, 4)
        if at + size > len(pool):
            break
        groups.append(pool[at : at + size])
        at += size
    return groups
