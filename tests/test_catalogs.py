"""Every UI string is translated in kk, ru and en: no empty or fuzzy entry in a catalog."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

CATALOGS = sorted(Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/django.po"))


def test_the_three_catalogs_exist():
    assert {path.parts[-3] for path in CATALOGS} == {"kk", "ru", "en"}


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: path.parts[-3])
def test_no_string_is_left_untranslated_or_fuzzy(catalog):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(catalog)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr
