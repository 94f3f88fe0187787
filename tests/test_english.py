"""The English catalogue: choosing English with the language switcher (/ngon-ngu/) shows the
interface in English; without a choice the site stays in Vietnamese."""

import pytest
from django.utils import translation
from django.utils.html import escape

pytestmark = pytest.mark.django_db

LOGIN = "Đăng nhập"
MY_REPORTS = "Báo cáo của đơn vị"  # the officer's nav entry


def english(msgid):
    """The English catalogue's translation, as it appears in HTML; it must really be English."""
    with translation.override("en"):
        text = translation.gettext(msgid)
    assert text != msgid and text.isascii(), f"{msgid!r} has no English translation"
    return escape(text)


def choose_english(client):
    response = client.post("/ngon-ngu/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client


def test_the_catalogue_has_english_for_the_checked_words():
    # Currently "Log in" and "Committee reports"; the page tests below read them from the catalogue.
    assert english(LOGIN) and english(MY_REPORTS)


def test_login_page_in_english(client_as):
    body = choose_english(client_as(None)).get("/dang-nhap/").content.decode()
    assert english(LOGIN) in body
    assert english("Tên đăng nhập") in body
    assert LOGIN not in body
    assert "Tên đăng nhập" not in body
    assert "Mật khẩu" not in body


def test_home_page_in_english_for_an_officer(personas, client_as):
    body = choose_english(client_as(personas.officer)).get("/").content.decode()
    assert english(MY_REPORTS) in body
    assert english("Đăng xuất") in body
    assert MY_REPORTS not in body
    assert "Đăng xuất" not in body


def test_vietnamese_without_a_choice(personas, client_as):
    login = client_as(None).get("/dang-nhap/").content.decode()
    assert LOGIN in login
    assert english(LOGIN) not in login

    home = client_as(personas.officer).get("/").content.decode()
    assert MY_REPORTS in home
    assert english(MY_REPORTS) not in home


def test_an_english_phone_still_gets_vietnamese_until_english_is_chosen(client_as):
    body = client_as(None).get("/dang-nhap/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert LOGIN in body and english(LOGIN) not in body
    assert 'lang="vi"' in body


# --- the shipped catalogue itself (added by hi18n) -----------------------------------------
def _po_entries():
    """(msgid, msgid_plural, {index: msgstr}, flags) for every live entry of locale/en's django.po."""
    import ast
    from pathlib import Path

    from django.conf import settings

    text = (Path(settings.BASE_DIR) / "locale/en/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    entries = []
    for block in text.split("\n\n"):
        fields, flags, key = {}, set(), None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags.update(f.strip() for f in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"') and key:
                fields[key] += ast.literal_eval(line)
            elif " " in line:
                key, value = line.split(" ", 1)
                fields[key] = ast.literal_eval(value)
        if fields.get("msgid"):
            strs = {int(k[7:-1]): v for k, v in fields.items() if k.startswith("msgstr[")}
            entries.append((fields["msgid"], fields.get("msgid_plural"), strs or {0: fields.get("msgstr", "")}, flags))
    return entries


def test_every_catalogue_entry_is_translated_keeping_its_placeholders():
    import re

    placeholder = re.compile(r"%\([^)]+\)[sd]|%%|\{[a-z_]+\}|</?[a-z]+[^>]*>")
    entries = _po_entries()
    assert len(entries) > 800
    assert [m for m, _, strs, flags in entries if "fuzzy" in flags or not all(strs.values())] == []
    assert [m for m, plural, strs, _ in entries if plural and sorted(strs) != [0, 1]] == []
    assert [
        (m, s)
        for m, _, strs, _ in entries
        for s in strs.values()
        if sorted(placeholder.findall(s)) != sorted(placeholder.findall(m))
    ] == []


def test_compiled_mo_is_in_step_with_the_po():
    import gettext
    from pathlib import Path

    from django.conf import settings

    with open(Path(settings.BASE_DIR) / "locale/en/LC_MESSAGES/django.mo", "rb") as fp:
        mo = gettext.GNUTranslations(fp)
    for msgid, plural, strs, _ in _po_entries():
        if plural:
            assert (mo.ngettext(msgid, plural, 1), mo.ngettext(msgid, plural, 2)) == (strs[0], strs[1]), msgid
        else:
            assert mo.gettext(msgid) == strs[0], msgid


def test_fixed_official_document_wording_stays_vietnamese_and_plurals_work():
    from lib.timewords import time_left_words
    from tests.conftest import local_dt

    with translation.override("en"):
        assert translation.gettext("BÁO CÁO") == "BÁO CÁO"
        assert translation.gettext("Lưu: VT") == "Lưu: VT"
        deadline = local_dt(2022, 6, 14, 23, 59, 59)
        assert time_left_words(deadline, local_dt(2022, 6, 13, 9, 0)) == "1 day left"
        assert time_left_words(deadline, local_dt(2022, 6, 10, 9, 0)) == "4 days left"
        assert time_left_words(deadline, local_dt(2022, 6, 17, 9, 0)) == "3 days overdue"
