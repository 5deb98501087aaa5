# One image for both processes: `npm run start:api` (default) and `npm run start:worker`.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY packages/core/package.json packages/core/
COPY db/package.json db/
COPY apps/api/package.json apps/api/
COPY apps/worker/package.json apps/worker/
COPY apps/standalone/package.json apps/standalone/
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
USER node
EXPOSE 8080
CMD ["npm", "run", "start:api"]
