"""The privacy filter (SPEC §5): every usual form of a phone, ID number or name is caught."""

from __future__ import annotations

import json
import re
from urllib.parse import unquote

from bs4 import BeautifulSoup
from hypothesis import example, given, settings
from hypothesis import strategies as st

from battlemap.privacy import AddedNames, Privacy, collision_suffixes, expanding, fold
from battlemap.text import render_markdown

ZH_PHONE, ZH_ID = "［手机号已隐藏］", "［身份证号已隐藏］"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
SEPARATORS = st.sampled_from(["", "", " ", "-", ".", " - ", "\u3000", "－", "．", "\xa0"])


def privacy(*customers: str, show_names: bool = False, agent: str = "") -> Privacy:
    return Privacy(customers, show_names, "zh-CN", [agent])


@st.composite
def written_number(draw, digits: str) -> str:
    """Return digits as people write them: separators between groups, full-width digits."""
    out = digits[0]
    for ch in digits[1:]:
        out += draw(SEPARATORS) if draw(st.integers(0, 3)) == 0 else ""
        out += ch
    return out.translate(FULL_WIDTH) if draw(st.booleans()) else out


MOBILES = st.builds(lambda d: "1" + d, st.text("0123456789", min_size=10, max_size=10))
PREFIXES = st.sampled_from(
    ["", "", "+86", "+86 ", "+86-", "86", "0086 ", "(+86)", "（+86）", "(86) "]
)
AROUND = st.sampled_from(
    [("", ""), ("电话：", "。"), ("call ", " now"), ("tel:", ","), ("（", "）")]
)


@settings(max_examples=300, deadline=None)
@given(MOBILES.flatmap(written_number), PREFIXES, AROUND)
def test_a_mobile_number_in_any_usual_form_is_redacted(number, prefix, around):
    text = f"{around[0]}{prefix}{number}{around[1]}"
    clean = privacy().text(text)
    assert clean == f"{around[0]}{ZH_PHONE}{around[1]}", text


IDS = st.builds(
    lambda d, last: d + last,
    st.text("0123456789", min_size=17, max_size=17),
    st.sampled_from(list("0123456789Xx")),
)


@settings(max_examples=300, deadline=None)
@given(IDS.flatmap(written_number), AROUND)
def test_an_id_number_with_spaces_full_width_digits_or_small_x_is_redacted(number, around):
    number = number[:-1] + {"X": "Ｘ"}.get(number[-1], number[-1]) if number[-1] == "X" else number
    text = f"{around[0]}{number}{around[1]}"
    assert privacy().text(text) == f"{around[0]}{ZH_ID}{around[1]}", text


def test_numbers_that_are_no_phone_stay():
    p = privacy()
    for text in ("保费 12,000.50", "2026-01-05 13:30", "第 10 周", "1234567890", "123456789012"):
        assert p.text(text) == text


@st.composite
def respelt(draw, name: str) -> str:
    """Return a name as a careless hand writes it: another case, spaces, full-width letters."""
    out = []
    for i, ch in enumerate(name):
        if i and draw(st.integers(0, 4)) == 0:
            out.append(draw(st.sampled_from([" ", "\u3000", "\xa0", "\u200b", "  "])))
        ch = draw(st.sampled_from([ch, ch.upper(), ch.lower()]))
        if "!" <= ch <= "~" and draw(st.booleans()):
            ch = chr(ord(ch) + 0xFEE0)
        out.append(ch)
    return "".join(out)


NAMES = st.sampled_from(["John Smith", "岳飞", "欧阳修文", "Li Na", "马云飞"])


@settings(max_examples=300, deadline=None)
@given(NAMES.flatmap(lambda n: st.tuples(st.just(n), respelt(n))))
def test_a_name_in_another_case_or_spacing_is_masked(pair):
    name, written = pair
    clean = privacy(name).text(f"约了{written}下周见")
    assert clean == f"约了{name[0]}**下周见", written


def test_latin_names_are_masked_only_as_whole_words():
    p = privacy("Li Na", "Al")
    assert p.text("client alpha, LI NA and al") == "client alpha, L** and A**"


def test_the_agent_s_own_name_stays_even_when_it_holds_a_customer_s():
    p = privacy("王小", agent="王小明")
    assert p.text("王小明拜访了王小") == "王小明拜访了王**"


def test_show_names_keeps_names_but_still_redacts_numbers():
    p = privacy("岳飞", show_names=True)
    assert p.text("岳飞 138-1234-5678") == f"岳飞 {ZH_PHONE}"


def test_masked_names_in_markdown_stay_text_never_emphasis():
    """Two masked names in one paragraph must not become <strong> (issue 7, item 1)."""
    p = privacy("马云飞", "高晓松")
    page = p.html(render_markdown(p.numbers("马云飞介绍了生意伙伴高晓松。")))
    soup = BeautifulSoup(page, "html.parser")
    assert soup.find(["strong", "em", "b"]) is None
    assert soup.get_text() == "马**介绍了生意伙伴高**。"


def test_names_written_as_html_entities_are_masked():
    p = privacy("岳飞")
    written = "".join(f"&#{ord(c)};" for c in "岳飞") + " and &#x5CB3;&#x98DE;"
    text = BeautifulSoup(p.html(render_markdown(written)), "html.parser").get_text()
    assert text == "岳** and 岳**"


def test_chart_specs_and_readable_attributes_are_filtered_but_geometry_is_not():
    p = privacy("岳飞")
    spec = json.dumps({"data": {"values": [{"label": "拜访岳飞", "v": 1.2345678901}]}})
    page = (
        '<svg><path d="M1.2345678901,2"/><g aria-label="series: 岳飞"><text>岳飞</text></g></svg>'
        f'<script type="application/json" class="chart-spec">{spec}</script><p title="岳飞">x</p>'
    )
    out = p.html(page)
    assert "岳飞" not in out
    assert 'd="M1.2345678901,2"' in out  # a path's coordinates are no phone number
    assert json.loads(re.search(r"<script[^>]*>(.*?)</script>", out)[1]) == {
        "data": {"values": [{"label": "拜访岳**", "v": 1.2345678901}]}
    }


def test_links_that_spell_a_name_are_masked_too():
    p = privacy("岳飞")
    out = p.html('<a href="notes/%E5%B2%B3%E9%A3%9E.html">x</a><a href="../q1.html">y</a>')
    assert "岳飞" not in unquote(out)
    assert 'href="../q1.html"' in out


def test_metrics_data_is_filtered_keys_and_values():
    p = privacy("岳飞")
    assert p.data({"name": "岳飞冲刺", "list": ["岳飞", 3], "岳飞": None}) == {
        "name": "岳**冲刺",
        "list": ["岳**", 3],
        "岳**": None,
    }


def test_customers_whose_masks_collide_get_a_stable_suffix():
    names = ["郭靖", "郭襄", "郭破虏", "黄蓉"]
    p = privacy(*names)
    masks = [p.name(n) for n in names]
    assert len(set(masks)) == 4
    assert masks[3] == "黄**"  # no collision: no suffix
    assert all(re.fullmatch(r"郭\*\*·[0-9a-f]{2,}", m) for m in masks[:3]), masks
    # stable: another customer elsewhere in the alphabet changes nothing
    assert [privacy(*names, "郭芙", "李四").name(n) for n in names[:3]] == masks[:3]
    # the same suffix where the name sits inside free text
    assert p.text("郭靖和郭襄") == f"{masks[0]}和{masks[1]}"


@given(st.lists(st.text("郭王李ab", min_size=1, max_size=3), min_size=2, max_size=40, unique=True))
def test_suffixes_tell_every_colliding_customer_apart(names):
    p = privacy(*names)
    assert len({p.name(n) for n in names}) == len({n.strip() for n in names if n.strip()})
    assert set(collision_suffixes(names)) <= set(names)


def test_a_calendar_s_event_text_is_filtered_and_folded_again():
    p = privacy("岳飞")
    long = "续期提醒：岳飞\\, 健康险" + "，请电话 138-1234-5678 联系" * 3
    calendar = (
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:renewal-13812345678@battlemap\r\n"
        f"SUMMARY:{long[:30]}\r\n {long[30:]}\r\nDTSTART;VALUE=DATE:20260305\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    out = p.ics(calendar)
    lines = out.split("\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    unfolded = out.replace("\r\n ", "")
    summary = next(line for line in unfolded.split("\r\n") if line.startswith("SUMMARY:"))
    assert summary == "SUMMARY:续期提醒：岳**\\, 健康险" + f"，请电话 {ZH_PHONE} 联系" * 3
    assert "UID:renewal-13812345678@battlemap" in lines  # identifiers are no text
    assert "DTSTART;VALUE=DATE:20260305" in lines


def test_a_page_filtered_before_a_customer_was_added_fits_unless_it_names_them():
    from battlemap.privacy import Privacy

    old = Privacy(["张三丰", "李四"], False, "zh-CN")
    new = Privacy(["张三丰", "李四", "王五"], False, "zh-CN")
    assert new.still_fits("<p>张三丰 来过</p>", old)
    assert not new.still_fits("<p>王五 来过</p>", old)  # the new customer is in the page
    assert not new.still_fits("<p>王 五 来过</p>", old)  # in any spacing
    # a new customer whose mask collides with a known one gives the known one a suffix
    collides = Privacy(["张三丰", "李四", "张无忌"], False, "zh-CN")
    assert not collides.still_fits("<p>张三丰 来过</p>", old)
    assert not Privacy(["张三丰", "李四"], True, "zh-CN").still_fits("<p>x</p>", old)


def test_a_page_still_fits_a_filter_that_adds_names_unless_it_holds_one_of_them():
    old = privacy("张伟", "王芳")
    new = privacy("张伟", "王芳", "李小明", "Anna Li")
    assert new.still_fits("<p>张** 与 王** 的复盘</p>", old)
    for page in (
        "<td>李小明</td>",
        "<td>李 小\u200b明</td>",  # spaced, a zero-width space inside
        "<td>ANNA  LI</td>",
        "<td>Ａｎｎａ Ｌｉ</td>",  # full-width letters
    ):
        assert not new.still_fits(page, old), page
    # one Chinese name added: searched as written; a name another filter masks otherwise
    # (a new suffix for a colliding name) refilters every page
    assert not privacy("李小明", "张伟").still_fits("<td>李\u3000小明</td>", privacy("张伟"))
    assert not privacy("张伟", "张三").still_fits("<p>nothing</p>", privacy("张伟"))


def test_a_filter_that_adds_a_name_reuses_texts_that_do_not_name_it():
    old = privacy("张伟")
    assert old.text("张伟 说 预算紧张") == "张** 说 预算紧张"
    new = privacy("张伟", "李小明3")
    new.inherit(old)
    assert new.text("张伟 说 预算紧张") == "张** 说 预算紧张"
    assert new.text("李小明 3 推荐了 张伟") == "李** 推荐了 张**"  # the added name, spaced
    third = privacy("张伟", "李小明3", "Anna")
    third.inherit(new)
    assert third.text("ANNA 与 李小明3") == "A** 与 李**"
    assert third.text("张伟 说 预算紧张") == "张** 说 预算紧张"


def test_the_added_names_pattern_relies_on_what_python_folds():
    # every character casefold() expands is in the pattern's exceptions (all below U+10000)
    every = [chr(c) for c in range(0x110000)]
    assert {ch for ch in every if len(ch.casefold()) > 1} == {
        ch for ch in every[:0x10000] if expanding().fullmatch(ch)
    }
    # and every single-character fold is a case-insensitive match of the pattern
    assert all(
        re.fullmatch(re.escape(ch.casefold()), ch, re.I) for ch in every if len(ch.casefold()) == 1
    )


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(list("李小明KkſsSß ａＡAnaN\u200b\u3000-·") + ["Anna", "李小明"])))
def test_added_names_are_found_as_the_folded_search_finds_them(pieces: list[str]):
    text = "".join(pieces)
    added = AddedNames(["李小明", "anna", "ks"])
    assert added.found_in(text) == added.finder.search(fold(text))


# --- a filter grown from the last one is the filter made afresh ---------------------------

GROWN_NAMES = st.lists(
    st.text(st.sampled_from("王芳李雷张三丰ＡaBbß \u200b·"), min_size=1, max_size=4),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(GROWN_NAMES, GROWN_NAMES, st.booleans(), st.lists(st.sampled_from(["王芳", "张三"])))
@example(["ba"], ["Ba"], True, [])  # the key `ba` now stands for `Ba`, masked `B**`
@example(["王芳"], ["王芳芳"], True, [])  # 王** now two names: both get a suffix
def test_a_filter_following_another_is_the_filter_made_afresh(before, added, more, colleagues):
    names = before + added if more else added  # grown, or another set of names altogether
    old = Privacy(before, False, "zh-CN", colleagues)
    old.html("<p>" + " ".join(before) + "</p>")  # it has filtered something: its caches hold
    grown = Privacy.following(old, names, False, "zh-CN", colleagues)
    fresh = Privacy(names, False, "zh-CN", colleagues)
    assert grown.key == fresh.key
    assert (grown._suffix, grown._by_key) == (fresh._suffix, fresh._by_key)
    assert list(grown._names.finditer(fold("".join(names)))) == list(
        fresh._names.finditer(fold("".join(names)))
    )
    fresh.inherit(Privacy(before, False, "zh-CN", colleagues))  # as serve's filters did
    for text in [*names, " ".join(before), " ".join(added) + "。"]:
        page = f"<p>{text}</p>"
        assert grown.still_fits(page, old) == fresh.still_fits(page, old), text
        assert grown.html(page) == fresh.html(page)
        assert grown.text(text) == fresh.text(text)
