# vergleich: build the release binary, run it on a slim Debian with the datasets beside it.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release -p vergleich-api --locked \
    && cp target/release/vergleich /usr/local/bin/vergleich

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /app vergleich
WORKDIR /app
COPY --from=build /usr/local/bin/vergleich /usr/local/bin/vergleich
COPY datasets /app/datasets
RUN mkdir -p /app/data && chown vergleich /app/data
USER vergleich
ENV VERGLEICH_BIND=0.0.0.0:8080 \
    VERGLEICH_DATASETS=/app/datasets \
    DATABASE_URL=sqlite:/app/data/vergleich.sqlite
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD curl -fsS http://127.0.0.1:8080/health || exit 1
ENTRYPOINT ["vergleich"]
CMD ["serve"]
