from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import PRICES, SORTS


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.SlugField(label=_("Category"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("popular", _("Popularity")), ("name", _("Name")), ("new", _("Newest"))],
    )
    price = forms.ChoiceField(
        label=_("Price"), required=False, choices=[("", _("Any")), ("free", _("Free")), ("paid", _("Paid"))]
    )
    favourites = forms.BooleanField(label=_("Favourites only"), required=False)

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        sort = data.get("sort") or "popular"
        price = data.get("price") or ""
        return {
            "search": data.get("q", ""),
            "category": data.get("category", ""),
            "sort": sort if sort in SORTS else "popular",
            "price": price if price in PRICES else "",
            "favourites": bool(data.get("favourites")),
        }


class EnrolForm(forms.Form):
    notify = forms.BooleanField(label=_("Send me notifications about this course"), required=False, initial=True)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
