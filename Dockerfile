# One production image for every service (docs/packaging.md): the hashed runtime lock, then the
# wheels of the repository's own packages, no test, lint or build tool. docker-compose.yml picks
# the service by its command; the working directory is the repo root because
# services/<svc>/config.yml and alembic.ini (and the migrations it names) use paths relative to it.

# --- build stage: the wheels of our packages, built by the locked hatchling (no build isolation,
# so nothing unpinned or unhashed is fetched); hall-* dependencies are not followed (--no-deps).
# Each folder is written ./<folder>: pip reads a bare `contracts` as a name and asks the index.
FROM python:3.11-slim AS wheels
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY requirements-build.lock ./
RUN pip install --require-hashes -r requirements-build.lock
COPY contracts contracts
COPY libs libs
COPY services services
RUN pip wheel --no-deps --no-build-isolation --wheel-dir /wheels \
        ./contracts \
        ./libs/refusals \
        ./libs/reliable_events \
        ./libs/service_metrics \
        ./libs/web_api \
        ./libs/workday_calendar \
        ./libs/hall_cli \
        ./services/intake \
        ./services/joint_review \
        ./services/complaints \
        ./services/notify \
        ./services/console

# --- the production image
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# Dependencies first, so that editing the code does not reinstall them; pip refuses any file
# whose sha256 is not the one locked.
COPY requirements.lock /tmp/requirements.lock
RUN pip install --require-hashes -r /tmp/requirements.lock && rm /tmp/requirements.lock

# Our packages, from the build stage's wheels only (--no-index), into root's site-packages;
# pip check: every dependency each of them declares is installed.
COPY --from=wheels /wheels /tmp/wheels
RUN pip install --no-deps --no-index /tmp/wheels/*.whl && rm -rf /tmp/wheels && pip check

# The repository (configs, alembic.ini, migrations, deploy/access's file names) belongs to root
# and nobody else may write it; the service user writes only /app/.data.
WORKDIR /app
COPY . .
RUN chmod -R go-w /app \
 && useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin hall \
 && mkdir -p /app/.data \
 && chown hall /app/.data
USER hall

# GET /health of the address in the container's <SVC>_HTTP_ADDRESS (or HEALTHCHECK_URL)
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-m", "web_api.healthcheck"]

# The default only shows the choice; docker-compose.yml sets the command of each service.
CMD ["nameko", "run", "--config", "services/intake/config.yml", "intake.service"]
