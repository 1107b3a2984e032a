"""Views of the study plan (§2.3): the Curriculum, Registration and IUP tabs, the queues and the transcript."""


def tabs_context(active: str) -> dict:
    return {"active_tab": active}
