"""robots.txt: which addresses crawlers should leave alone, and where the sitemap is."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from wagtail import hooks

from infrastructure.invalidation import memoized
from infrastructure.middleware.language import DOCUMENTS

# The Wagtail hook through which an app names its addresses that are not content: answers to
# a query (search, verification) and data downloads (the register's exports), each from its
# own routes, so renaming a page's slug in the admin moves its rules with it.
HOOK = "robots_disallowed_paths"


def _disallowed_paths() -> list[str]:
    # Files are reached through the pages that link them.
    paths = [reverse("wagtailadmin_home"), DOCUMENTS]
    for declare in hooks.get_hooks(HOOK):
        paths += declare()
    return list(dict.fromkeys(paths))


def disallowed_paths() -> list[str]:
    """The admin, the documents and what every app declares, kept until content changes."""
    return memoized("robots-disallowed", (), _disallowed_paths)


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in disallowed_paths()]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
