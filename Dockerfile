# syntax=docker/dockerfile:1
# Multi-stage: build with dev dependencies, run with production dependencies only, as a non-root user.

FROM node:22-bookworm-slim AS deps
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
RUN npm ci

FROM deps AS build
COPY . .
RUN npm run build

FROM deps AS prod-deps
RUN npm prune --omit=dev

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    CONTROL_DB_PATH=/data/control.sqlite \
    TENANTS_DIR=/data/tenants
WORKDIR /app
# sqlite3 is for operators (fly ssh console): inspecting a tenant file by hand.
RUN apt-get update && apt-get install -y --no-install-recommends sqlite3 ca-certificates curl && rm -rf /var/lib/apt/lists/* \
  && mkdir -p /data && chown node:node /data
# supercronic runs scripts/crontab (the nightly KPI aggregation) next to the web server:
# the job must run on the machine that holds the volume, so it cannot be a separate machine.
ARG SUPERCRONIC_VERSION=v0.2.33
ARG SUPERCRONIC_SHA1SUM=71b0d58cc53f6bd72cf2f293e09e294b79c666d8
RUN curl -fsSLo /usr/local/bin/supercronic \
    "https://github.com/aptible/supercronic/releases/download/${SUPERCRONIC_VERSION}/supercronic-linux-amd64" \
  && echo "${SUPERCRONIC_SHA1SUM}  /usr/local/bin/supercronic" | sha1sum -c - \
  && chmod +x /usr/local/bin/supercronic
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/build ./build
COPY --from=build --chown=node:node /app/public ./public
COPY --chown=node:node package.json tsconfig.json server.ts ./
COPY --chown=node:node app ./app
COPY --chown=node:node db ./db
COPY --chown=node:node scripts ./scripts
USER node
EXPOSE 3000
# At boot, on the machine that holds the volume: migrate the control DB and every tenant file.
# Only a control DB failure stops the boot (/healthz never turns green and Fly keeps the previous
# version); a broken tenant file is reported (log, /admin, /healthz "degraded") and the other
# coaches are served. Then the scheduler in the background and the web server (server.ts,
# Express) in the foreground: it gets SIGTERM from Fly and finishes in-flight requests.
CMD ["sh", "-c", "node --import tsx scripts/migrate.ts && { supercronic /app/scripts/crontab & } && exec node --import tsx server.ts"]
