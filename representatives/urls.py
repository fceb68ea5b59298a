"""The invitee's page, inside the language prefixes (config/urls.py): /it/invito/<token>/,
/en/invitation/<token>/."""

from django.urls import path

from . import views

urlpatterns = [path("<str:token>/", views.accept_invitation, name="representatives_accept")]
