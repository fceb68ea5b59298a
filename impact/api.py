"""The yearly figures in the site's API (/api/v1/yearly-figures/): the rows of the open data
(impact.open_data), added to the register's django-ninja API by config/urls.py so they share
its schema, errors, rate limit and version."""

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from register.api import ERRORS

from .open_data import records

router = Router()


class FiguresRow(Schema):
    vat_number: str
    name: str
    year: int
    value_of_production: str | None
    employees: int | None
    permanent_employees: int | None
    members: int | None
    disadvantaged_workers: int | None
    disabled_workers: int | None
    other_disadvantaged_workers: int | None
    placed_art14: int | None
    placed_art5: int | None
    training_hours: int | None
    source: str
    declared_on: str


class FiguresFilters(Schema):
    year: int | None = Field(None, ge=1990, le=2100, description="Only this year.")


@router.get(
    "/yearly-figures/",
    response={200: list[FiguresRow], **ERRORS},
    summary="The cooperatives' yearly figures",
    description=(
        "One row per public cooperative and year, as the cooperative declared it: value of "
        "production (euro, as a decimal string), people employed and with a permanent "
        "contract, members, disadvantaged workers (disabled under law 68/1999 and other "
        "disadvantaged under law 381/1991), people placed through conventions (art. 14 of "
        "d.lgs. 276/2003, art. 5 of law 381/1991), training hours, source and date of the "
        "declaration. A figure not declared is null. Filter by `year`."
    ),
    tags=["yearly figures"],
)
def yearly_figures(request: HttpRequest, filters: Query[FiguresFilters]) -> list[dict]:
    return records(year=filters.year)
