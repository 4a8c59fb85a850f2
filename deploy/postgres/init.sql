-- Run once by the postgres image (/docker-entrypoint-initdb.d/) on an empty data volume:
-- one database per service (the console's holds only its sessions), each migrated by its own
-- container (alembic upgrade head).
CREATE DATABASE intake;
CREATE DATABASE joint_review;
CREATE DATABASE complaints;
CREATE DATABASE notify;
CREATE DATABASE console;
