"""What a representative may do with cooperatives in the admin (register.admin_scope): read
and change their own record, in every language, with the panels below; submit it to the
review workflow; nothing else. Identifiers, certification and the verification dates of
the requirements are shown, not edited: they are the register's facts."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.images import get_image_model

from register.admin_scope import Scope
from register.forms import OwnLocaleForm
from register.models import Cooperative
from register.panels import CertificationHistoryPanel

from .models import CooperativeSpace, cooperative_of

ACTIONS = frozenset({"view", "change"})
# The Cooperative viewset's views a representative opens (on their own record only): no
# adding, copying, deleting, unpublishing, locking, exporting or usage.
VIEWS = frozenset(
    {
        "list",
        "list_results",
        "edit",
        "inspect",
        "history",
        "history_results",
        "revisions_compare",
        "workflow_action",
        "collect_workflow_action_data",
        "confirm_workflow_cancellation",
        "workflow_history",
        "workflow_history_detail",
    }
)


def read_only(name: str) -> FieldPanel:
    return FieldPanel(name, read_only=True)


class RepresentativeForm(OwnLocaleForm):
    """The logo is one of the images of the cooperative's own collection."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "logo" in self.fields:
            space = CooperativeSpace.objects.filter(
                cooperative__translation_key=self.instance.translation_key
            ).first()
            images = get_image_model().objects.filter(
                collection_id=space.collection_id if space else None
            )
            if self.instance.logo_id:
                images = images | get_image_model().objects.filter(pk=self.instance.logo_id)
            self.fields["logo"].queryset = images


EDIT_HANDLER = ObjectList(
    [
        MultiFieldPanel(
            [
                read_only("name"),
                read_only("legal_form"),
                FieldRowPanel([read_only("vat_number"), read_only("fiscal_code")]),
                FieldRowPanel([read_only("albo_number"), read_only("albo_section")]),
                FieldRowPanel([read_only("albo_category"), read_only("rea_number")]),
                read_only("comune"),
            ],
            heading=_("Identity"),
            help_text=_("The register's office keeps these: write to it if one is wrong."),
        ),
        MultiFieldPanel(
            [FieldPanel("description"), FieldPanel("services")],
            heading=_("What it does"),
        ),
        MultiFieldPanel(
            [FieldPanel("website"), FieldPanel("email"), FieldPanel("phone"), FieldPanel("logo")],
            heading=_("Contacts"),
        ),
        InlinePanel(
            "operating_sites",
            heading=_("Operating sites"),
            label=_("operating site"),
            help_text=_("Further places where the cooperative works, beside its seat."),
        ),
        FieldRowPanel(
            [FieldPanel("workers"), FieldPanel("members"), FieldPanel("disadvantaged_workers")],
            heading=_("Workforce"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("quality_path"), read_only("quality_verified_on")]),
                FieldRowPanel([FieldPanel("training"), read_only("training_verified_on")]),
                read_only("audit_passed_on"),
                read_only("extra_assembly_on"),
                FieldRowPanel([read_only("ccnl_applied"), read_only("ccnl_verified_on")]),
            ],
            heading=_("Requirements of the mark"),
        ),
        MultiFieldPanel(
            [
                read_only("certificate_number"),
                CertificationHistoryPanel(heading=_("Certification history")),
            ],
            heading=_("Certificate and history"),
        ),
    ],
    base_form_class=RepresentativeForm,
).bind_to_model(Cooperative)


def representative_scope(user) -> Scope | None:
    """The hook of register.admin_scope: a representative's own cooperative, or None."""
    cooperative = cooperative_of(user)
    if cooperative is None:
        return None
    return Scope(
        cooperatives=Cooperative.objects.filter(translation_key=cooperative.translation_key),
        actions=ACTIONS,
        views=VIEWS,
        edit_handler=EDIT_HANDLER,
    )
