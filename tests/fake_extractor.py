"""A stand-in extractor for adapter tests: simple regexes, records of every type.

The adapters (spaCy component, HTML, DataFrames) must not depend on which real
extractors have landed; this one produces records whose boundaries fall inside
tokens ("14/6," "(NHCSXH)") and across them, nested and overlapping.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import regex

from vnextract.context import Context
from vnextract.schema import (
    DateMention,
    Directive,
    Mention,
    Money,
    Official,
    Organisation,
    Percentage,
    Span,
    Title,
)

_DATE = regex.compile(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{4}))?")  # 14/6, 22/11/2014
_CODE = regex.compile(r"\b\d{1,4}-[A-Z]{2}/T[WU]\b")  # 40-CT/TW
_MONEY = regex.compile(r"\b(\d{1,3}(?:\.\d{3})*) tỷ đồng")  # 4.321 tỷ đồng
_PCT = regex.compile(r"\b\d+(?:,\d+)?%")  # 124,8%
_ORG = regex.compile(r"\b(?:UBND tỉnh|HĐND tỉnh|NHCSXH|Tỉnh ủy Hưng Yên)")  # a few bodies
_NAME = regex.compile(r"\b(Chủ tịch HĐND tỉnh) (Trần Quốc Toản)")  # title + name


def find(ctx: Context) -> list[Span]:
    """Records of several types, found by the toy patterns above."""
    out: list[Span] = []
    for m in _DATE.finditer(ctx.text):
        year = int(m[3]) if m[3] else (ctx.published.year if ctx.published else 2000)
        try:
            value = dt.date(year, int(m[2]), int(m[1])).isoformat()
        except ValueError:
            continue
        out.append(DateMention(text=m[0], start=m.start(), end=m.end(), rule="fake.date",
                               value=value, granularity="day"))
    for m in _CODE.finditer(ctx.text):
        out.append(Directive(text=m[0], start=m.start(), end=m.end(), rule="fake.code",
                             code=m[0], mentions=[Mention(text=m[0], start=m.start(),
                                                          end=m.end(), rule="fake.code")]))
    for m in _MONEY.finditer(ctx.text):
        amount = Decimal(m[1].replace(".", "")) * 10**9
        out.append(Money(text=m[0], start=m.start(), end=m.end(), rule="fake.money",
                         amount=amount, currency="VND"))
    for m in _PCT.finditer(ctx.text):
        out.append(Percentage(text=m[0], start=m.start(), end=m.end(), rule="fake.pct",
                              value=Decimal(m[0][:-1].replace(",", "."))))
    for m in _ORG.finditer(ctx.text):
        out.append(Organisation(text=m[0], start=m.start(), end=m.end(), rule="fake.org",
                                name=m[0]))
    for m in _NAME.finditer(ctx.text):
        title = Title(text=m[1], start=m.start(1), end=m.end(1), rule="fake.title",
                      role="Chủ tịch", organisation="HĐND tỉnh")
        out.append(Official(text=m[2], start=m.start(2), end=m.end(2), rule="fake.name",
                            name=m[2], titles=[title],
                            mentions=[Mention(text=m[2], start=m.start(2), end=m.end(2),
                                              rule="fake.name")]))
    return out
