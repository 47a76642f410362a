"""SQLAlchemy tables of the role database (schema changes go through Alembic migrations)."""
from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()

SOURCES = ("curated", "onet")


class Role(Base):
    __tablename__ = "roles"

    id = Column(Integer, primary_key=True)
    slug = Column(String(80), nullable=False, unique=True)
    title = Column(String(200), nullable=False)
    department = Column(String(100), nullable=False)
    level = Column(String(50), nullable=False)
    short_answer = Column(Text, nullable=False)
    details = Column(Text, nullable=False)
    responsibilities = Column(JSON, nullable=False)
    skills = Column(JSON, nullable=False)
    how_to_become = Column(Text, nullable=False)
    # NULL only at the top of the organisation (the board), which answers to the shareholders.
    reports_to_id = Column(Integer, ForeignKey("roles.id", ondelete="SET NULL"), nullable=True)
    position = Column(Integer, nullable=False, default=0)
    source = Column(String(20), nullable=False, default="curated")
    onet_codes = Column(JSON, nullable=False, default=list)
    onet_covers = Column(JSON, nullable=False, default=list)
    # A hash of the catalogue entry the row was loaded from: equal means nothing to rewrite.
    fingerprint = Column(String(64), nullable=True)
    # One of the catalogue's example roles, named when the assistant asks which role a question is about.
    example = Column(Boolean, nullable=False, default=False)

    reports_to = relationship("Role", remote_side=[id], back_populates="direct_reports")
    direct_reports = relationship("Role", back_populates="reports_to")
    names = relationship(
        "RoleName", cascade="all, delete-orphan", order_by="RoleName.position", back_populates="role"
    )
    related_links = relationship(
        "RoleLink",
        cascade="all, delete-orphan",
        foreign_keys="RoleLink.role_id",
        order_by="RoleLink.position",
        back_populates="role",
    )


class RoleName(Base):
    """One name of a role: curated (abbreviation, alias) or O*NET's (bot.roles.occupations.ONET_NAME_KINDS);
    abbreviations and O*NET titles may be shared, curated aliases may not."""

    __tablename__ = "role_names"
    __table_args__ = (UniqueConstraint("role_id", "kind", "name"),)

    id = Column(Integer, primary_key=True)
    role_id = Column(Integer, ForeignKey("roles.id", ondelete="CASCADE"), nullable=False, index=True)
    kind = Column(String(20), nullable=False)
    name = Column(String(200), nullable=False)
    position = Column(Integer, nullable=False, default=0)

    role = relationship("Role", back_populates="names")


class RoleLink(Base):
    """A 'related role' link, kept in catalogue order."""

    __tablename__ = "role_links"

    role_id = Column(Integer, ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True)
    related_id = Column(Integer, ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True)
    position = Column(Integer, nullable=False, default=0)

    role = relationship("Role", foreign_keys=[role_id], back_populates="related_links")
    related = relationship("Role", foreign_keys=[related_id])


class CatalogueRevision(Base):
    """A counter bumped by every load that changes the catalogue, so caches know when to rebuild."""

    __tablename__ = "catalogue_revision"

    id = Column(Integer, primary_key=True)
    revision = Column(Integer, nullable=False, default=0)
    # A hash of the whole catalogue last loaded, so loading the same files again is a quick no-op.
    fingerprint = Column(String(64), nullable=True)
    onet_release = Column(String(20), nullable=True)
