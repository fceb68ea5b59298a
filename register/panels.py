from wagtail.admin.panels import Panel


class CertificationHistoryPanel(Panel):
    """The cooperative's certification history, read-only, inside its edit form."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "register/admin/certification_history_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            instance = self.instance
            context["events"] = (
                list(instance.certification_events.all()) if instance and instance.pk else []
            )
            context["cooperative"] = instance
            return context
