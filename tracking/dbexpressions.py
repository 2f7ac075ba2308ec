"""Expressions the database works out itself, the same on SQLite and PostgreSQL.

Django's ``TruncDate(..., tzinfo=...)`` and datetime subtraction call a Python function
per row on SQLite; these native expressions do not, so totals over hundreds of thousands
of rows stay fast. Local days are worked out afterwards from UTC quarter-hours: every
time zone's offset is a whole number of quarter-hours, so a quarter-hour never straddles
a local midnight.
"""

from django.db.models import BigIntegerField, Func, Lookup, Value
from django.db.models.expressions import CombinedExpression

from tracking.insights.series import QUARTER_HOUR


class EpochSeconds(Func):
    """Whole seconds since 1970-01-01 UTC of a datetime column."""

    output_field = BigIntegerField()
    # Django formats the template (%% -> %), then SQLite's placeholders (%% -> %).
    template = "CAST(strftime('%%%%s', %(expressions)s) AS INTEGER)"

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="FLOOR(EXTRACT(EPOCH FROM %(expressions)s))::bigint",
            **extra_context,
        )


def quarter_hour(field: str) -> CombinedExpression:
    """The UTC quarter-hour a datetime falls in, as a number (epoch seconds // 900)."""
    return CombinedExpression(
        EpochSeconds(field), "/", Value(QUARTER_HOUR), output_field=BigIntegerField()
    )


class NotBlank(Lookup):
    """``column <> ''`` written out, not as a parameter, so a partial index whose condition
    is the same expression is used by SQLite too (it matches the terms literally). Use
    as ``NotBlank(F("note"), True)``; the right-hand side is ignored."""

    lookup_name = "not_blank"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} <> ''", params
