"""Running the service hall's infrastructure locally, without containers.

No Docker engine runs on the development and CI machines, so the same processes the compose
file runs are started here from the OS packages: a private RabbitMQ node (never the system
one), PostgreSQL when a test leg asks for it, the four nameko services
and the console (the hall's pages, HTTP only).

``python -m local_stack up`` runs the whole system; the tests import the same pieces.
"""

from local_stack.broker import (
    BrokerError,
    BrokerNode,
    EnsuredBroker,
    amqp_answers,
    ensure_broker,
    ensure_rabbitmq_installed,
)
from local_stack.conventions import (
    CONSOLE,
    CONSOLE_PORT,
    HTTP_PORTS,
    SERVICES,
    console_backend_env,
    env_prefix,
    find_repo_root,
    free_port,
    port_in_use,
    sqlite_url,
)
from local_stack.postgres import (
    DEFAULT_SERVER_URL,
    PostgresError,
    create_database,
    database_url,
    drop_database,
    ensure_postgres,
)
from local_stack.processes import (
    MigrationError,
    ServiceFailed,
    ServiceProcess,
    run_migrations,
)

__all__ = [
    "CONSOLE",
    "CONSOLE_PORT",
    "DEFAULT_SERVER_URL",
    "HTTP_PORTS",
    "SERVICES",
    "BrokerError",
    "BrokerNode",
    "EnsuredBroker",
    "MigrationError",
    "PostgresError",
    "ServiceFailed",
    "ServiceProcess",
    "amqp_answers",
    "console_backend_env",
    "create_database",
    "database_url",
    "drop_database",
    "ensure_broker",
    "ensure_postgres",
    "ensure_rabbitmq_installed",
    "env_prefix",
    "find_repo_root",
    "free_port",
    "port_in_use",
    "run_migrations",
    "sqlite_url",
]
