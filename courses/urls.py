"""URLs of the online courses (docs/modules.md#online-courses)."""

from django.urls import path

from .views import catalogue, files, learn, moderation

app_name = "courses"

urlpatterns = [
    path("", catalogue.catalogue, name="catalogue"),
    path("my/", catalogue.mine, name="mine"),
    path("<id:pk>/", catalogue.detail, name="detail"),
    path("<id:pk>/enrol/", catalogue.enrol, name="enrol"),
    path("<id:pk>/favourite/", catalogue.favourite, name="favourite"),
    path("<id:pk>/learn/", learn.learn, name="learn"),
    path("<id:pk>/certificate/", learn.certificate, name="certificate"),
    path("lessons/<id:pk>/", learn.lesson, name="lesson"),
    path("lessons/<id:pk>/done/", learn.lesson_done, name="lesson_done"),
    path("lessons/<id:pk>/video/", files.lesson_video, name="lesson_video"),
    path("materials/<id:pk>/", files.material, name="material"),
    path("tests/<id:pk>/start/", learn.test_start, name="test_start"),
    path("moderation/", moderation.moderation, name="moderation"),
    path("moderation/<id:pk>/", moderation.decide, name="decide"),
    path("verify/<str:code>/", learn.verify, name="verify"),
]
