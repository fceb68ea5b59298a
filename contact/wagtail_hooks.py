"""Who reads the enquiries: they hold personal data, so only the people who may publish the
form page (Moderators, administrators) see and delete its submissions, not every editor."""

from django.db.models import QuerySet
from wagtail import hooks
from wagtail.permissions import page_permission_policy


@hooks.register("filter_form_submissions_for_user")
def only_publishers_read_enquiries(user, editable_forms: QuerySet) -> QuerySet:
    publishable = page_permission_policy.instances_user_has_permission_for(user, "publish")
    return editable_forms.filter(pk__in=publishable.values("pk"))
