"""Fixtures shared by every test room: role databases on SQLite and on a real PostgreSQL server."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.model import ensure_model
from bot.net import free_port
from bot.postgres import create_database, postgres_cluster
from bot.roles.occupations import load_default_catalogue
from bot.roles.repository import RoleReader, RoleRepository
from bot.roles.schema import upgrade_database
from bot.serve import Stack, scratch_stack


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    with postgres_cluster() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty role database, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'roles.db'}"
    else:
        url = create_database(request.getfixturevalue("postgres_server"))
    upgrade_database(url)
    return url


@pytest.fixture(scope="session")
def catalogue_db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite role database holding the whole catalogue (curated and imported), shared by read-only tests."""
    url = f"sqlite:///{tmp_path_factory.mktemp('catalogue') / 'roles.db'}"
    load_default_catalogue(url)
    return url


@pytest.fixture(scope="session")
def catalogue_reader(catalogue_db_url: str) -> RoleReader:
    """The whole catalogue as the action server reads it (a snapshot: its name index is built once)."""
    with RoleRepository(catalogue_db_url).reader() as reader:
        return reader


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """The model for the current training data: trained once, and reused while the data is unchanged."""
    return ensure_model(quiet=True)


@pytest.fixture(scope="session")
def site_ports() -> tuple[int, int]:
    """Ports for the demo site: one page set talks to the assistant, one to an assistant that can go away."""
    return free_port(), free_port()


@pytest.fixture(scope="session")
def assistant(trained_model: Path, catalogue_db_url: str, tmp_path_factory: pytest.TempPathFactory,
              site_ports: tuple[int, int]) -> Iterator[Stack]:
    """The real action server and Rasa server, started once for the session on free loopback ports."""
    origins = [f"http://{host}:{port}" for port in site_ports for host in ("127.0.0.1", "localhost")]
    with scratch_stack(trained_model, tmp_path_factory.mktemp("logs"), token="test-token", role_db=catalogue_db_url,
                       cors=origins) as stack:
        yield stack
