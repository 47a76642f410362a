"""The operators' command line: `python -m bot roles …` and `python -m bot db upgrade`."""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

from bot.config import DEFAULT_CATALOGUE, role_db_url
from bot.roles.catalogue import CatalogueError
from bot.roles.db import RoleDatabaseError, describe_url
from bot.roles.nlu_sync import NLU_ROLES_FILE, render_nlu_roles
from bot.roles.occupations import PROSE_FINGERPRINTS, CatalogueFiles, load_catalogue
from bot.roles.onet_import import import_onet, prose_fingerprints, read_release, render_onet
from bot.roles.records import RoleRecord
from bot.roles.repository import RoleRepository
from bot.roles.resolver import describe_codes
from bot.roles.schema import upgrade_database


def _repository() -> RoleRepository:
    url = role_db_url()
    upgrade_database(url)
    return RoleRepository(url)


class EmptyCatalogue(Exception):
    """The role database holds no roles: reading it would print nothing useful."""


def _loaded_repository() -> RoleRepository:
    """The repository for commands that read roles, refusing an empty database with the command that loads it."""
    repository = _repository()
    if repository.count() == 0:
        raise EmptyCatalogue(f"the role database {describe_url(repository.url)} holds no roles yet; load them with: "
                             "python -m bot roles load")
    return repository


def cmd_db_upgrade(_args: argparse.Namespace) -> int:
    upgrade_database(role_db_url())
    print("role database schema is up to date")
    return 0


def _catalogue_files(args: argparse.Namespace) -> CatalogueFiles:
    defaults = CatalogueFiles()
    occupations = defaults.occupations if args.occupations is None else (
        None if args.occupations == "none" else Path(args.occupations))
    return CatalogueFiles(curated=Path(args.file) if args.file else defaults.curated, occupations=occupations,
                          definitions=Path(args.definitions) if args.definitions else defaults.definitions,
                          groups=Path(args.groups) if args.groups else defaults.groups,
                          abroad=Path(args.abroad) if args.abroad else (
                              defaults.abroad if occupations == defaults.occupations else None),
                          usual=Path(args.usual) if args.usual else (
                              defaults.usual if occupations == defaults.occupations else None))


def cmd_roles_load(args: argparse.Namespace) -> int:
    files = _catalogue_files(args)
    catalogue = load_catalogue(files)  # validated in full before the database is touched
    summary = _repository().replace_catalogue(catalogue.entries, catalogue.onet_release)
    sources = f"{files.curated}" + (f" + {files.occupations}" if files.occupations else "")
    print(f"{sources}: {summary.describe()}")
    missing = catalogue.undefined
    if missing:
        print(f"note: {len(missing)} imported occupation(s) have no own-words definition in {files.definitions} "
              f"and answer with a plain one built from their facts: {', '.join(missing[:10])}"
              + (" …" if len(missing) > 10 else ""))
    return 0


def cmd_roles_import_onet(args: argparse.Namespace) -> int:
    folder = Path(args.dir)
    release = args.release or read_release(folder)
    if not release:
        print(f"error: {folder}/README.md names no O*NET release; pass --release, e.g. --release 29.3",
              file=sys.stderr)
        return 2
    data = import_onet(folder, release)  # every problem is found before anything is written
    text = render_onet(data).encode()
    fingerprints = prose_fingerprints(folder)
    target = Path(args.output) if args.output else CatalogueFiles().occupations
    assert target is not None
    prints = target.with_name(PROSE_FINGERPRINTS)
    if target.exists() and target.read_bytes() == text and prints.exists() and prints.read_bytes() == fingerprints:
        print(f"{target} is up to date with {folder} (O*NET {release})")
        return 0
    for path, content in ((target, text), (prints, fingerprints)):
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(content)
        temporary.replace(path)
    print(f"wrote {target}: {len(data['occupations'])} occupations from {folder} (O*NET {release}); "
          "load them with: python -m bot roles load")
    return 0


def cmd_roles_import_bls(args: argparse.Namespace) -> int:
    from bot.roles.pay import PAY_FILE, import_bls, render_pay

    source = Path(args.file)
    text = render_pay(import_bls(source, args.release)).encode()  # every problem is found before writing
    target = Path(args.output) if args.output else PAY_FILE
    if target.exists() and target.read_bytes() == text:
        print(f"{target} is up to date with {source}")
        return 0
    temporary = target.with_suffix(".tmp")
    temporary.write_bytes(text)
    temporary.replace(target)
    print(f"wrote {target}: pay of {len(json.loads(text)['occupations'])} occupations from {source}")
    return 0


def cmd_roles_resolve(args: argparse.Namespace) -> int:
    repo = _loaded_repository()
    with repo.reader() as reader:
        index = reader.index
    texts = sys.stdin if args.text == "-" else [args.text]
    for line in texts:
        text = line.rstrip("\n")
        resolution = index.resolve(text)
        status = "found" if resolution.role else "ambiguous" if resolution.ambiguous else "unknown"
        if args.json or args.text == "-":
            out = {"text": text, "status": status,
                   "roles": [describe_codes(index, resolution.role)] if resolution.role else [],
                   "suggestions": [describe_codes(index, c) for c in resolution.candidates]}
            print(json.dumps(out, ensure_ascii=False), flush=args.text == "-")
        elif resolution.role:
            codes = " ".join(index.codes(resolution.role.slug))
            print(f"found: {resolution.role.title} ({resolution.role.slug}) {codes}")
        else:
            options = "; ".join(f"{c.title} ({c.slug})" for c in resolution.candidates) or "-"
            print(f"{status}: {options}")
    return 0


def cmd_roles_list(args: argparse.Namespace) -> int:
    roles = [r for r in _loaded_repository().list_roles() if args.source in (None, r.source)]
    if args.json:
        print(json.dumps([r.as_json() for r in roles], indent=2, ensure_ascii=False))
    else:
        for role in roles:
            abbreviations = f" ({', '.join(role.abbreviations)})" if role.abbreviations else ""
            print(f"{role.slug:34} {role.source:8} {role.title}{abbreviations}")
        print(f"{len(roles)} roles")
        _print_credit(roles)
    return 0


def _print_credit(roles: list[RoleRecord]) -> None:
    credit = next((r.credit for r in roles if r.credit), None)
    if credit:
        print(credit)


def cmd_roles_show(args: argparse.Namespace) -> int:
    with _loaded_repository().reader() as reader:
        resolution = reader.index.resolve(args.role)
        role = reader.get(resolution.role.slug) if resolution.role else reader.get(args.role)
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
        _print_credit([role])
    return 0


def cmd_roles_export(args: argparse.Namespace) -> int:
    entries = [e.as_dict() for e in _loaded_repository().export_entries() if args.source in (None, e.source)]
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
    entries = load_catalogue(CatalogueFiles()).entries
    problems = check_files(paths, index_from_catalogue(entries), root=Path.cwd(),
                           annotated=index_from_catalogue(entries, curated_names_only=True))
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
        f"  slug: {role.slug}   source: {role.source}   O*NET-SOC: {', '.join(role.onet_codes) or '-'}",
        f"  department: {role.department}   level: {role.level}",
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
    load = roles.add_parser("load", help="validate the curated catalogue and the O*NET occupations, then load "
                                         "both in one transaction")
    load.add_argument("file", nargs="?", help=f"curated catalogue YAML (default: {DEFAULT_CATALOGUE})")
    load.add_argument("--occupations", metavar="FILE|none",
                      help=f"the imported occupations (default: {CatalogueFiles().occupations}); none: curated only")
    load.add_argument("--definitions", metavar="FILE", help=f"default: {CatalogueFiles().definitions}")
    load.add_argument("--groups", metavar="FILE", help=f"default: {CatalogueFiles().groups}")
    load.add_argument("--abroad", metavar="FILE", help=f"names used outside the US (default: {CatalogueFiles().abroad}"
                      " with the default occupations, else none)")
    load.add_argument("--usual", metavar="FILE", help="what shared names usually mean (default: "
                      f"{CatalogueFiles().usual} with the default occupations, else none)")
    load.set_defaults(func=cmd_roles_load)
    onet = roles.add_parser("import-onet", help="turn the O*NET database tables in DIR into the occupations file")
    onet.add_argument("dir", help="folder of O*NET text tables (tab-separated, as released)")
    onet.add_argument("--release", help="the O*NET release, e.g. 29.3 (default: read from DIR/README.md)")
    onet.add_argument("--output", help=f"default: {CatalogueFiles().occupations}")
    onet.set_defaults(func=cmd_roles_import_onet)
    bls = roles.add_parser("import-bls", help="turn the BLS OEWS national pay table FILE into the pay file")
    bls.add_argument("file", help="the OEWS national table, tab-separated (oews-national-may2024.tsv)")
    bls.add_argument("--release", default="May 2024", help="the survey's reference month (default: May 2024)")
    bls.add_argument("--output", help="default: bot/catalogue/pay.json")
    bls.set_defaults(func=cmd_roles_import_bls)
    resolve = roles.add_parser("resolve", help="what the assistant makes of a job title (- reads one per line)")
    resolve.add_argument("text", help="a title as typed, or - for one title per line on standard input")
    resolve.add_argument("--json", action="store_true", help="one JSON object per title (always with -)")
    resolve.set_defaults(func=cmd_roles_resolve)
    listing = roles.add_parser("list", help="list the roles in the database")
    listing.add_argument("--json", action="store_true", help="every field of every role as JSON")
    listing.add_argument("--source", choices=("curated", "onet"), help="only curated roles or imported occupations")
    listing.set_defaults(func=cmd_roles_list)
    show = roles.add_parser("show", help="show one role, by slug or by any of its names")
    show.add_argument("role")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_roles_show)
    export = roles.add_parser("export", help="write the database back out as a catalogue")
    export.add_argument("--format", choices=("yaml", "json"), default="yaml")
    export.add_argument("--source", choices=("curated", "onet"), help="only curated roles (loads back) or imported")
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
    except EmptyCatalogue as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
