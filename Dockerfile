# One image for both processes: the API (default command) and the worker (`node apps/worker/dist/main.js`).
# Production runs `node` on the built bundles under tini: `docker stop`'s SIGTERM reaches node directly and the
# process drains (in-flight requests finish, later ones get 503 + Retry-After) before it exits.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund && npm run build

FROM node:24-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY packages/core/package.json packages/core/
COPY db/package.json db/
COPY apps/api/package.json apps/api/
COPY apps/worker/package.json apps/worker/
COPY apps/standalone/package.json apps/standalone/
COPY apps/web/package.json apps/web/
RUN npm ci --omit=dev --no-audit --no-fund
COPY migrations migrations
COPY --from=build /app/apps/api/dist apps/api/dist
COPY --from=build /app/apps/worker/dist apps/worker/dist
COPY --from=build /app/apps/standalone/dist apps/standalone/dist
COPY --from=build /app/db/dist db/dist
COPY --from=build /app/apps/web/dist apps/web/dist
USER node
EXPOSE 8080
# Drain deadline is 25 s; leave room for it (`docker stop -t 30`, Kubernetes terminationGracePeriodSeconds: 30).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--enable-source-maps", "apps/api/dist/main.js"]
