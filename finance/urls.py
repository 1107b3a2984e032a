from django.urls import path

from .views import account

app_name = "finance"

urlpatterns = [
    path("", account.index, name="index"),
]
