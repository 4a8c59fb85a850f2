# One image for every service: the locked dependencies, then the repository's own packages.
# docker-compose.yml picks the service by its command.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock
COPY contracts ./contracts
COPY libs ./libs
COPY services ./services
RUN pip install --no-cache-dir --no-deps ./contracts \
    $(for d in libs/*/ services/*/; do [ -f "$d/pyproject.toml" ] && echo "$d"; done)
RUN useradd --system --home /app hall && chown -R hall /app
USER hall
