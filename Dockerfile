# syntax=docker/dockerfile:1
#
# One image recipe for the four services, the watcher, the gateway and the fault CLI: docker-compose.yml
# builds it once each with --build-arg SERVICE=<catalog|inventory|order|payment|watcher|gateway|faultline-cli>
# and PORT. The dependency install and
# the TypeScript build are identical for all of them, so BuildKit runs them once and shares the layers.
# Why one file and not four: infra/README.md.

ARG NODE_IMAGE=node:24.21.0-slim

# Every package.json of the workspace and the lock file, nothing else: the npm ci layers below are
# cached until a manifest changes, whatever happens to the sources.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir -p /manifests \
 && cp package.json package-lock.json /manifests/ \
 && find apps libs tests -mindepth 2 -maxdepth 2 -name package.json -exec cp --parents {} /manifests/ \;

# Full install (TypeScript, Nx) and the build of the services, the watcher and the libraries they use.
FROM ${NODE_IMAGE} AS build
ENV NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
WORKDIR /app
COPY --from=manifests /manifests/ ./
# npm's download cache lives in a BuildKit cache mount, shared by this install and the production
# install below, which runs once per image (six on `docker compose up`, a seventh for the fault
# CLI): each package is downloaded once per machine, not once per install, and a rebuild after a
# lock-file change fetches only what changed.
RUN --mount=type=cache,id=faultline-npm,target=/root/.npm \
    npm ci --no-audit --no-fund --prefer-offline
COPY . .
RUN npx nx run-many -t build --output-style=static \
      --projects=@faultline/catalog,@faultline/inventory,@faultline/order,@faultline/payment,@faultline/watcher,@faultline/gateway,@faultline/storefront,@faultline/cli

# Production dependencies of one service only, pruned by npm itself, then the compiled output of
# the service and the workspace libraries it depends on (tests/stack-config reproduces exactly this).
FROM ${NODE_IMAGE} AS production
ARG SERVICE
WORKDIR /app
COPY --from=manifests /manifests/ ./
RUN test -n "${SERVICE}" || { echo "build with --build-arg SERVICE=<catalog|inventory|order|payment|watcher|gateway|faultline-cli>" >&2; exit 1; }
RUN --mount=type=cache,id=faultline-npm,target=/root/.npm \
    npm ci --omit=dev --workspace "apps/${SERVICE}" --no-audit --no-fund --prefer-offline
RUN --mount=type=bind,from=build,source=/app,target=/build \
    node /build/infra/docker/copy-workspace-runtime.cjs /build /app "${SERVICE}"
# The gateway serves the storefront's build as files (an app never imports another app): Vite's
# output goes where the gateway looks by default, apps/storefront/dist beside apps/gateway.
RUN --mount=type=bind,from=build,source=/app,target=/build \
    if [ "${SERVICE}" = gateway ]; then \
      mkdir -p /app/apps/storefront && cp -r /build/apps/storefront/dist /app/apps/storefront/dist; \
    fi
# The scenarios (scenarios/*.yaml) for the fault CLI and the gateway's control panel, where
# libs/scenarios looks by default: /app/scenarios.
RUN --mount=type=bind,from=build,source=/app,target=/build \
    if [ "${SERVICE}" = gateway ] || [ "${SERVICE}" = faultline-cli ]; then \
      cp -r /build/scenarios /app/scenarios; \
    fi
# The runbooks (docs/runbooks/*.md) for the watcher, which serves them at /runbooks/<alert> (every
# alert's runbook_url), where it looks by default: /app/docs/runbooks, beside /app/apps.
RUN --mount=type=bind,from=build,source=/app,target=/build \
    if [ "${SERVICE}" = watcher ]; then \
      mkdir -p /app/docs && cp -r /build/docs/runbooks /app/docs/runbooks; \
    fi

FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
ARG PORT=3000
# HOST: every interface of the container; the services' own default is loopback, for native runs.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=${PORT}
COPY --from=production /app /app
WORKDIR /app/apps/${SERVICE}
# The image's unprivileged user; the files stay root-owned and read-only to it.
USER node
EXPOSE ${PORT}
# Readiness over bash's /dev/tcp, not a second `node` inside the container's memory limit every
# 10 s: `node -e "fetch(…)"` peaks at 62-63 MB resident (/usr/bin/time, Node 24.21; the Node
# binary's pages are shared with the service, its own part is about 17 MB), this bash at 3 MB
# (`npm run bench -- --only=memory` measures it). The slim image is Debian: bash, head and grep.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT} && printf 'GET /health/ready HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# Telemetry is preloaded so its instrumentations patch http, express, undici, pg and pino first.
CMD ["node", "--require", "@faultline/instrumented/register", "dist/main.js"]
