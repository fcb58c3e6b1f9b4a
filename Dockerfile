# One image for web, worker and migrations (see docker-compose.yml).
# Runs as the image's unprivileged `node` user (uid 1000), never root: a compromise of the web
# app or of a parser of uploaded files gets no root in the container. Dependencies come from the
# lockfile (package-lock.json is copied before the install); `npm install` rather than `npm ci`,
# which calls this lockfile out of sync (it lacks other platforms' optional binaries, which the
# registry it was made with does not serve). No secret is baked in: .env is in .dockerignore, and the web app's
# NEXTAUTH_SECRET comes from the environment at run time.
FROM node:20-bookworm-slim
ENV NEXT_TELEMETRY_DISABLED=1
# The upload volume is created from this directory, so it is the node user's too.
RUN mkdir -p /app /data/uploads && chown node:node /app /data/uploads
WORKDIR /app
USER node
COPY --chown=node:node package.json package-lock.json ./
COPY --chown=node:node prisma ./prisma
COPY --chown=node:node prisma.config.ts ./
RUN npm install --no-audit --no-fund
COPY --chown=node:node . .
RUN npm run build
EXPOSE 3000
CMD ["npm", "run", "start"]
