# One image for both processes: `npm run start:api` (default) and `npm run start:worker`.
# The dashboard is built in a stage of its own, so the image carries only its static files.
FROM node:20-bookworm-slim AS web
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund && npm run build:web

FROM node:20-bookworm-slim
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
COPY . .
COPY --from=web /app/apps/web/dist apps/web/dist
USER node
EXPOSE 8080
CMD ["npm", "run", "start:api"]
