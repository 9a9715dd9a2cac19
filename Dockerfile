# The production image: web (gunicorn), worker and beat all run from it.

# The front-end packages (GOV.UK Frontend, Chart.js), installed exactly as package-lock.json says.
FROM node:20-slim AS assets
WORKDIR /assets
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_STATIC_ROOT=/app/static

WORKDIR /app
RUN useradd --system --uid 10001 --home-dir /app contactpoint

COPY pyproject.toml README.md ./
COPY contactpoint ./contactpoint
COPY registry ./registry
COPY shielding ./shielding
COPY ingest ./ingest
COPY audit ./audit
COPY accounts ./accounts
COPY portal ./portal
COPY demo ./demo
COPY templates ./templates
COPY static ./static
COPY --from=assets /assets/node_modules ./node_modules
COPY manage.py ./
RUN pip install --no-cache-dir -e . \
 && DJANGO_SECRET_KEY=collectstatic-only DATABASE_URL=postgres://build@localhost/build \
    REDIS_URL=redis://localhost:6379/0 DJANGO_SETTINGS_MODULE=contactpoint.settings.production \
    python manage.py collectstatic --noinput -v 0

USER contactpoint
EXPOSE 8000
CMD ["gunicorn", "contactpoint.wsgi", "--bind", "0.0.0.0:8000", "--workers", "4", "--access-logfile", "-"]
