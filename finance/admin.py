"""Finance in Django admin: the office sets tuition fees; the ledger itself is read only (legs are append-only,
a correction is a reversing transaction posted by a service)."""

from django.contrib import admin

from people.permissions import ReadOnlyAdminMixin, RegistrarAdminMixin

from .models import Account, Discount, Leg, TopUp, Transaction, TuitionCharge, TuitionFee


@admin.register(TuitionFee)
class TuitionFeeAdmin(RegistrarAdminMixin, admin.ModelAdmin):
    list_display = ("programme", "term", "amount", "due_date")
    list_filter = ("term",)
    list_select_related = ("programme", "term__academic_year")


class ReadOnlyAdmin(ReadOnlyAdminMixin, RegistrarAdminMixin, admin.ModelAdmin):
    pass


class LegInline(admin.TabularInline):
    model = Leg
    extra = 0
    can_delete = False
    readonly_fields = ("account", "amount", "currency")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Transaction)
class TransactionAdmin(ReadOnlyAdmin):
    list_display = ("pk", "posted_at", "kind", "student", "reference")
    list_filter = ("kind",)
    search_fields = ("student__student_number", "reference")
    list_select_related = ("student__user",)
    inlines = [LegInline]


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    list_display = ("pk", "kind", "type", "student", "code", "currency")
    list_filter = ("kind",)
    list_select_related = ("student__user",)


@admin.register(TopUp)
class TopUpAdmin(ReadOnlyAdmin):
    list_display = ("invoice_id", "student", "provider", "amount", "status", "created_at")
    list_filter = ("provider", "status")
    list_select_related = ("student__user",)


@admin.register(TuitionCharge)
class TuitionChargeAdmin(ReadOnlyAdmin):
    list_display = ("student", "term", "amount", "due_date")
    list_select_related = ("student__user", "term__academic_year")


@admin.register(Discount)
class DiscountAdmin(ReadOnlyAdmin):
    list_display = ("student", "term", "mode", "value", "amount", "approved_by")
    list_select_related = ("student__user", "term__academic_year", "approved_by")
