"""A real PostgreSQL server under .data/postgres, from the binaries the pgserver package ships.

It listens only on a Unix socket and asks every role for a password. Three roles exist:
the superuser (used only here, to create the others), the owner that runs migrations, and the app
role that the web and worker processes use: no superuser, no BYPASSRLS, owner of nothing.
"""

import hashlib
import importlib.util
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

import psycopg
from psycopg import sql

from contactpoint.embedded import processes
from contactpoint.embedded.paths import data_dir, log_dir

SUPERUSER = "postgres"
OWNER_ROLE = "contactpoint_owner"
APP_ROLE = "contactpoint_app"
DATABASE = "contactpoint"
# Run as root, PostgreSQL refuses to start; it runs as this system user instead.
SYSTEM_USER = "pgserver"
SETTINGS = {
    "listen_addresses": "''",
    "shared_buffers": os.environ.get("CONTACTPOINT_PG_SHARED_BUFFERS", "512MB"),
    "work_mem": "16MB",
    "maintenance_work_mem": "512MB",
    "max_wal_size": "4GB",
    "max_connections": "200",
    "log_error_verbosity": "terse",
}


def binaries() -> Path:
    """The pgserver package's PostgreSQL binaries (found without importing it: its import has side effects)."""
    spec = importlib.util.find_spec("pgserver")
    return Path(spec.submodule_search_locations[0]) / "pginstall" / "bin"


class EmbeddedPostgres:
    def __init__(self, passwords: dict[str, str]):
        self.pgdata = data_dir() / "postgres"
        self.passwords = passwords
        self.process: subprocess.Popen | None = None
        self.system_user = SYSTEM_USER if os.geteuid() == 0 else None
        self.socket_dir = self._socket_dir()

    def _socket_dir(self) -> Path:
        """.data/run, unless its socket path would pass the kernel's 107-byte limit."""
        preferred = data_dir() / "run"
        if len(str(preferred / ".s.PGSQL.5432")) < 100:
            return preferred
        digest = hashlib.sha256(str(preferred).encode()).hexdigest()[:12]
        return Path(tempfile.gettempdir()) / f"contactpoint-{digest}"

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> None:
        """Initialise if new, start unless already running, and make sure roles and database exist."""
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        if self.system_user:
            self._prepare_for_system_user()
        if not (self.pgdata / "PG_VERSION").exists():
            self._initdb()
        self._write_settings()
        if not self.is_running():
            log = (log_dir() / "postgres.log").open("ab")
            self.process = processes.spawn(
                [str(binaries() / "postgres"), "-D", str(self.pgdata), "-k", str(self.socket_dir)],
                user=self.system_user,
                stdout=log,
                stderr=log,
            )
            processes.wait_until(self._accepts_connections, timeout=60, what="PostgreSQL")
        self._bootstrap_roles()

    def stop(self) -> None:
        """Stop the server if this process started it (fast shutdown: roll back, then exit)."""
        if self.process is not None:
            processes.stop(self.process, sig=2, timeout=30)
            self.process = None

    def is_running(self) -> bool:
        pid_file = self.pgdata / "postmaster.pid"
        if not pid_file.exists():
            return False
        pid = int(pid_file.read_text().splitlines()[0])
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return self._accepts_connections()

    # -- connection strings ----------------------------------------------------------------------

    def url(self, role: str, database: str = DATABASE) -> str:
        password = self.passwords[_password_key(role)]
        host = quote(str(self.socket_dir), safe="")
        return f"postgres://{role}:{password}@{host}/{database}"

    # -- internals -------------------------------------------------------------------------------

    def _prepare_for_system_user(self) -> None:
        """Let the unprivileged system user reach its data, its socket and the binaries."""
        entry = system_user_ensure(self.system_user)
        self.pgdata.mkdir(mode=0o700, exist_ok=True)
        for path in (self.pgdata, self.socket_dir):
            os.chown(path, entry.pw_uid, entry.pw_gid)
            parents_make_traversable(path)
        parents_make_traversable(binaries() / "postgres")

    def _initdb(self) -> None:
        if self.pgdata.exists() and any(self.pgdata.iterdir()):
            raise RuntimeError(f"{self.pgdata} holds files but no database; move it away first.")
        with tempfile.NamedTemporaryFile("w", delete=False, dir=data_dir()) as password_file:
            password_file.write(self.passwords[_password_key(SUPERUSER)])
        try:
            if self.system_user:
                shutil.chown(password_file.name, user=self.system_user)
            subprocess.run(
                [
                    str(binaries() / "initdb"),
                    "-D",
                    str(self.pgdata),
                    "-U",
                    SUPERUSER,
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                    "--auth=scram-sha-256",
                    f"--pwfile={password_file.name}",
                ],
                user=self.system_user,
                check=True,
                capture_output=True,
            )
        finally:
            os.unlink(password_file.name)

    def _write_settings(self) -> None:
        conf = self.pgdata / "contactpoint.conf"
        conf.write_text("".join(f"{name} = {value}\n" for name, value in SETTINGS.items()))
        main = self.pgdata / "postgresql.conf"
        include = "include_if_exists = 'contactpoint.conf'\n"
        if include not in main.read_text():
            with main.open("a") as handle:
                handle.write(include)
        if self.system_user:
            shutil.chown(conf, user=self.system_user)

    def _superuser_connection(self, database: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(
            host=str(self.socket_dir),
            user=SUPERUSER,
            dbname=database,
            password=self.passwords[_password_key(SUPERUSER)],
            autocommit=True,
            connect_timeout=5,
        )

    def _accepts_connections(self) -> bool:
        try:
            with self._superuser_connection():
                return True
        except psycopg.OperationalError:
            return False

    def _bootstrap_roles(self) -> None:
        with self._superuser_connection() as connection:
            _ensure_role(
                connection,
                OWNER_ROLE,
                self.passwords["postgres_owner"],
                "LOGIN CREATEDB NOSUPERUSER NOCREATEROLE NOBYPASSRLS",
            )
            _ensure_role(
                connection,
                APP_ROLE,
                self.passwords["postgres_app"],
                "LOGIN NOCREATEDB NOSUPERUSER NOCREATEROLE NOBYPASSRLS NOINHERIT",
            )
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
            ).fetchone()
            if not exists:
                connection.execute(
                    sql.SQL("CREATE DATABASE {} OWNER {}").format(
                        sql.Identifier(DATABASE), sql.Identifier(OWNER_ROLE)
                    )
                )


def _ensure_role(connection: psycopg.Connection, role: str, password: str, attributes: str) -> None:
    exists = connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone()
    verb = "ALTER" if exists else "CREATE"
    connection.execute(
        sql.SQL(f"{verb} ROLE {{}} {attributes} PASSWORD {{}}").format(
            sql.Identifier(role), sql.Literal(password)
        )
    )


def _password_key(role: str) -> str:
    return {
        SUPERUSER: "postgres_superuser",
        OWNER_ROLE: "postgres_owner",
        APP_ROLE: "postgres_app",
    }[role]


def system_user_ensure(name: str) -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(name)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
            check=True,
            capture_output=True,
        )
        return pwd.getpwnam(name)


def parents_make_traversable(path: Path) -> None:
    """Add o+x to every directory above `path`, as a system user needs to reach it."""
    for parent in path.parents:
        mode = parent.stat().st_mode
        if not mode & 0o001:
            parent.chmod(mode | 0o001)
