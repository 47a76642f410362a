"""The operators' command line: `python -m bot roles …` and `python -m bot db upgrade`."""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

from bot.config import DEFAULT_CATALOGUE, role_db_url
from bot.roles.catalogue import CatalogueError, read_catalogue
from bot.roles.nlu_sync import NLU_ROLES_FILE, render_nlu_roles
from bot.roles.records import RoleRecord
from bot.roles.repository import RoleDatabaseError, RoleRepository
from bot.roles.resolver import RoleNameIndex
from bot.roles.schema import upgrade_database


def _repository() -> RoleRepository:
    url = role_db_url()
    upgrade_database(url)
    return RoleRepository(url)


def cmd_db_upgrade(_args: argparse.Namespace) -> int:
    upgrade_database(role_db_url())
    print("role database schema is up to date")
    return 0


def cmd_roles_load(args: argparse.Namespace) -> int:
    path = Path(args.file) if args.file else DEFAULT_CATALOGUE
    entries = read_catalogue(path)  # validated in full before the database is touched
    summary = _repository().replace_catalogue(entries)
    print(f"{path}: {summary.describe()}")
    return 0


def cmd_roles_list(args: argparse.Namespace) -> int:
    roles = _repository().list_roles()
    if args.json:
        print(json.dumps([r.as_json() for r in roles], indent=2, ensure_ascii=False))
    else:
        for role in roles:
            abbreviations = f" ({', '.join(role.abbreviations)})" if role.abbreviations else ""
            print(f"{role.slug:34} {role.title}{abbreviations}")
        print(f"{len(roles)} roles")
    return 0


def cmd_roles_show(args: argparse.Namespace) -> int:
    repo = _repository()
    resolution = RoleNameIndex(repo.name_entries()).resolve(args.role)
    role = repo.get(resolution.role.slug) if resolution.role else repo.get(args.role)
    if role is None:
        choices = ", ".join(f"{c.title} ({c.slug})" for c in resolution.candidates)
        hint = f"; did you mean: {choices}" if choices else ""
        which = "is ambiguous" if resolution.ambiguous else "is not a known role"
        print(f"error: '{args.role}' {which}{hint}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(role.as_json(), indent=2, ensure_ascii=False))
    else:
        print(_describe(role))
    return 0


def cmd_roles_export(args: argparse.Namespace) -> int:
    entries = [r.as_entry().as_dict() for r in _repository().list_roles_in_catalogue_order()]
    if args.format == "json":
        print(json.dumps({"roles": entries}, indent=2, ensure_ascii=False))
    else:
        print(yaml.safe_dump({"roles": entries}, sort_keys=False, allow_unicode=True, width=100), end="")
    return 0


def cmd_roles_sync_nlu(args: argparse.Namespace) -> int:
    text = render_nlu_roles(_repository().name_entries())
    target = Path(args.output) if args.output else NLU_ROLES_FILE
    if args.check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            print(f"error: {target} is out of date with the role database; run: python -m bot roles sync-nlu",
                  file=sys.stderr)
            return 1
        print(f"{target} is up to date")
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
    return 0


def cmd_check_data(args: argparse.Namespace) -> int:
    from bot.config import PROJECT_ROOT
    from bot.training.checks import check_files, index_from_catalogue

    paths = [Path(p).resolve() for p in args.paths] or sorted((PROJECT_ROOT / "data").glob("*.yml"))
    index = index_from_catalogue(read_catalogue(DEFAULT_CATALOGUE))
    problems = check_files(paths, index, root=Path.cwd())
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        print(f"error: {len(problems)} problem(s) in the training data", file=sys.stderr)
        return 1
    print(f"training data checked: {len(paths)} file(s), no problems")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from bot.config import tracker_db_url
    from bot.training.review import collect, parse_since, render_table, render_training_yaml

    try:
        since = parse_since(args.since) if args.since else None
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    items = collect(tracker_db_url(), since, args.threshold)
    print(render_table(items))
    if args.export:
        Path(args.export).write_text(render_training_yaml(items), encoding="utf-8")
        print(f"wrote {len(items)} example(s) to {args.export}")
    return 0


def _describe(role: RoleRecord) -> str:
    lines = [
        role.display_name,
        f"  slug: {role.slug}   department: {role.department}   level: {role.level}",
        f"  aliases: {', '.join(role.aliases) or '-'}",
        f"  reports to: {role.reports_to_title}",
        f"  direct reports: {', '.join(r.title for r in role.direct_reports) or '-'}",
        "",
        role.short_answer,
        "",
        role.details,
        "",
        "Responsibilities:",
        *[f"  - {item}" for item in role.responsibilities],
        "Skills:",
        *[f"  - {item}" for item in role.skills],
        "How to become one:",
        f"  {role.how_to_become}",
    ]
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Role assistant operations.")
    groups = parser.add_subparsers(dest="group", required=True)

    check = groups.add_parser("check-data", help="the project's checks of the NLU training data (make check-data)")
    check.add_argument("paths", nargs="*", help="training files (default: data/*.yml)")
    check.set_defaults(func=cmd_check_data)

    review = groups.add_parser("review", help="messages that went unanswered, from the conversation store")
    review.add_argument("--since", help="only this recent: 30m, 12h, 7d, 2w (default: everything)")
    review.add_argument("--threshold", type=float, default=0.5, help="confidence under which a message counts")
    review.add_argument("--export", metavar="FILE", help="also write them as training examples (YAML)")
    review.set_defaults(func=cmd_review)

    db = groups.add_parser("db", help="role database schema").add_subparsers(dest="command", required=True)
    db.add_parser("upgrade", help="create or migrate the tables (Alembic)").set_defaults(func=cmd_db_upgrade)

    roles = groups.add_parser("roles", help="the role catalogue").add_subparsers(dest="command", required=True)
    load = roles.add_parser("load", help="validate a catalogue file, then load it in one transaction")
    load.add_argument("file", nargs="?", help=f"catalogue YAML (default: {DEFAULT_CATALOGUE})")
    load.set_defaults(func=cmd_roles_load)
    listing = roles.add_parser("list", help="list the roles in the database")
    listing.add_argument("--json", action="store_true", help="every field of every role as JSON")
    listing.set_defaults(func=cmd_roles_list)
    show = roles.add_parser("show", help="show one role, by slug or by any of its names")
    show.add_argument("role")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_roles_show)
    export = roles.add_parser("export", help="write the database back out as a catalogue")
    export.add_argument("--format", choices=("yaml", "json"), default="yaml")
    export.set_defaults(func=cmd_roles_export)
    sync = roles.add_parser("sync-nlu", help="write the NLU role lookup table and synonyms under data/")
    sync.add_argument("--output", help=f"default: {NLU_ROLES_FILE}")
    sync.add_argument("--check", action="store_true", help="only check that the file is up to date")
    sync.set_defaults(func=cmd_roles_sync_nlu)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except CatalogueError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        print("error: the catalogue was not loaded; the database is unchanged", file=sys.stderr)
        return 1
    except RoleDatabaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
