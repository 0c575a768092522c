"""Empty databases for the benchmarks: a SQLite file, or a PostgreSQL database made anew."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, text

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"


def fresh_database(backend: str, workdir: Path, name: str) -> str:
    """URL of an empty database called ``name`` (dropped and created again on PostgreSQL)."""
    if backend == "sqlite":
        return f"sqlite:///{workdir / (name + '.db')}"
    drop_database(name)
    admin = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return f"{PG_SERVER}/{name}"


def drop_database(name: str) -> None:
    admin = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
