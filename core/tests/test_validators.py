"""Links are read as a browser reads them (issue 9, part 7.8)."""

import pytest
from django.core.exceptions import ValidationError

from core.validators import SafeLinkValidator, link_is_safe

LINKEDIN = {"hosts": ("linkedin.com",)}
CABINET_OR_WEB = {"allow_path": True, "schemes": ("http", "https")}


@pytest.mark.parametrize(
    "url",
    [
        "https://www.linkedin.com/in/username",
        "https://linkedin.com/in/username/",
        "https://kz.linkedin.com/in/айгерім-болатқызы",
        "https://WWW.LinkedIn.com/in/x?trk=profile#top",
        "https://ｗｗｗ.linkedin.com/in/x",  # full-width letters: the browser maps them to www
    ],
)
def test_linkedin_profiles_pass(url):
    assert link_is_safe(url, **LINKEDIN)


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example\\@www.linkedin.com/in/x",  # a browser opens evil.example
        "https://evil.example@www.linkedin.com/in/x",
        "https://user:secret@www.linkedin.com/in/x",
        "https://www.linkedin.com\\.evil.example/in/x",
        "https://www.linkedin.com%2f@evil.example/in/x",
        "https://www.linkedin.com.evil.example/in/x",
        "https://evillinkedin.com/in/x",
        "http://www.linkedin.com/in/x",
        "javascript:alert(1)//www.linkedin.com",
        "https:www.linkedin.com/in/x",
        "https://www.link\tedin.com/in/x",
        "https://www.linkedin.com/in/x\n",
        "https://www.linkedin.com:99999/in/x",
        "https://www..linkedin.com/in/x",
        "//www.linkedin.com/in/x",
        "",
    ],
)
def test_links_a_browser_would_open_elsewhere_are_refused(url):
    assert not link_is_safe(url, **LINKEDIN)


@pytest.mark.parametrize(
    "url", ["/testing/12/", "/testing/?exam=3", "https://moodle.example.kz/quiz/1", "http://lms.example.kz:8080/t"]
)
def test_exam_links_inside_the_cabinet_or_on_the_web_pass(url):
    assert link_is_safe(url, **CABINET_OR_WEB)


@pytest.mark.parametrize(
    "url",
    [
        "/\\evil.example/",  # a browser reads //evil.example/
        "//evil.example/",
        "/\t/evil.example/",  # the tab is dropped: //evil.example/
        "https://evil.example\\@moodle.example.kz/",
        "https://x@evil.example/",
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://files.example.kz/test",
        "testing/12/",
    ],
)
def test_exam_links_that_leave_for_another_site_are_refused(url):
    assert not link_is_safe(url, **CABINET_OR_WEB)


def test_the_validator_raises_its_message():
    validator = SafeLinkValidator(hosts=("linkedin.com",), message="Not a LinkedIn profile.")
    validator("https://www.linkedin.com/in/x")
    with pytest.raises(ValidationError, match="Not a LinkedIn profile."):
        validator("https://evil.example\\@www.linkedin.com/in/x")
    assert validator == SafeLinkValidator(hosts=("LinkedIn.com",), message="Not a LinkedIn profile.")
