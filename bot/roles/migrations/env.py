"""Alembic environment: migrates the role database named by the caller or by ROLE_DB_URL."""
from alembic import context
from sqlalchemy import create_engine

from bot.config import role_db_url
from bot.roles.models import Base

config = context.config
url = config.attributes.get("url") or role_db_url()

if context.is_offline_mode():
    context.configure(url=url, target_metadata=Base.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = create_engine(url, future=True)
    try:
        with engine.connect() as connection:
            context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()
