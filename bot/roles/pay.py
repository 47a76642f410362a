"""US pay figures: `python -m bot roles import-bls FILE` turns the BLS OEWS national table into `pay.json`, and
roles find their figures there through their O*NET-SOC codes.

The table (U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics; public domain) gives
national figures for wage and salary workers, before tax and without benefits. The file keeps, per SOC code of
a detailed or broad occupation, the median and the middle half (25th to 75th percentile) of the annual wage,
the median hourly wage where only hourly wages are published, and how many people hold the occupation (which
tells the resolver what most people mean by a title several occupations share). "#" is the survey's top code ($239,200 a
year, $115.00 an hour, "or more"); "*" means no estimate. Same table in, byte-identical file out.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.roles.catalogue import CatalogueError

PAY_FILE = Path(__file__).resolve().parents[1] / "catalogue" / "pay.json"
COLUMNS = ("OCC_CODE", "OCC_TITLE", "O_GROUP", "TOT_EMP", "H_MEDIAN", "A_PCT25", "A_MEDIAN", "A_PCT75", "HOURLY")
KEPT_GROUPS = ("detailed", "broad", "total")
ALL_OCCUPATIONS = "00-0000"
TOP_CODE = "#"
TOP_ANNUAL, TOP_HOURLY = 239_200, 115.00
SOURCE = "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics, May 2024"


def _figure(value: str, where: str, problems: list[str], hourly: bool = False) -> int | float | str | None:
    value = value.strip()
    if value in ("*", "**", ""):
        return None
    if value == TOP_CODE:
        return TOP_CODE
    try:
        number = float(value.replace(",", ""))
    except ValueError:
        problems.append(f"{where}: not a wage figure: {value!r}")
        return None
    return round(number, 2) if hourly else int(round(number))


def _workers(value: str, where: str, problems: list[str]) -> int | None:
    value = value.strip().replace(",", "")
    if value in ("*", "**", ""):
        return None
    if not value.isdigit():
        problems.append(f"{where}: not an employment figure: {value!r}")
        return None
    return int(value)


def import_bls(path: Path, release: str = "May 2024") -> dict[str, Any]:
    """The pay file's content; every problem of the table, as 'FILE:LINE: problem', raises CatalogueError."""
    problems: list[str] = []
    try:
        with path.open(encoding="utf-8", newline="") as file:
            rows = list(csv.DictReader(file, delimiter="\t"))
            header = rows[0].keys() if rows else []
    except OSError as exc:
        raise CatalogueError([f"{path}: cannot read the pay table: {exc.strerror}"]) from None
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise CatalogueError([f"{path}:1: missing column(s) {', '.join(missing)}"])
    occupations: dict[str, dict[str, Any]] = {}
    for line, row in enumerate(rows, start=2):
        where = f"{path}:{line}"
        code = (row["OCC_CODE"] or "").strip()
        if row["O_GROUP"] not in KEPT_GROUPS:
            continue
        if len(code) != 7 or code[2] != "-" or not (code[:2] + code[3:]).isdigit():
            problems.append(f"{where}: not a SOC code: {code!r}")
            continue
        occupations[code] = {
            "title": row["OCC_TITLE"].strip(),
            "group": row["O_GROUP"],
            "annual": {"median": _figure(row["A_MEDIAN"], where, problems),
                       "p25": _figure(row["A_PCT25"], where, problems),
                       "p75": _figure(row["A_PCT75"], where, problems)},
            "hourly_median": _figure(row["H_MEDIAN"], where, problems, hourly=True),
            "hourly_only": row["HOURLY"].strip().upper() == "TRUE",
            "workers": _workers(row["TOT_EMP"], where, problems),
        }
    if ALL_OCCUPATIONS not in occupations:
        problems.append(f"{path}: no row for {ALL_OCCUPATIONS} (all occupations)")
    if problems:
        raise CatalogueError(problems)
    return {"source": f"U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics, {release}",
            "occupations": dict(sorted(occupations.items()))}


def render_pay(data: dict[str, Any]) -> str:
    """One line per occupation, so a new survey is a readable diff."""
    lines = [f'  {json.dumps(code)}: {json.dumps(o, ensure_ascii=False, sort_keys=True)}'
             for code, o in data["occupations"].items()]
    return (f'{{"source": {json.dumps(data["source"], ensure_ascii=False)},\n "occupations": {{\n'
            + ",\n".join(lines) + "\n }\n}\n")


@dataclass(frozen=True)
class Pay:
    """The pay of one survey occupation; a figure is a number, TOP_CODE ("or more") or None (no estimate)."""

    code: str
    title: str
    median: int | str | None
    p25: int | str | None
    p75: int | str | None
    hourly_median: float | str | None
    hourly_only: bool
    # Not the role's own occupation but the broader group it belongs to in the survey.
    group: bool = False
    # How many wage and salary workers hold it (None: no estimate).
    workers: int | None = None

    @property
    def known(self) -> bool:
        return self.median is not None or self.hourly_median is not None


@lru_cache(maxsize=2)
def pay_table(path: Path = PAY_FILE) -> tuple[dict[str, Pay], str]:
    """Every survey occupation's pay by SOC code, and the source line; empty when the file is missing."""
    if not path.exists():
        return {}, SOURCE
    data = json.loads(path.read_text(encoding="utf-8"))
    table = {code: Pay(code, o["title"], o["annual"]["median"], o["annual"]["p25"], o["annual"]["p75"],
                       o["hourly_median"], o["hourly_only"], o["group"] == "broad", o.get("workers"))
             for code, o in data["occupations"].items()}
    return table, data["source"]


def pay_for(onet_codes: tuple[str, ...], table: dict[str, Pay]) -> tuple[Pay, ...]:
    """The survey occupations of a role's O*NET-SOC codes ("15-2051.01" belongs to 15-2051), each once, in the
    role's order; a code the survey does not publish falls back to its broad group (15-2051 -> 15-2050)."""
    found: dict[str, Pay] = {}
    for code in onet_codes:
        soc = code.split(".")[0]
        pay = table.get(soc)
        if pay is None or not pay.known:
            broad = table.get(soc[:-1] + "0")
            pay = broad if broad is not None and broad.known else pay
        if pay is not None:
            found.setdefault(pay.code, pay)
    return tuple(found.values())


def workers_by_soc(table: dict[str, Pay]) -> dict[str, int]:
    """How many people hold each detailed survey occupation, by its SOC code (for the resolver)."""
    return {code: pay.workers for code, pay in table.items() if not pay.group and pay.workers}


def all_occupations(table: dict[str, Pay]) -> Pay | None:
    return table.get(ALL_OCCUPATIONS)
