# Fleetward image: one image, two entry points (server and edge). See docker-compose.yml.
# Node 22 LTS: production should run a supported LTS (Node 20 reached end of life in April 2026).
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim
ENV NODE_ENV=production FLEETWARD_DATA_DIR=/var/lib/fleetward
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends smbclient ca-certificates \
  && rm -rf /var/lib/apt/lists/* && useradd --system --home /var/lib/fleetward fleetward \
  && mkdir -p /var/lib/fleetward && chown fleetward /var/lib/fleetward
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./
USER fleetward
VOLUME ["/var/lib/fleetward"]
EXPOSE 8443
CMD ["node", "dist/server/src/main.js"]
