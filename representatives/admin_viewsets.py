"""Invitations and representatives in the admin, for register managers (the permission
representatives.invite_representative): invite by e-mail, see who was invited and who
represents which cooperative, revoke either. Revoking a representative deactivates their
account and unbinds it from the cooperative; revoking an invitation makes its link unusable."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, DeleteView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from .forms import InvitationForm
from .invitations import send_invitation
from .models import Invitation, Representative

PERMISSION = "representatives.invite_representative"


class InvitersOnly(ModelPermissionPolicy):
    """One permission for every action here: inviting, seeing and revoking."""

    def user_has_permission(self, user, action):
        if action in {"add", "view", "delete"}:
            return user.is_active and user.has_perm(PERMISSION)
        return False

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def instances_user_has_permission_for(self, user, action):
        if self.user_has_permission(user, action):
            return self.model.objects.all()
        return self.model.objects.none()


class InviteView(CreateView):
    def save_instance(self):
        self.form.instance.invited_by = self.request.user
        invitation = super().save_instance()
        transaction.on_commit(lambda: send_invitation(invitation))
        return invitation


class InvitationViewSet(ModelViewSet):
    model = Invitation
    icon = "mail"
    menu_label = _("Invitations")
    url_prefix = "representatives/invitations"
    url_namespace = "representatives_invitation"
    add_view_class = InviteView
    copy_view_enabled = False
    list_display = [
        "email",
        "cooperative",
        Column("language", label=_("Language"), accessor="get_language_display"),
        "created_at",
        "accepted_at",
    ]
    search_fields = ["email", "cooperative__name"]

    def get_form_class(self, for_update=False):
        return InvitationForm

    @property
    def permission_policy(self):
        return InvitersOnly(self.model)


class RevokeView(DeleteView):
    def delete_action(self):
        with transaction.atomic():
            user = self.object.user
            super().delete_action()
            user.is_active = False
            user.save(update_fields=["is_active"])


class RepresentativeViewSet(ModelViewSet):
    model = Representative
    icon = "user"
    menu_label = _("Representatives")
    url_prefix = "representatives/people"
    url_namespace = "representatives_representative"
    form_fields = ["reminders"]  # required by the viewset; only deleting (revoking) is offered
    delete_view_class = RevokeView
    copy_view_enabled = False
    list_display = [
        Column("user", label=_("User"), accessor="user"),
        "cooperative",
        "created_at",
    ]
    search_fields = ["user__email", "cooperative__name"]

    @property
    def permission_policy(self):
        return InvitersOnly(self.model)


class RepresentativesGroup(ViewSetGroup):
    items = (InvitationViewSet, RepresentativeViewSet)
    menu_icon = "user"
    menu_label = _("Representatives")
    menu_name = "representatives"
    menu_order = 210
