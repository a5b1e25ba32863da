"""The tables' declarative base. The core's tables (anonymous feedback) and the faces' tables
(accounts, audit log) share its metadata; Flask-SQLAlchemy binds it in `extensions.py`, so the
core defines tables without importing Flask."""

from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass
