from django.urls import path

from . import views

app_name = "documents"

# Mounted at the site's root (config/urls.py): the public page keeps its printed address /verify/<code>/.
urlpatterns = [
    path("verify/<str:code>/", views.verify, name="verify"),
    path("documents/certificates/<str:code>/pdf/", views.document_file, name="file"),
    path("documents/certificates/<str:code>/revoke/", views.revoke, name="revoke"),
    path("documents/group-certificates/", views.group_certificates, name="group_certificates"),
    path("documents/jobs/<id:pk>/", views.job, name="job"),
    path("documents/jobs/<id:pk>/zip/", views.job_file, name="job_file"),
]
