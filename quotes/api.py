"""The Pact's results in the site's API (/api/v1/pact-results/): the rows of the open data
(quotes.figures), added to the register's django-ninja API by config/urls.py so they share
its schema, errors, rate limit and version."""

from django.http import HttpRequest
from django.utils import translation
from ninja import Router, Schema

from register.api import ERRORS
from register.schema import Language

from .figures import records

router = Router()


class ResultRow(Schema):
    year: int | None
    sector: str
    sector_name: str
    requests_approved: int
    cooperatives_reached: int
    interested_answers: int
    orders: int
    conventions: int


@router.get(
    "/pact-results/",
    response={200: list[ResultRow], **ERRORS},
    summary="The Pact's results per year and sector",
    description=(
        "Running totals of the buyers' requests for quotes approved, the cooperatives they "
        "reached, the interested answers and the orders and conventions reported: one row per "
        "year for all sectors (sector `all`) followed by one per sector of that year. "
        "Anonymous figures: no personal or company data."
    ),
    tags=["pact results"],
)
def pact_results(request: HttpRequest, lang: Language = "it") -> list[dict]:
    with translation.override(lang):
        return records(lang)
