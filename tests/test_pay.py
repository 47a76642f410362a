"""Pay: the BLS importer on made-up rows, the lookup through O*NET-SOC codes, and what the answers say."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.assistant import answer_turn
from bot.config import PROJECT_ROOT
from bot.conversation import Context, Turn
from bot.roles.catalogue import CatalogueError
from bot.roles.pay import PAY_FILE, Pay, import_bls, pay_for, pay_table, render_pay
from bot.roles.repository import RoleReader

HEADER = ("OCC_CODE\tOCC_TITLE\tO_GROUP\tTOT_EMP\tH_MEAN\tA_MEAN\tH_MEDIAN\tA_PCT10\tA_PCT25\tA_MEDIAN\tA_PCT75"
          "\tA_PCT90\tANNUAL\tHOURLY\n")
# Made-up figures for made-up occupations (the real table is ../shared/bls, outside the repository).
ROWS = [
    "00-0000\tAll Occupations\ttotal\t100\t20\t41600\t19\t1\t30000\t40000\t60000\t1\t\t",
    "99-1010\tSpoon Benders\tbroad\t50\t30\t62400\t29\t1\t50000\t60000\t75000\t1\t\t",
    "99-1011\tSilver Spoon Benders\tdetailed\t30\t60\t124800\t59\t1\t90000\t120000\t#\t#\t\t",
    "99-1012\tWooden Spoon Benders\tdetailed\t20\t*\t*\t*\t*\t*\t*\t*\t*\t\t",
    "99-2011\tStreet Jugglers\tdetailed\t10\t21.5\t*\t18.25\t*\t*\t*\t*\t*\t\tTRUE",
    "99-0000\tSpoon Occupations\tmajor\t80\t30\t62400\t29\t1\t50000\t60000\t75000\t1\t\t",
]


def write_table(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "oews.tsv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_the_import_keeps_detailed_and_broad_occupations_and_the_markers(tmp_path: Path) -> None:
    data = import_bls(write_table(tmp_path, ROWS))

    occupations = data["occupations"]
    assert list(occupations) == ["00-0000", "99-1010", "99-1011", "99-1012", "99-2011"]  # no major group
    assert occupations["99-1011"]["annual"] == {"median": 120000, "p25": 90000, "p75": "#"}
    assert occupations["99-1012"]["annual"]["median"] is None
    assert occupations["99-2011"]["hourly_only"] and occupations["99-2011"]["hourly_median"] == 18.25
    assert occupations["99-1011"]["workers"] == 30  # employment: what most people mean by a shared title
    assert render_pay(data) == render_pay(import_bls(write_table(tmp_path, list(reversed(ROWS)))))


def test_a_broken_table_is_refused_naming_file_line_and_problem(tmp_path: Path) -> None:
    rows = [*ROWS[:2], "99-1011\tSilver Spoon Benders\tdetailed\t30\t60\t124800\t59\t1\t90000\tlots\t#\t#\t\t"]

    with pytest.raises(CatalogueError) as error:
        import_bls(write_table(tmp_path, rows))

    assert error.value.problems == [f"{tmp_path / 'oews.tsv'}:4: not a wage figure: 'lots'"]


def test_the_command_writes_the_file_once_and_then_says_it_is_up_to_date(tmp_path: Path) -> None:
    table, output = write_table(tmp_path, ROWS), tmp_path / "pay.json"

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "bot", "roles", "import-bls", str(table), "--output",
                               str(output)], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)

    first, second = run(), run()

    assert first.returncode == 0 and "pay of 5 occupations" in first.stdout
    assert second.returncode == 0 and "is up to date" in second.stdout
    assert pay_table(output)[0]["99-1011"].p75 == "#"


def test_a_code_the_survey_does_not_publish_falls_back_to_its_broad_group(tmp_path: Path) -> None:
    path = tmp_path / "pay.json"
    path.write_text(render_pay(import_bls(write_table(tmp_path, ROWS))), encoding="utf-8")
    table, _ = pay_table(path)

    found = pay_for(("99-1012.00", "99-1011.01", "99-1011.00"), table)

    assert [(p.code, p.group) for p in found] == [("99-1010", True), ("99-1011", False)]
    assert pay_for(("55-1011.00",), table) == ()


def test_the_committed_pay_file_covers_the_real_survey() -> None:
    table, source = pay_table(PAY_FILE)

    assert source.startswith("U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics")
    nurses = table["29-1141"]
    assert isinstance(nurses, Pay) and nurses.title == "Registered Nurses" and nurses.median == 93600


def ask(reader: RoleReader, text: str, mentions: tuple[str, ...] = ()) -> str:
    return answer_turn(Turn("ask_pay", text, mentions), Context(), reader).reply.text


def test_an_imported_occupation_gets_its_median_and_middle_half_with_the_source(catalogue_reader: RoleReader) -> None:
    text = ask(catalogue_reader, "how much does a registered nurse earn?", ("registered nurse",))

    assert text.startswith("A Registered Nurse in the US earns a median of $93,600 a year")
    assert "the middle half: $78,610 to $107,960" in text
    assert text.endswith("US, national, before tax and benefits. Source: U.S. Bureau of Labor Statistics, "
                         "Occupational Employment and Wage Statistics, May 2024.")


def test_a_curated_role_says_which_survey_occupations_it_falls_under(catalogue_reader: RoleReader) -> None:
    text = ask(catalogue_reader, "salary of a COO", ("COO",))

    assert "no figure for a Chief Operating Officer alone" in text
    assert "• Chief Executives: a median of $206,420 a year" in text and "$239,200 or more" in text
    assert "• General and Operations Managers: a median of $102,950 a year" in text


def test_no_figure_is_said_plainly_and_none_is_made_up(catalogue_reader: RoleReader) -> None:
    soldier = next(r for r in catalogue_reader.all_roles() if r.source == "onet" and not any(p.known for p in r.pay))
    board = ask(catalogue_reader, "how much do board members get", ("board",))
    text = ask(catalogue_reader, f"how much does a {soldier.title} earn?", (soldier.title,))

    assert text.startswith("I have no pay figure for") and "$" not in text
    assert board.startswith("I have no pay figure for the Board of Directors") and "$" not in board


def test_pay_in_another_country_is_not_given_as_if_it_were_american(catalogue_reader: RoleReader) -> None:
    outcome = answer_turn(Turn("ask_pay", "how much do welders make in Germany?", ("welders",)), Context(),
                          catalogue_reader)

    assert outcome.aspect == "pay_elsewhere" and outcome.name == "Germany"
    assert outcome.reply.text.startswith("I only have US pay figures, so I can't tell you what a Welder, Cutter, "
                                         "Solderer or Brazer earns in Germany")
    assert "in the US earns a median of $51,000 a year" in outcome.reply.text


def test_pay_is_offered_next_and_what_about_asks_it_of_another_role(catalogue_reader: RoleReader) -> None:
    first = answer_turn(Turn("ask_definition", "what is a CFO?", ("CFO",)), Context(), catalogue_reader)
    pay = answer_turn(Turn("ask_pay", "how much do they earn?"), first.context, catalogue_reader)
    again = answer_turn(Turn("ask_same_about", "what about a recruiter?", ("recruiter",)), pay.context,
                        catalogue_reader)

    assert '/ask_pay{"role":"cfo"}' in [b.payload for b in first.reply.buttons]
    assert pay.aspect == "pay" and pay.roles == ("cfo",) and "Financial Managers" in pay.reply.text
    assert again.aspect == "pay" and again.reply.text.startswith(
        "The US pay survey counts a Recruiter in the occupation Human Resources Specialists")
