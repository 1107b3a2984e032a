from django.contrib import admin
from django.utils.translation import gettext_lazy as _

# The registrar's office works here every day: our own words instead of Django's "Django site admin".
admin.site.site_header = _("Student cabinet: administration")
admin.site.site_title = _("Student cabinet administration")
admin.site.index_title = _("Reference data and the registrar's office")
