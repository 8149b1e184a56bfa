# basisbot — a small image for a VPS. Build: docker build -t basisbot .
# Run:   docker run -d --env-file .env -v basisbot-data:/app/data basisbot
FROM node:20-bookworm-slim AS deps
WORKDIR /app
# better-sqlite3 builds from source when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY core ./core
COPY commands ./commands
COPY bot ./bot
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
CMD ["node_modules/.bin/tsx", "bot/main.ts"]
