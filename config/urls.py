from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from alerts import views as alerts_views
from chrome import robots
from chrome.sitemaps import PageSitemap
from impact import api as impact_api
from impact import views as impact_views
from infrastructure import views as infrastructure_views
from quotes import api as quotes_api
from quotes.urls import results_urlpatterns as quotes_results
from register import views as register_views
from register.api import api as register_api
from register.sitemaps import CooperativeSitemap
from search import views as search_views

# The site's own error pages, in the visitor's language (404 and 500 are templates/).
handler400 = "infrastructure.error_views.bad_request"
handler403 = "infrastructure.error_views.permission_denied"

# The API is the register's; other apps add their operations to it (one schema, one version).
register_api.add_router("/", quotes_api.router)
register_api.add_router("/", impact_api.router)

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"pages": PageSitemap, "cooperatives": CooperativeSitemap}},
        name="sitemap",
    ),
    path("robots.txt", robots.robots_txt, name="robots_txt"),
    path("health/", infrastructure_views.health, name="health"),
    path("api/v1/", register_api.urls),
    # Every address of the API, known or not: its rate limit names this one.
    re_path(r"^api/", register_views.api_not_found, name="api"),
    # One-click unsubscription (RFC 8058): mail providers post here, in no language.
    path(
        "alerts/unsubscribe/<str:token>/",
        alerts_views.one_click_unsubscribe,
        name="alerts_one_click",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    # "cerca/" in Italian, "search/" in English: the route itself is translated.
    path(_("search/"), search_views.search, name="search"),
    # "avvisi/" in Italian, "alerts/" in English, and so on below it (alerts/urls.py).
    path(_("alerts/"), include("alerts.urls")),
    # "richiesta-preventivo/" in Italian, "request-a-quote/" in English (quotes/urls.py), and
    # the Pact's results, "risultati-del-patto/" and "pact-results/".
    path(_("request-a-quote/"), include("quotes.urls")),
    path(_("pact-results/"), include(quotes_results)),
    # The cooperatives' yearly figures as open data: "dati-annuali.csv", "yearly-figures.csv"…
    re_path(
        _(r"^yearly-figures\.(?P<fmt>csv|json|xlsx)$"),
        impact_views.download,
        name="impact_download",
    ),
    # "selezione/" in Italian, "shortlist/" in English, and so on below it (shortlist/urls.py).
    path(_("shortlist/"), include("shortlist.urls")),
    # "invito/" in Italian, "invitation/" in English: a representative's invitation link.
    path(_("invitation/"), include("representatives.urls")),
    # File names under a page (the register's exports and attestations): its routes serve them.
    re_path(
        r"^(?P<path>(?:[\w-]+/)+(?:export\.(?:csv|json|xlsx)|[\w-]+\.pdf))$",
        register_views.file_route,
        name="register_export",
    ),
    # The register's live badge, `…/bollino/<number>.svg`: a file name too.
    re_path(
        r"^(?P<path>(?:[\w-]+/)+[\w-]+/[^/]+\.svg)$",
        register_views.file_route,
        name="register_badge",
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
