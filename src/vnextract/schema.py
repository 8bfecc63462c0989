"""The record types vnextract emits: one module of Pydantic v2 models.

Every record derives from :class:`Span`: ``text`` is the exact substring of the
caller's *original* input, ``start``/``end`` are half-open character offsets into
that input, and ``rule`` is the id of the rule or recogniser that produced it, so
``original[r.start:r.end] == r.text`` always holds.

Records that stand for one real-world entity mentioned several times
(:class:`Official`, :class:`Directive`) carry their first full mention as their own
span and every mention (that one included) in ``mentions``.  Records for values
(dates, money, percentages, quantities) and names (organisations, locations) are
one record per mention.

>>> from decimal import Decimal
>>> m = Money(text="4.321 tỷ đồng", start=0, end=13, rule="money.scaled",
...           amount=Decimal("4321000000000"), currency="VND")
>>> m.model_dump(mode="json")["amount"]
'4321000000000'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema


def _plain_decimal(value: Decimal) -> str:
    """Format a Decimal without exponent: ``Decimal('4.321E+12')`` -> ``'4321000000000'``."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


PlainDecimal = Annotated[
    Decimal,
    PlainSerializer(_plain_decimal, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}),
]
"""A Decimal serialised in JSON as a plain decimal string (never ``1E+3``)."""


class Record(BaseModel):
    """Base of every model: strict about unknown fields."""

    model_config = ConfigDict(extra="forbid")


class Span(Record):
    """A stretch of the caller's original text and the rule that found it."""

    text: str = Field(description="Exact substring of the original input.")
    start: int = Field(ge=0, description="Start offset (inclusive) into the original input.")
    end: int = Field(ge=0, description="End offset (exclusive) into the original input.")
    rule: str = Field(description="Id of the rule or recogniser that produced the record.")
    zone: Literal["caption", "boilerplate", "header"] | None = Field(
        default=None,
        description="Set when the record lies outside the article body: in a photo caption, "
        "in boilerplate (byline, 'more news' list, navigation) or in a page header.",
    )


class Mention(Span):
    """One mention of an entity (a name, a short reference to a document)."""


class Title(Span):
    """A title given to an official, split into role and the body it belongs to.

    ``text`` is the title as written ("Phó Chủ tịch Thường trực UBND tỉnh").
    """

    role: str = Field(description='The office, e.g. "Phó Chủ tịch Thường trực".')
    organisation: str | None = Field(
        default=None, description='The body the role belongs to, e.g. "UBND tỉnh".'
    )


class Official(Span):
    """A person named with at least one title; the span is the first full name mention."""

    name: str = Field(description="The name, NFC with the pipeline's tone placement.")
    titles: list[Title] = Field(default_factory=list)
    mentions: list[Mention] = Field(
        default_factory=list, description="Every mention of the person, short ones included."
    )


OrganisationKind = Literal[
    "party",
    "state",
    "legislature",
    "court",
    "procuracy",
    "military",
    "police",
    "bank",
    "enterprise",
    "education",
    "health",
    "research",
    "media",
    "mass_organisation",
    "international",
    "foreign",
    "other",
]


class Organisation(Span):
    """A named organisation, body or institution (one record per mention)."""

    name: str = Field(description='The name as written (normalised), e.g. "UBND tỉnh".')
    acronym: str | None = Field(default=None, description='The acronym used, e.g. "UBND".')
    expansion: str | None = Field(
        default=None, description='The name with acronyms expanded, e.g. "Ủy ban nhân dân tỉnh".'
    )
    kind: OrganisationKind | None = None
    place: str | None = Field(
        default=None, description='The place the text makes clear, e.g. "Hưng Yên" for "UBND tỉnh".'
    )


LocationLevel = Literal["country", "province", "city", "district", "commune", "region", "other"]


class Location(Span):
    """A place: country or Vietnamese administrative unit (one record per mention)."""

    name: str
    level: LocationLevel | None = None
    current: str | None = Field(
        default=None, description="For units merged on 1 July 2025: the unit they belong to now."
    )


Granularity = Literal["day", "month", "quarter", "year", "range"]


class DateMention(Span):
    """A calendar reference resolved to an ISO 8601 value (see corpora/README.md).

    Values: ``2014-11-22``, ``2024-06``, ``2019``, ``2024-Q2``, ranges ``2014/2024``,
    and without a year ``--06-14`` / ``--10``.
    """

    value: str = Field(description="ISO 8601 value.")
    granularity: Granularity
    value_from: str | None = Field(default=None, description="For a range: its first end.")
    value_to: str | None = Field(default=None, description="For a range: its last end.")


class Directive(Span):
    """A numbered Party or State document; the span is its first full reference."""

    code: str = Field(
        description='Canonical number-and-symbol ("40-CT/TW", "15/2018/NĐ-CP"), '
        'or type and number ("Chỉ thị 40") when no symbol is ever given.'
    )
    kind: str | None = Field(default=None, description='Document type, e.g. "Chỉ thị".')
    number: str | None = Field(default=None, description='The number, e.g. "40" or "30a".')
    issuer_code: str | None = Field(default=None, description='e.g. "TW", "CP", "TTg".')
    year: int | None = None
    issued: dt.date | None = None
    issuer: str | None = Field(default=None, description='e.g. "Ban Bí thư Trung ương Đảng".')
    title: str | None = Field(default=None, description="The document's subject, when given.")
    mentions: list[Mention] = Field(default_factory=list)


class Money(Span):
    """An amount of money in units of its currency; a range has ``amount_max``."""

    amount: PlainDecimal
    currency: str = Field(description="ISO 4217 code.")
    qualifier: str | None = Field(default=None, description='"trên", "khoảng", ...')
    amount_max: PlainDecimal | None = Field(default=None, description="Upper end of a range.")
    per: str | None = Field(default=None, description='Unit of a rate, e.g. "tháng", "người".')
    ambiguous: bool = Field(
        default=False, description="True when the digit grouping could not be resolved."
    )


class Percentage(Span):
    """A percentage, ``value`` in percent (124.8 for "124,8%")."""

    value: PlainDecimal
    qualifier: str | None = None
    value_max: PlainDecimal | None = None


class Quantity(Span):
    """A count with its unit noun ("6.152 học sinh")."""

    value: PlainDecimal
    unit: str
    qualifier: str | None = None


def iter_spans(record: BaseModel) -> Iterator[Span]:
    """A record and every span nested in it (titles, mentions), depth first.

    >>> t = Title(text="Chủ tịch", start=0, end=8, rule="r", role="Chủ tịch")
    >>> o = Official(text="A", start=9, end=10, rule="r", name="A", titles=[t])
    >>> [s.text for s in iter_spans(o)]
    ['A', 'Chủ tịch']
    """
    if isinstance(record, Span):
        yield record
    for name in type(record).model_fields:
        value = getattr(record, name)
        for item in value if isinstance(value, list) else (value,):
            if isinstance(item, BaseModel):
                yield from iter_spans(item)


class Document(Record):
    """Everything vnextract found in one text."""

    id: str | None = None
    text: str = Field(description="The caller's original text.")
    published: dt.date | None = None
    officials: list[Official] = Field(default_factory=list)
    organisations: list[Organisation] = Field(default_factory=list)
    locations: list[Location] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    directives: list[Directive] = Field(default_factory=list)
    money: list[Money] = Field(default_factory=list)
    percentages: list[Percentage] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)

    def _repr_html_(self) -> str:
        """Highlighted text in Jupyter (see :func:`vnextract.render.render`)."""
        from .render import render

        return render(self)

    def to_frame(self, table: str | None = None) -> Any:
        """A pandas DataFrame of this Document's records (see :func:`vnextract.frames.to_frame`)."""
        from .frames import to_frame

        return to_frame(self, table)


RECORD_TYPES: dict[str, type[Span]] = {
    "officials": Official,
    "organisations": Organisation,
    "locations": Location,
    "dates": DateMention,
    "directives": Directive,
    "money": Money,
    "percentages": Percentage,
    "quantities": Quantity,
}
"""The list fields of :class:`Document` that hold extracted records, and their record type."""

RECORD_FIELDS: tuple[str, ...] = tuple(RECORD_TYPES)
"""The list fields of :class:`Document` that hold extracted records."""
