"""The invitee's page and the reminders' opt-out, inside the language prefixes
(config/urls.py): /it/invito/<token>/, /en/invitation/<token>/, and …/reminders/<token>/."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

urlpatterns = [
    path(_("reminders/<str:token>/"), views.opt_out, name="representatives_opt_out"),
    path("<str:token>/", views.accept_invitation, name="representatives_accept"),
]
