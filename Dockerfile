# Quadrant gateway + dashboard: Node 20 slim, runs as the unprivileged `node` user.
#   docker build -t quadrant .
#   docker run -p 8787:8787 -e OPENAI_API_KEY=… -v quadrant-data:/data quadrant
#   (with a config: -v $PWD/gateway.yaml:/app/gateway.yaml quadrant serve --config gateway.yaml --host 0.0.0.0)
FROM node:20-slim AS build
WORKDIR /app
# better-sqlite3 falls back to compiling from source when no prebuilt binary can be fetched
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-slim
ENV NODE_ENV=production \
    PORT=8787 \
    QUADRANT_DB=/data/quadrant.db
WORKDIR /app
COPY --from=build /app /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8787
ENTRYPOINT ["node", "--max-semi-space-size=8", "--v8-pool-size=1", "bin/quadrant.js"]
CMD ["serve", "--host", "0.0.0.0"]
