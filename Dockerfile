# basisbot — a small image for a VPS or a cluster.
#   build:  docker build -t basisbot .            (machines without Docker Hub: see scripts/docker-check.sh)
#   run:    docker run -d --env-file .env -v basisbot-data:/app/data --read-only --tmpfs /tmp basisbot
#   once:   docker run --rm -v basisbot-data:/app/data basisbot --once "/basis BTC"
# Everything the bot writes (SQLite file, its lock, charts) is under /app/data; the rest can be read-only.

# Dependencies, from the lockfile. Only package*.json are copied, so a source change keeps this layer.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary can be downloaded.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# The prepare script (tsc) needs the sources, which are not here yet: scripts are run below, by name.
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3 && npm cache clean --force

# Compile TypeScript to dist/, then drop the development dependencies (TypeScript, tsx, vitest).
FROM deps AS build
COPY tsconfig.json tsconfig.build.json ./
COPY core ./core
COPY commands ./commands
COPY bot ./bot
RUN npm run build && npm prune --omit=dev --no-audit --no-fund
# What the bot never loads: ccxt's CommonJS and browser builds (it imports the ES modules of its
# venues), and better-sqlite3's SQLite sources and compiler output beside its compiled addon.
RUN rm -rf node_modules/ccxt/dist/cjs node_modules/ccxt/dist/ccxt.browser.min.js* \
      node_modules/better-sqlite3/deps node_modules/better-sqlite3/src \
    && find node_modules/better-sqlite3/build -mindepth 1 -not -path '*/Release' -not -name '*.node' -prune -exec rm -rf {} +

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HEALTH_PORT=8081
WORKDIR /app
# Owned by root and not writable by the bot: only /app/data is.
COPY package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY scripts/healthcheck.js ./scripts/healthcheck.js
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
# PORT (Telegram webhook mode) and HEALTH_PORT (/healthz, /metrics).
EXPOSE 8080 8081
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["node", "scripts/healthcheck.js"]
# Arguments go to the bot: `docker run basisbot --once "/help"`. Discord's slash commands:
# docker run --rm --env-file .env --entrypoint node basisbot dist/bot/discord/deploy.js
ENTRYPOINT ["node", "--optimize-for-size", "dist/bot/main.js"]
