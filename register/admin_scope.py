"""Who may act on which cooperatives in the admin, beside the groups' model permissions.

The register knows nothing of the people bound to one cooperative (representatives, an app
above it): such an app registers a function with the `cooperative_admin_scope` hook that gives,
for a user, the `Scope` they are confined to, or None for everyone else (whose model
permissions decide, as before). The Cooperative viewset (wagtail_hooks.py) asks this module
for its queryset, its permission policy, the views it serves and its edit form."""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from wagtail import hooks
from wagtail.admin.panels import Panel
from wagtail.permission_policies import ModelPermissionPolicy

HOOK = "cooperative_admin_scope"


@dataclass(frozen=True)
class Scope:
    """The records a confined user may act on (every language of them), the policy actions
    they may take on those, the viewset's views they may open and the panels they edit with."""

    cooperatives: QuerySet
    actions: frozenset[str]
    views: frozenset[str]
    edit_handler: Panel | None = field(default=None, compare=False)

    def covers(self, pk) -> bool:
        return self.cooperatives.filter(pk=pk).exists()


def scope_for(user) -> Scope | None:
    """The user's scope, worked out once per request (kept on the user object)."""
    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        return None
    if not hasattr(user, "_cooperative_scope"):
        scope = None
        for function in hooks.get_hooks(HOOK):
            scope = function(user)
            if scope is not None:
                break
        user._cooperative_scope = scope
    return user._cooperative_scope


class CooperativePermissionPolicy(ModelPermissionPolicy):
    """The groups' model permissions, and for confined users their scope, record by record."""

    def user_has_permission(self, user, action):
        if (scope := scope_for(user)) is not None:
            return action in scope.actions
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if (scope := scope_for(user)) is not None:
            return action in scope.actions and scope.covers(instance.pk)
        return super().user_has_permission_for_instance(user, action, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_permission_for(self, user, action):
        if (scope := scope_for(user)) is not None:
            if action in scope.actions:
                return scope.cooperatives
            return self.model.objects.none()
        return super().instances_user_has_permission_for(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        if (scope := scope_for(user)) is not None:
            if set(actions) & scope.actions:
                return scope.cooperatives
            return self.model.objects.none()
        return super().instances_user_has_any_permission_for(user, actions)


def confined(view_name: str, view: Callable) -> Callable:
    """The view, refused (403) to a confined user unless their scope names it and, for a view
    of one record, covers that record. Exports of the listing are views of their own here."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        scope = scope_for(request.user)
        if scope is not None:
            name = "export" if request.GET.get("export") else view_name
            if name not in scope.views:
                raise PermissionDenied
            pk = kwargs.get("pk")
            if pk is not None and not (str(pk).isdigit() and scope.covers(pk)):
                raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


class ScopedPanelMixin:
    """For the snippet edit view: a confined user edits with their scope's panels, and the
    revision they save names the fields those panels edit (Cooperative.EDITS_KEY): approved
    later, it changes only those, whatever a manager or an import changed meanwhile."""

    def save_instance(self):
        instance = super().save_instance()
        scope = scope_for(self.request.user)
        if scope is not None and scope.edit_handler is not None and self.new_revision:
            form_class = scope.edit_handler.get_form_class()
            edits = [*form_class.base_fields, *getattr(form_class, "formsets", {})]
            self.new_revision.content[instance.EDITS_KEY] = sorted(edits)
            self.new_revision.save(update_fields=["content"])
        return instance

    def get_panel(self):
        scope = scope_for(self.request.user)
        if scope is not None and scope.edit_handler is not None:
            return scope.edit_handler
        return super().get_panel()

    def get_form_class(self):
        # The viewset hands the edit view its full form: a confined user gets their panels'.
        scope = scope_for(self.request.user)
        if scope is not None and scope.edit_handler is not None:
            return scope.edit_handler.get_form_class()
        return super().get_form_class()
