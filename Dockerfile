# syntax=docker/dockerfile:1
# Coachable: multi-stage build, non-root runtime, data folder as a volume, health check.

# ---- build: install the package and its dependencies into a virtual environment
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
# Dependencies first, in their own layer: a code change does not reinstall them.
COPY pyproject.toml README.md ./
RUN mkdir app && touch app/__init__.py \
 && pip install . && pip uninstall --yes coachable && rm -r app
COPY app ./app
RUN pip install --no-deps .

# ---- runtime: the virtual environment, the catalog (scenarios, rubrics, languages), nothing else
FROM python:3.11-slim-bookworm AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    COACHABLE_DATA_DIR=/data \
    COACHABLE_CATALOG_DIR=/srv/coachable
RUN groupadd --system coachable \
 && useradd --system --gid coachable --home-dir /srv/coachable --no-create-home coachable \
 && mkdir -p /data /srv/coachable \
 && chown coachable:coachable /data \
 && chmod 700 /data
COPY --from=build /opt/venv /opt/venv
COPY scenarios /srv/coachable/scenarios
COPY rubrics /srv/coachable/rubrics
COPY languages /srv/coachable/languages
USER coachable
WORKDIR /srv/coachable
VOLUME ["/data"]
EXPOSE 8000
# Behind a proxy, set COACHABLE_TRUSTED_PROXIES to the proxy's address so rate limits see the
# client's address (deploy/compose.yaml does); other senders' X-Forwarded-For is ignored.
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"
CMD ["coachable", "serve", "--host", "0.0.0.0", "--port", "8000"]
