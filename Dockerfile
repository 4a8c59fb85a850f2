# One image for every service: the locked dependencies, then the repository's own packages,
# installed editable with --no-deps exactly as in .venv (docs/CONVENTIONS.md).
# docker-compose.yml picks the service by its command; the working directory is the repo
# root because services/<svc>/config.yml and alembic.ini use paths relative to it.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
WORKDIR /app

# Dependencies first, so that editing the code does not reinstall them.
COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY . .
RUN pip install --no-deps \
        -e contracts \
        -e libs/refusals \
        -e libs/reliable_events \
        -e libs/service_metrics \
        -e libs/web_api \
        -e libs/workday_calendar \
        -e services/intake \
        -e services/joint_review \
        -e services/complaints \
        -e services/notify \
        -e services/console \
 && useradd --system --home-dir /app hall \
 && mkdir -p .data \
 && chown -R hall /app
USER hall

# The default only shows the choice; docker-compose.yml sets the command of each service.
CMD ["nameko", "run", "--config", "services/intake/config.yml", "intake.service"]
