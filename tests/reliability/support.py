"""What the reliability tests share: a database of their own, read with plain SQL."""

import os
import sqlite3
from contextlib import contextmanager


@contextmanager
def database(tmp_path):
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        yield {"db_path": tmp_path / "races.sqlite3"}, None
        return
    import psycopg

    name = f"neuroapp_races_{os.getpid()}"
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {"db_path": None, "database_url": url.rsplit("/", 1)[0] + "/" + name}, name
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Rows:
    def __init__(self, where):
        self.where = where

    def all(self, sql, *params):
        if self.where.get("database_url"):
            import psycopg

            with psycopg.connect(self.where["database_url"]) as connection:
                return connection.execute(sql.replace("?", "%s"), params).fetchall()
        with sqlite3.connect(self.where["db_path"]) as connection:
            return connection.execute(sql, params).fetchall()

    def one(self, sql, *params):
        if self.where.get("database_url"):
            import psycopg

            with psycopg.connect(self.where["database_url"]) as connection:
                return connection.execute(sql.replace("?", "%s"), params).fetchone()
        with sqlite3.connect(self.where["db_path"]) as connection:
            return connection.execute(sql, params).fetchone()
