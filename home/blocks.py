"""StreamField blocks shared by every page type of the site."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section heading")), ("h3", _("Sub-heading"))],
        default="h2",
        label=_("Level"),
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "home/blocks/heading.html"


class LabelledImageBlock(ImageBlock):
    """Wagtail's ImageBlock names its chooser after the field ("Image", never translated): label
    it in the editor's language. It still deconstructs as ImageBlock, so no migration."""

    def __init__(self, required: bool = True, **kwargs) -> None:
        super().__init__(required=required, **kwargs)
        self.child_blocks["image"].label = _("Image")


class CaptionedImageBlock(blocks.StructBlock):
    image = LabelledImageBlock(label=_("Image"))
    caption = blocks.CharBlock(required=False, label=_("Caption"))
    credit = blocks.CharBlock(required=False, label=_("Credit"))

    class Meta:
        icon = "image"
        label = _("Image")
        template = "home/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quotation"))
    attribution = blocks.CharBlock(required=False, label=_("Attribution"))
    role = blocks.CharBlock(required=False, label=_("Role or organisation"))

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "home/blocks/quote.html"


class RequirementBlock(blocks.StructBlock):
    requirement = blocks.CharBlock(label=_("Requirement"))
    explanation = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, required=False, label=_("Explanation")
    )


class RequirementChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, label=_("Title"))
    requirements = blocks.ListBlock(RequirementBlock(), label=_("Requirements"))

    class Meta:
        icon = "tasks"
        label = _("Requirement checklist")
        template = "home/blocks/checklist.html"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"))
    answer = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Answer"))


class FAQBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, label=_("Title"))
    questions = blocks.ListBlock(QuestionBlock(), label=_("Questions"))

    class Meta:
        icon = "help"
        label = _("Frequently asked questions")
        template = "home/blocks/faq.html"


class FigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(max_length=20, label=_("Figure"))
    label = blocks.CharBlock(label=_("What it counts"))


class KeyFiguresBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, label=_("Title"))
    figures = blocks.ListBlock(FigureBlock(), label=_("Figures"))

    class Meta:
        icon = "order"
        label = _("Key figures")
        template = "home/blocks/key_figures.html"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    text = blocks.TextBlock(required=False, label=_("Text"))
    page = blocks.PageChooserBlock(required=False, label=_("Page"))
    url = blocks.URLBlock(required=False, label=_("External link"))
    button_label = blocks.CharBlock(label=_("Button label"))

    class Meta:
        icon = "link"
        label = _("Call to action")
        template = "home/blocks/call_to_action.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = _("Choose either a page or an external link.")
            raise StructBlockValidationError(block_errors={"page": ValidationError(message)})
        return value


class DownloadsBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, label=_("Title"))
    documents = blocks.ListBlock(DocumentChooserBlock(), label=_("Documents"))

    class Meta:
        icon = "doc-full"
        label = _("Downloads")
        template = "home/blocks/downloads.html"


class BaseStreamBlock(blocks.StreamBlock):
    """The blocks every editorial page and news item can use."""

    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, icon="pilcrow", label=_("Paragraph")
    )
    heading = HeadingBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    downloads = DownloadsBlock()
    embed = EmbedBlock(icon="media", label=_("Embedded media"), template="home/blocks/embed.html")


class EditorialStreamBlock(BaseStreamBlock):
    """Editorial pages add the blocks that explain the mark and the pact."""

    checklist = RequirementChecklistBlock()
    faq = FAQBlock()
    key_figures = KeyFiguresBlock()
