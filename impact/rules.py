"""What makes a year's figures consistent, once, for the admin's form, the import and the
database's constraints to agree on. Each rule names the field it blames.

Decisions (documented in docs/impact.md):
- every figure is a non-negative whole number (the value of production in euro, to the cent);
  a figure left empty is "not declared", never zero;
- the people with permanent contracts and the disadvantaged workers are counted among the
  people employed (each at most the employees);
- the two categories of disadvantaged workers (disabled under law 68/1999, other disadvantaged
  under law 381/1991) split them: when the total and both categories are declared, the two add
  up to the total exactly; with one category only, it is at most the total;
- the people placed through conventions (art. 14 of d.lgs. 276/2003, art. 5 of law 381/1991)
  are not employees of the cooperative: no bound but zero;
- a year's figures are declared after the year has begun, and never in the future.
"""

import datetime

from django.utils.translation import gettext as _

FIRST_YEAR = 1990

COUNTS = (
    "employees",
    "permanent_employees",
    "members",
    "disadvantaged_workers",
    "disabled_workers",
    "other_disadvantaged_workers",
    "placed_art14",
    "placed_art5",
    "training_hours",
)
FIGURES = ("value_of_production", *COUNTS)


def problems(values: dict, today: datetime.date) -> dict[str, str]:
    """The rules a row of figures breaks: field name to message (empty if none)."""
    found: dict[str, str] = {}
    year = values.get("year")
    if year is not None and not FIRST_YEAR <= year <= today.year:
        found["year"] = _("The year must be between %(first)s and %(last)s.") % {
            "first": FIRST_YEAR,
            "last": today.year,
        }
    for name in FIGURES:
        value = values.get(name)
        if value is not None and value < 0:
            found[name] = _("A figure cannot be negative.")
    if found:
        return found

    def given(name):
        return values.get(name)

    employees = given("employees")
    for part in ("permanent_employees", "disadvantaged_workers"):
        if employees is not None and given(part) is not None and given(part) > employees:
            found[part] = _("It cannot exceed the people employed (%(total)s).") % {
                "total": employees
            }
    total = given("disadvantaged_workers")
    disabled, other = given("disabled_workers"), given("other_disadvantaged_workers")
    if total is not None and disabled is not None and other is not None:
        if disabled + other != total:
            found["other_disadvantaged_workers"] = _(
                "Disabled and other disadvantaged workers must add up to the disadvantaged "
                "workers (%(total)s), not %(sum)s."
            ) % {"total": total, "sum": disabled + other}
    elif total is not None:
        for part in ("disabled_workers", "other_disadvantaged_workers"):
            if given(part) is not None and given(part) > total:
                found[part] = _("It cannot exceed the disadvantaged workers (%(total)s).") % {
                    "total": total
                }
    declared = values.get("declared_on")
    if declared is not None:
        if declared > today:
            found["declared_on"] = _("The date of the declaration cannot be in the future.")
        elif year is not None and declared.year < year:
            found["declared_on"] = _("The figures of a year are declared after it has begun.")
    return found
