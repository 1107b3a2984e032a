"""Kaspi style payments: the payer starts in Kaspi's app with their student ID as the account, and Kaspi's server
calls one endpoint, finance:callback_kaspi, as its published provider protocol does:

- `command=check&txn_id=…&account=…&sum=…`: does the account exist (result 0) or not (5)?
- `command=pay&txn_id=…&txn_date=…&account=…&sum=…`: credit it, once per txn_id. A replay answers the same
  result and our id (prv_txn) without posting again; a replay with another account or sum is refused (300).
- `command=notify&txn_id=…`: where an earlier pay stands (0 credited, 1 not known yet); posts nothing.

The answer is XML (`<response><txn_id/><prv_txn/><sum/><result/><comment/></response>`). Every call carries
`sign`: hex HMAC-SHA256 with the shared KASPI_SECRET over the other parameters sorted by name, `k=v` joined by
`&` (`canonical_query`). Unsigned or forged → 403 and nothing is read or posted.
"""

from xml.sax.saxutils import escape

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext_lazy

from people.models import StudentRecord

from ..models import TopUp
from ..money import money_parse
from .base import Provider, signature_valid

OK, RETRY, NO_ACCOUNT, ERROR = 0, 1, 5, 300
FIELDS = ("txn_id", "prv_txn", "sum", "result", "comment")


def canonical_query(params) -> str:
    return "&".join(f"{key}={params[key]}" for key in sorted(params) if key != "sign")


def answer(status: int = 200, **values) -> HttpResponse:
    body = "".join(f"<{name}>{escape(str(values[name]))}</{name}>" for name in FIELDS if values.get(name) is not None)
    xml = f'<?xml version="1.0" encoding="UTF-8"?>\n<response>{body}</response>'
    return HttpResponse(xml, content_type="application/xml; charset=utf-8", status=status)


class KaspiProvider(Provider):
    code = "kaspi"
    label = gettext_lazy("Kaspi.kz")
    student_starts = False  # the payer starts in Kaspi's app: our page says which account number to give

    def handle_callback(self, request):
        from ..services.topups import topup_external_post

        source = request.GET if request.method == "GET" else request.POST
        params = {key: source.get(key) for key in source}
        if not signature_valid(settings.KASPI_SECRET, canonical_query(params), params.get("sign")):
            return answer(403, result=ERROR, comment="Forbidden")
        command, txn_id = params.get("command"), params.get("txn_id") or ""
        if not txn_id or len(txn_id) > 64:
            return answer(txn_id=txn_id, result=ERROR, comment="No txn_id")
        if command == "notify":
            topup = TopUp.objects.filter(provider=self.code, external_id=txn_id, status=TopUp.Status.POSTED).first()
            if topup is None:
                return answer(txn_id=txn_id, result=RETRY, comment="Unknown")
            return answer(txn_id=txn_id, prv_txn=topup.pk, sum=topup.amount, result=OK, comment="OK")
        if command not in ("check", "pay"):
            return answer(txn_id=txn_id, result=ERROR, comment="Unknown command")
        student = StudentRecord.objects.filter(student_number=params.get("account") or "").first()
        if student is None:
            return answer(txn_id=txn_id, result=NO_ACCOUNT, comment="Account not found")
        try:
            amount = money_parse(params.get("sum"))
        except ValidationError:
            return answer(txn_id=txn_id, result=ERROR, comment="Wrong sum")
        if command == "check":
            return answer(txn_id=txn_id, sum=amount, result=OK, comment="OK")
        try:
            topup, _posted = topup_external_post(provider=self.code, external_id=txn_id, student=student, amount=amount)
        except ValidationError:
            return answer(txn_id=txn_id, result=ERROR, comment="txn_id already used for another payment")
        return answer(txn_id=txn_id, prv_txn=topup.pk, sum=topup.amount, result=OK, comment="OK")
