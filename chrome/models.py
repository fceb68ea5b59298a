"""What every page shows: the site's contacts and links (site settings) and the footer text."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, Page, RevisionMixin, TranslatableMixin

# Who publishes the site: the default organisation, and the author of its feeds.
PUBLISHER = "Confcooperative Bergamo"


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Contacts and links that every page shows in its footer; the same in both languages."""

    organisation = models.CharField(_("organisation"), max_length=255, default=PUBLISHER)
    address = models.TextField(_("address"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    pec = models.EmailField(_("certified e-mail (PEC)"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    privacy_page = models.ForeignKey(
        Page,
        verbose_name=_("privacy notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cookie_page = models.ForeignKey(
        Page,
        verbose_name=_("cookie policy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        Page,
        verbose_name=_("accessibility statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("address"),
                FieldPanel("email"),
                FieldPanel("pec"),
                FieldPanel("phone"),
                FieldPanel("vat_number"),
            ],
            heading=_("Contacts"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("facebook_url"),
                FieldPanel("linkedin_url"),
                FieldPanel("instagram_url"),
                FieldPanel("youtube_url"),
            ],
            heading=_("Social networks"),
        ),
        MultiFieldPanel(
            [
                PageChooserPanel("privacy_page"),
                PageChooserPanel("cookie_page"),
                PageChooserPanel("accessibility_page"),
            ],
            heading=_("Legal pages (Italian version; the English one is found by translation)"),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")

    @property
    def social_links(self) -> list[tuple[str, str]]:
        links = [
            ("Facebook", self.facebook_url),
            ("LinkedIn", self.linkedin_url),
            ("Instagram", self.instagram_url),
            ("YouTube", self.youtube_url),
        ]
        return [(name, url) for name, url in links if url]


class FooterText(DraftStateMixin, RevisionMixin, TranslatableMixin, models.Model):
    """The short text in every footer, translated like the pages are."""

    body = RichTextField(_("text"), features=["bold", "italic", "link"])
    revisions = GenericRelation("wagtailcore.Revision", related_query_name="footertext")

    panels = [FieldPanel("body")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("footer text")
        verbose_name_plural = _("footer texts")

    def __str__(self) -> str:
        return str(_("Footer text"))
