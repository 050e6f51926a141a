"""Date arithmetic for ages, birthdays and periods (pure, no I/O).

Conventions (used everywhere in `rules`):

* A person *fylder N år* (turns N) on the first day on which her age in completed years is
  N. For a person born 29 February that day is 1 March in a year without 29 February;
  `add_years` follows the same convention, so `age_on(b, add_years(b, n)) == n`.
* "Mindre end 6 år til folkepensionsalderen" on day `d` means `add_years(d, 6)` falls after
  the day the person reaches folkepensionsalderen; exactly 6 years is not "less than 6".
"""

from __future__ import annotations

import calendar
import datetime as dt

ONE_DAY = dt.timedelta(days=1)


def age_on(birth: dt.date, day: dt.date) -> int:
    """Age in completed years on `day` (may be negative before birth)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` later (or earlier); 29 February becomes 1 March in a
    year without it, matching `age_on` (a person born 29 February turns a year older on
    1 March in such years)."""
    year = day.year + years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return dt.date(year, 3, 1)
    return day.replace(year=year)


def add_months(day: dt.date, months: int) -> dt.date:
    """`months` calendar months later; a day that does not exist in the target month
    becomes the first day of the next month (as for `add_years`)."""
    total = day.year * 12 + (day.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    if day.day > last:
        return dt.date(year, month, last) + ONE_DAY
    return dt.date(year, month, day.day)


def add_years_fraction(day: dt.date, years: float) -> dt.date:
    """`years` (e.g. 2.5) after `day`: whole months are calendar months, a remainder of a
    month is counted in days of 30.4375 (used only for the end of a course)."""
    months_total = years * 12
    whole = int(months_total)
    rest_days = round((months_total - whole) * 30.4375)
    return add_months(day, whole) + dt.timedelta(days=rest_days)


def months_between(start: dt.date, end: dt.date) -> float:
    """Calendar months from `start` to `end` (fractional, e.g. 2022-01-15 → 2022-07-01 is
    5.5 + ...): whole months by calendar, the rest as a fraction of the next month."""
    if end < start:
        return -months_between(end, start)
    whole = (end.year - start.year) * 12 + (end.month - start.month)
    while whole > 0 and add_months(start, whole) > end:
        whole -= 1
    anchor = add_months(start, whole)
    nxt = add_months(start, whole + 1)
    return whole + (end - anchor).days / (nxt - anchor).days


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None
