from django.db import transaction

from ..models import IndividualPlan, IUPEvent


@transaction.atomic
def iup_plan_changed(*, student, term, actor) -> IndividualPlan | None:
    """A registration changed (add/drop) after the plan was signed: restart the signature chain.

    SPEC §2.3.2 / issue 3: any change after a signature restarts the chain and keeps the history; the
    signatures of earlier rounds stay as they were.
    """
    plan = IndividualPlan.objects.select_for_update().filter(student=student, term=term).first()
    if plan is None or plan.status == IndividualPlan.Status.DRAFT:
        return plan
    plan.round += 1
    plan.status = IndividualPlan.Status.DRAFT
    plan.save(update_fields=["round", "status", "updated_at"])
    IUPEvent.objects.create(plan=plan, action=IUPEvent.Action.RESTARTED, round=plan.round, actor=actor)
    return plan
