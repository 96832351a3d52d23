"""The Vietnamese catalogue is complete and the compiled one matches it.

`make messages` refreshes locale/*/django.po from the code and templates (CI runs it before
the tests), so a string added without its Vietnamese translation fails here.
"""

import re
from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation

CATALOGUE = Path(settings.BASE_DIR, "locale", "vi", "LC_MESSAGES")


def test_every_string_has_a_vietnamese_translation():
    catalogue = polib.pofile(CATALOGUE / "django.po")
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert missing == []
    assert fuzzy == []


def test_the_compiled_catalogue_is_up_to_date():
    source = {
        (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural.get(0)
        for entry in polib.pofile(CATALOGUE / "django.po").translated_entries()
    }
    compiled = {
        (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural.get(0)
        for entry in polib.mofile(CATALOGUE / "django.mo")
        if entry.msgid
    }
    assert compiled == source


def test_placeholders_survive_translation():
    token = re.compile(r"%\([a-z_]+\)[sd]|\{\{ ?[a-z_.]+ ?\}\}|%[sd]")
    for entry in polib.pofile(CATALOGUE / "django.po").translated_entries():
        translated = entry.msgstr or entry.msgstr_plural.get(0, "")
        assert sorted(token.findall(entry.msgid)) == sorted(token.findall(translated)), entry.msgid


def test_vietnamese_is_what_people_see_by_default():
    with translation.override(settings.LANGUAGE_CODE):
        assert translation.gettext("Log out") == "Đăng xuất"


def test_the_secretariat_has_one_name():
    """“Bộ phận giúp việc” and “thường trực Cụm” are one term: the pages say “Thường trực
    Cụm”."""
    catalogue = polib.pofile(CATALOGUE / "django.po")
    two_names = [
        entry.msgid
        for entry in catalogue.translated_entries()
        if "giúp việc" in (entry.msgstr or entry.msgstr_plural.get(0, "")).lower()
    ]
    assert two_names == []
