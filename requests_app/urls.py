from django.urls import path

from .views import office, student

app_name = "requests"

urlpatterns = [
    path("", student.index, name="index"),
    path("add/", student.create, name="create"),
    path("<id:pk>/", student.detail, name="detail"),
    path("<id:pk>/withdraw/", student.cancel, name="cancel"),
    path("files/<id:pk>/", student.file, name="file"),
    path("office/", office.queue, name="queue"),
    path("office/<id:pk>/", office.review, name="review"),
]
