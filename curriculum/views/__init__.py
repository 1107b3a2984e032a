"""Views of the study plan (SPEC §2.3): the Curriculum and Registration tabs; the IUP tab lives beside them."""

from django.urls import NoReverseMatch, reverse


def iup_tab_url() -> str | None:
    """The IUP tab's address once its view exists (it is built in its own module); until then no tab."""
    try:
        return reverse("study_plan:iup")
    except NoReverseMatch:
        return None


def tabs_context(active: str) -> dict:
    return {"active_tab": active, "iup_url": iup_tab_url()}
