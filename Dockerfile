# monitor as a container: the service on the config in /srv/monitor/config, data in /srv/monitor/var.
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    MONITOR_CONFIG=/srv/monitor/config/monitor.toml

WORKDIR /src
COPY pyproject.toml README.md ./
COPY monitor ./monitor
COPY config ./config
COPY templates ./templates
COPY demo ./demo
RUN pip install . && mkdir -p /srv/monitor/var && cp -r config /srv/monitor/config

WORKDIR /srv/monitor
VOLUME ["/srv/monitor/var"]
HEALTHCHECK --interval=60s --timeout=20s --start-period=120s CMD ["monitor", "status"]
CMD ["monitor", "run"]
