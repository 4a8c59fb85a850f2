"""Every SQL statement a service runs, in its log: on ``PYTHONPATH`` (``bench/system/sql_log``),
nameko's logging configuration also sets ``sqlalchemy.engine.Engine`` to INFO and keeps the
loggers made before it. For ``bench.system.plans`` only: logging every statement costs the
services CPU, so a run measured this way is not a measurement of speed."""

import logging.config

_configure = logging.config.dictConfig


def dictConfig(config):  # noqa: N802 - the name nameko calls
    config = {**config, "disable_existing_loggers": False}
    config["loggers"] = {**(config.get("loggers") or {}), "sqlalchemy.engine.Engine": {"level": "INFO"}}
    _configure(config)


logging.config.dictConfig = dictConfig
