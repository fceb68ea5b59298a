"""The requests' addresses, inside the language prefixes (config/urls.py) with translated
segments: /it/richiesta-preventivo/, /en/request-a-quote/ and below them. They live here,
not under a page of the register: the register may not import this app (pyproject.toml)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import views

urlpatterns = [
    path("", views.new_request, name="quotes_new"),
    path(pgettext_lazy("request for quotes", "sent/"), views.sent, name="quotes_sent"),
    path(_("confirm/<str:token>/"), views.confirm, name="quotes_confirm"),
    path(_("request/<str:token>/"), views.buyer, name="quotes_buyer"),
    path(_("outcome/<str:token>/"), views.outcome, name="quotes_outcome"),
    path(_("answer/<str:token>/"), views.answer, name="quotes_answer"),
]

# The Pact's results: a public page and its open data, /it/risultati-del-patto/.
results_urlpatterns = [
    path("", views.results, name="quotes_results"),
    path("data.csv", views.results_data, {"fmt": "csv"}, name="quotes_results_csv"),
    path("data.json", views.results_data, {"fmt": "json"}, name="quotes_results_json"),
    path("data.xlsx", views.results_data, {"fmt": "xlsx"}, name="quotes_results_xlsx"),
]
