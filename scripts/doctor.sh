#!/usr/bin/env bash
# Faultline doctor: checks, before the workshop day, that this machine can run the compose stack.
#
#   bash scripts/doctor.sh        (or `npm run doctor` where Node is installed)
#
# Needs bash (3.2 or newer: macOS's own is fine), awk, df and the docker CLI; not Node. Every check
# prints PASS, WARN or FAIL, and every FAIL the fix in one line. Exits 1 when anything FAILs.
# The memory the stack needs and the ports it publishes are read from docker-compose.yml here, so
# they follow the file. DOCTOR_PORTS="3000 3001" checks those ports instead of the compose file's.

set -u

# --- Minimum versions, and why -------------------------------------------------------------------
# Docker Engine 20.10: the newest engine feature the stack uses is `host-gateway` in extra_hosts
# (infra/compose/backends.yaml), added in Engine 20.10.0. The others are older: the Dockerfile's
# `# syntax=docker/dockerfile:1` and `RUN --mount` need BuildKit (Engine 18.09), a healthcheck's
# start_period Engine 17.05.
MIN_ENGINE=20.10.0
# Compose 2.15: every compose-file feature used (depends_on with condition: service_healthy,
# profiles, mem_limit, init, ${VAR:-default} in ports) works in any Compose v2, which implements
# the Compose Specification; the newest need is `docker compose pull --ignore-buildable`, the
# pre-pull step of docs/workshop-host.md, added in 2.15.0 (docker/compose release notes, #10134).
MIN_COMPOSE=2.15.0
# Compose builds through buildx since docker/compose#13295 (merged 2025-10-18, after 2.40.1) and
# then refuses to build with a buildx older than 0.17; older Compose uses the engine's BuildKit.
MIN_BUILDX=0.17.0
COMPOSE_NEEDS_BUILDX=2.40.2
# Memory beyond the containers' limits: the daemon and, on macOS/Windows, the VM's own kernel and
# page cache, plus the image build (npm ci and tsc run outside any container limit). The limits are
# every mem_limit of the file, the sale's and the fault CLI's included; README.md's "at least N GiB"
# is this sum plus this headroom, rounded up (tests/stack-config checks that they agree).
MEMORY_HEADROOM_MIB=1024
# Disk, in MB. An estimate, not a measurement (no engine where this was written): the pulled images
# unpacked, from their registries' sizes - Grafana ~700, Postgres ~450, Prometheus ~300, the OTel
# collector ~300, node:24-slim ~230, Tempo, Loki, Pyroscope ~120 each, Alertmanager, k6 ~80 each,
# the two exporters ~30 each: ~2,600. The build: npm ci with dev dependencies (~350 in this repo)
# and the build stage, then production dependencies and a runtime image for each image built from
# the Dockerfile (six on `docker compose up`, the fault CLI's a seventh): ~2,000. The volumes after a workshop day (TSDB, logs, traces, profiles): ~1,000.
# Headroom: compressed layers kept beside unpacked ones (containerd image store), a rebuild before
# pruning, container logs. After a first run, `docker system df` shows the real figures.
DISK_IMAGES_MB=2600
DISK_BUILD_MB=2000
DISK_VOLUMES_MB=1000
DISK_HEADROOM_MB=4000

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
COMPOSE_FILE_PATH="$(dirname "$SCRIPT_DIR")/docker-compose.yml"

# --- Output ----------------------------------------------------------------------------------------
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ] && [ "${TERM:-dumb}" != dumb ]; then
  C_PASS=$'\033[32m' C_WARN=$'\033[33m' C_FAIL=$'\033[31m' C_OFF=$'\033[0m'
else
  C_PASS='' C_WARN='' C_FAIL='' C_OFF=''
fi
PASSED=0 WARNED=0 FAILED=0

pass() { PASSED=$((PASSED + 1)); printf '%sPASS%s  %s\n' "$C_PASS" "$C_OFF" "$1"; }
# warn MESSAGE [HINT]
warn() {
  WARNED=$((WARNED + 1))
  printf '%sWARN%s  %s\n' "$C_WARN" "$C_OFF" "$1"
  if [ -n "${2:-}" ]; then printf '      hint: %s\n' "$2"; fi
}
# fail MESSAGE FIX
fail() {
  FAILED=$((FAILED + 1))
  printf '%sFAIL%s  %s\n' "$C_FAIL" "$C_OFF" "$1"
  printf '      fix: %s\n' "$2"
}

# --- Helpers ---------------------------------------------------------------------------------------
have() { command -v "$1" >/dev/null 2>&1; }

# The docker CLI, bounded where `timeout` exists: a wedged daemon must not hang the doctor.
dk() {
  if have timeout; then timeout 30 docker "$@"; else docker "$@"; fi
}

# The first version number (1.2 or 1.2.3, with or without a leading v) in the text on stdin.
version_in() {
  awk '{ if (match($0, /[0-9]+\.[0-9]+(\.[0-9]+)?/)) { print substr($0, RSTART, RLENGTH); exit } }'
}

# version_at_least ACTUAL MINIMUM: numeric comparison of major.minor.patch.
version_at_least() {
  awk -v a="$1" -v b="$2" 'BEGIN {
    na = split(a, x, "."); nb = split(b, y, ".")
    for (i = 1; i <= 3; i++) {
      p = (i <= na) ? x[i] + 0 : 0; q = (i <= nb) ? y[i] + 0 : 0
      if (p > q) exit 0
      if (p < q) exit 1
    }
    exit 0
  }'
}

# Substitutes $VAR, ${VAR}, ${VAR:-default}, ${VAR-default} and $$ from the environment, as Compose
# does (a .env file beside the compose file is not read here).
AWK_INTERPOLATE='
function interpolate(s,   out, token, expr, name, op, def, val) {
  out = ""
  while (match(s, /\$(\$|\{[A-Za-z_][A-Za-z0-9_]*(:?-[^}]*)?\}|[A-Za-z_][A-Za-z0-9_]*)/)) {
    out = out substr(s, 1, RSTART - 1)
    token = substr(s, RSTART, RLENGTH)
    s = substr(s, RSTART + RLENGTH)
    if (token == "$$") { out = out "$"; continue }
    if (substr(token, 2, 1) == "{") expr = substr(token, 3, length(token) - 3)
    else expr = substr(token, 2)
    name = expr; op = ""; def = ""
    if (match(expr, /:?-/)) {
      op = substr(expr, RSTART, RLENGTH); def = substr(expr, RSTART + RLENGTH)
      name = substr(expr, 1, RSTART - 1)
    }
    if (op == ":-") val = (ENVIRON[name] != "") ? ENVIRON[name] : def
    else if (op == "-") val = (name in ENVIRON) ? ENVIRON[name] : def
    else val = ENVIRON[name]
    out = out val
  }
  return out s
}
function unquote(s) {
  sub(/^[ \t]+/, "", s)
  if (s ~ /^"/) { sub(/^"/, "", s); sub(/".*$/, "", s); return s }
  if (s ~ /^'\''/) { sub(/^'\''/, "", s); sub(/'\''.*$/, "", s); return s }
  sub(/[ \t]+#.*$/, "", s); sub(/[ \t]+$/, "", s)
  return s
}
'

# The sum of every `mem_limit:` in the compose file, in MiB (rounded up). Each line counts once: a
# limit inside an x- anchor merged into several services would be undercounted (the stack-config
# test compares this sum with the parsed file's). Prints "ERR <value>" for
# a value it cannot read. Units as Compose accepts them: b, k, m, g, t, optionally kb/KiB and so on.
compose_memory_mib() {
  awk "$AWK_INTERPOLATE"'
    /^[ \t]*#/ { next }
    /^[ \t]+mem_limit:/ {
      v = $0; sub(/^[ \t]+mem_limit:/, "", v); v = tolower(interpolate(unquote(v)))
      if (!match(v, /^[0-9]+(\.[0-9]+)?/)) { print "ERR " v; bad = 1; next }
      n = substr(v, 1, RLENGTH) + 0; u = substr(v, RLENGTH + 1)
      sub(/b$/, "", u); sub(/i$/, "", u)
      if (u == "") f = 1 / 1048576
      else if (u == "k") f = 1 / 1024
      else if (u == "m") f = 1
      else if (u == "g") f = 1024
      else if (u == "t") f = 1048576
      else { print "ERR " v; bad = 1; next }
      total += n * f
    }
    END { if (!bad) { t = int(total); if (t < total) t++; print t } }
  ' "$COMPOSE_FILE_PATH"
}

# The TCP ports the compose file publishes on the host, one "port|entry" line each, from the short
# syntax ('127.0.0.1:3005:3005', '${ADDR:-127.0.0.1}:3000:3000', '8080:80/tcp', '3000-3002:3000-3002'),
# the flow syntax ([ '3000:3000' ]) and the long syntax (published: 8080). Entries without a host
# port ('9229') get a random one and are left out, as are UDP ones.
compose_published_ports() {
  awk "$AWK_INTERPOLATE"'
    function indent(s) { match(s, /^[ ]*/); return RLENGTH }
    function emit(host, entry,   lo, hi, p, r) {
      if (host ~ /^[0-9]+$/) { print host "|" entry; return }
      if (match(host, /^[0-9]+-[0-9]+$/)) {
        r = index(host, "-"); lo = substr(host, 1, r - 1) + 0; hi = substr(host, r + 1) + 0
        for (p = lo; p <= hi; p++) print p "|" entry
      }
    }
    function short_entry(raw,   v, parts, n) {
      v = interpolate(raw)
      if (v ~ /\/udp$/ || v ~ /\/sctp$/) return
      sub(/\/tcp$/, "", v)
      gsub(/\[[^]]*\]/, "ip", v)
      n = split(v, parts, ":")
      if (n == 2) emit(parts[1], raw)
      else if (n >= 3) emit(parts[n - 1], raw)
    }
    /^[ \t]*(#|$)/ { next }
    {
      ind = indent($0)
      if (inports && ind <= portsind) inports = 0
      if (inports) {
        line = $0; sub(/^[ \t]+/, "", line)
        if (line ~ /^- /) { line = substr(line, 3); sub(/^[ \t]+/, "", line) }
        if (line ~ /^published:/) { sub(/^published:/, "", line); emit(interpolate(unquote(line)), "published: " unquote(line)); next }
        if (line ~ /^[A-Za-z_]+:/) next
        short_entry(unquote(line))
        next
      }
      if ($0 ~ /^[ \t]+ports:[ \t]*\[/) {
        line = $0; sub(/^[^[]*\[/, "", line); sub(/\].*$/, "", line)
        n = split(line, items, ",")
        for (i = 1; i <= n; i++) { item = unquote(items[i]); if (item != "") short_entry(item) }
        next
      }
      if ($0 ~ /^[ \t]+ports:[ \t]*(#.*)?$/) { inports = 1; portsind = ind }
    }
  ' "$COMPOSE_FILE_PATH"
}

# The images the compose file pulls (services built from the Dockerfile have none).
compose_images() {
  awk "$AWK_INTERPOLATE"'
    /^[ \t]*#/ { next }
    /^[ \t]+image:/ { v = $0; sub(/^[ \t]+image:/, "", v); v = interpolate(unquote(v)); if (v != "") print v }
  ' "$COMPOSE_FILE_PATH"
}

# "name (pid N)" of the process listening on TCP port $1 per ss -ltnp, "" when ss cannot tell.
# Returns 1 when nothing listens there.
listener_from_ss() {
  printf '%s\n' "$SS_LISTING" | awk -v port="$1" '
    NR > 1 {
      addr = $4; sub(/.*:/, "", addr)
      if (addr != port) next
      who = ""
      if (match($0, /users:\(\("[^"]*",pid=[0-9]+/)) {
        s = substr($0, RSTART + 9, RLENGTH - 9)
        name = s; sub(/".*$/, "", name)
        pid = s; sub(/.*pid=/, "", pid)
        who = name " (pid " pid ")"
      }
      print who; found = 1; exit
    }
    END { exit found ? 0 : 1 }
  '
}

# Without ss: does anything accept a connection on 127.0.0.1:$1? (bash's /dev/tcp)
listening_by_connect() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# "name (pid N)" from lsof where it exists (macOS has it, not ss).
listener_from_lsof() {
  have lsof || return 0
  lsof -nP -iTCP:"$1" -sTCP:LISTEN -Fpc 2>/dev/null | awk '
    /^p/ && !pid { pid = substr($0, 2) }
    /^c/ && !name { name = substr($0, 2) }
    END { if (name != "") print name " (pid " pid ")" }
  '
}

# --- Checks ----------------------------------------------------------------------------------------
ENGINE_UP=0
DESKTOP=0
COMPOSE_VERSION=''

check_engine() {
  if ! have docker; then
    fail "The docker command is not installed" \
      "install Docker Desktop (macOS, Windows) or Docker Engine (Linux): https://docs.docker.com/get-docker/"
    return
  fi
  local err
  if err=$(dk info 2>&1 >/dev/null); then
    ENGINE_UP=1
    pass "Docker engine reachable (docker info)"
  else
    case "$err" in
      *"permission denied"*)
        fail "Docker engine not reachable: permission denied on the Docker socket" \
          "sudo usermod -aG docker \"\$USER\", then log out and in again (or run Docker Desktop)" ;;
      *)
        local said
        said=$(printf '%s\n' "$err" | grep -v '^[[:space:]]*$' | tail -n 1)
        fail "Docker engine not reachable (docker info failed: ${said:-no message})" \
          "start Docker Desktop, or on Linux: sudo systemctl start docker; then run this again (the engine's version, memory, architecture and disk are checked once it answers)" ;;
    esac
    return
  fi
  case "$(dk info --format '{{.OperatingSystem}}' 2>/dev/null)" in
    *"Docker Desktop"*) DESKTOP=1 ;;
  esac

  local raw version
  raw=$(dk version --format '{{.Server.Version}}' 2>/dev/null)
  version=$(printf '%s\n' "$raw" | version_in)
  if [ -z "$version" ]; then
    warn "Docker Engine version unknown (docker version answered '${raw}')" \
      "the stack needs Docker Engine $MIN_ENGINE or newer"
  elif version_at_least "$version" "$MIN_ENGINE"; then
    pass "Docker Engine $raw ($MIN_ENGINE or newer)"
  else
    fail "Docker Engine $raw is older than $MIN_ENGINE (host-gateway in extra_hosts needs 20.10)" \
      "update Docker Desktop, or Docker Engine on Linux: https://docs.docker.com/engine/install/"
  fi
}

check_compose() {
  have docker || return
  local raw version legacy
  raw=$(dk compose version --short 2>/dev/null) || raw=$(dk compose version 2>/dev/null) || raw=''
  version=$(printf '%s\n' "$raw" | version_in)
  if [ -n "$version" ]; then
    COMPOSE_VERSION=$version
    if version_at_least "$version" "$MIN_COMPOSE"; then
      pass "Docker Compose $version ($MIN_COMPOSE or newer)"
    else
      fail "Docker Compose $version is older than $MIN_COMPOSE (docker compose pull --ignore-buildable needs 2.15)" \
        "update Docker Desktop, or on Linux: sudo apt-get install docker-compose-plugin (Docker's apt repository; https://docs.docker.com/compose/install/linux/)"
    fi
    return
  fi
  legacy=''
  if have docker-compose; then
    legacy=$(docker-compose version --short 2>/dev/null | version_in)
  fi
  case "$legacy" in
    '')
      fail "Docker Compose v2 not found (docker compose version failed)" \
        "install the Compose plugin: Docker Desktop includes it; Linux: sudo apt-get install docker-compose-plugin (https://docs.docker.com/compose/install/linux/)" ;;
    1.*)
      fail "Only the legacy docker-compose $legacy (Compose v1, end of life) is installed; the stack needs Compose v2 ('docker compose')" \
        "install the Compose v2 plugin: update Docker Desktop, or on Linux: sudo apt-get install docker-compose-plugin (https://docs.docker.com/compose/install/linux/)" ;;
    *)
      fail "Compose $legacy is installed as docker-compose but not as the docker plugin ('docker compose')" \
        "mkdir -p ~/.docker/cli-plugins && ln -s \"\$(command -v docker-compose)\" ~/.docker/cli-plugins/docker-compose" ;;
  esac
}

check_buildkit() {
  have docker || return
  if [ "${DOCKER_BUILDKIT:-}" = 0 ]; then
    fail "DOCKER_BUILDKIT=0 selects the legacy builder, which cannot build the Dockerfile (RUN --mount)" \
      "unset DOCKER_BUILDKIT (and remove it from your shell profile)"
  fi
  local version
  version=$(dk buildx version 2>/dev/null | version_in)
  if [ -n "$version" ] && version_at_least "$version" "$MIN_BUILDX"; then
    pass "BuildKit: docker buildx $version"
    return
  fi
  local what="docker buildx not found"
  if [ -n "$version" ]; then what="docker buildx $version is older than $MIN_BUILDX"; fi
  local fix="update Docker Desktop, or on Linux: sudo apt-get install docker-buildx-plugin (https://docs.docker.com/engine/install/)"
  if [ -z "$COMPOSE_VERSION" ]; then
    warn "$what (Compose $COMPOSE_NEEDS_BUILDX and newer need buildx $MIN_BUILDX+ to build the services' image)" "$fix"
  elif version_at_least "$COMPOSE_VERSION" "$COMPOSE_NEEDS_BUILDX"; then
    fail "$what: Compose $COMPOSE_VERSION will not build the services' image without buildx $MIN_BUILDX+" "$fix"
  else
    warn "$what (optional with Compose $COMPOSE_VERSION, which builds with the engine's BuildKit)" "$fix"
  fi
}

check_memory() {
  local need lines
  lines=$(compose_memory_mib)
  case "$lines" in
    ''|*ERR*)
      warn "Could not add up the mem_limit values of docker-compose.yml ($(printf '%s' "$lines" | tr '\n' ' '))" \
        "every service needs a mem_limit like 144m or 1g"
      return ;;
  esac
  need=$lines
  [ "$ENGINE_UP" = 1 ] || return
  local bytes total want want_gb
  bytes=$(dk info --format '{{.MemTotal}}' 2>/dev/null)
  case "$bytes" in
    ''|*[!0-9]*) warn "Docker did not say how much memory it may use ('$bytes')" ""; return ;;
  esac
  total=$((bytes / 1048576))
  want=$((need + MEMORY_HEADROOM_MIB))
  want_gb=$(((want + 1023) / 1024))
  local setting="Docker Desktop: Settings → Resources → Memory, at least $want_gb GB"
  if [ "$total" -lt "$need" ]; then
    if [ "$DESKTOP" = 1 ]; then
      fail "Docker may use $total MiB of memory; the stack's mem_limit values in docker-compose.yml add up to $need MiB" "$setting"
    else
      fail "Docker may use $total MiB of memory; the stack's mem_limit values in docker-compose.yml add up to $need MiB" \
        "$setting; Docker Engine on Linux uses the machine's own memory, so this one has too little: use one with $want_gb GB or more"
    fi
  elif [ "$total" -lt "$want" ]; then
    warn "Docker may use $total MiB of memory: enough for the stack's $need MiB of limits, but less than $want MiB with room for the build and the engine itself" \
      "$setting"
  else
    pass "Memory: Docker may use $total MiB; the stack's limits add up to $need MiB"
  fi
}

check_ports() {
  local entries source
  if [ -n "${DOCTOR_PORTS:-}" ]; then
    entries=$(printf '%s\n' $(printf '%s' "$DOCTOR_PORTS" | tr ',' ' ') | awk '/^[0-9]+$/ { print $0 "|" }')
    source="DOCTOR_PORTS"
  else
    entries=$(compose_published_ports | sort -t '|' -k1,1n -u)
    source="published by docker-compose.yml"
  fi
  if [ -z "$entries" ]; then
    warn "No published ports found ($source)" ""
    return
  fi

  local method=''
  SS_LISTING=''
  if have ss && SS_LISTING=$(ss -ltnp 2>/dev/null) && [ -n "$SS_LISTING" ]; then
    method=ss
  elif [ -n "${BASH_VERSION:-}" ]; then
    method=connect
  fi
  local all
  all=$(printf '%s\n' "$entries" | cut -d '|' -f 1 | tr '\n' ' ' | sed 's/ $//')
  if [ -z "$method" ]; then
    warn "Cannot tell whether ports $all are free (neither ss nor bash's /dev/tcp)" \
      "check by hand: nothing may listen on them before docker compose up"
    return
  fi

  local containers=''
  if [ "$ENGINE_UP" = 1 ]; then
    containers=$(dk ps --format '{{.Names}} {{.Ports}}' 2>/dev/null)
  fi

  local free='' port entry who busy container
  while IFS='|' read -r port entry; do
    [ -n "$port" ] || continue
    busy=0 who=''
    if [ "$method" = ss ]; then
      if who=$(listener_from_ss "$port"); then busy=1; fi
    elif listening_by_connect "$port"; then
      busy=1 who=$(listener_from_lsof "$port")
    fi
    if [ "$busy" = 0 ]; then
      free="$free $port"
      continue
    fi
    container=$(printf '%s\n' "$containers" | awk -v p=":$port->" 'index($0, p) { print $1; exit }')
    if [ -n "$container" ]; then
      warn "Port $port is published by the container $container" \
        "fine if that is this stack already running (docker compose ps); otherwise: docker stop $container"
      continue
    fi
    local change="or publish another host port: in docker-compose.yml change the host side (before the last colon) of '$entry', e.g. to $((port + 10000))"
    if [ -z "$entry" ]; then change="or publish another host port for it in docker-compose.yml"; fi
    if [ -n "$who" ]; then
      fail "Port $port is in use by $who" "stop $who, $change"
    else
      fail "Port $port is in use (by a process this user cannot see: sudo ss -ltnp / sudo lsof -i :$port names it)" \
        "stop that process, $change"
    fi
  done <<EOF
$entries
EOF
  if [ -n "$free" ]; then
    pass "Ports free:$free ($source)"
  fi
}

check_architecture() {
  local host docker_arch=''
  host=$(uname -m 2>/dev/null)
  case "$host" in
    x86_64|amd64|aarch64|arm64) ;;
    *)
      fail "This machine is ${host:-unknown}: the stack's images are published for x86_64 (amd64) and arm64 only" \
        "use a laptop with an Intel/AMD 64-bit or an ARM 64-bit (Apple silicon) processor"
      return ;;
  esac
  if [ "$ENGINE_UP" = 1 ]; then
    docker_arch=$(dk info --format '{{.Architecture}}' 2>/dev/null)
    case "$docker_arch" in
      x86_64|amd64|aarch64|arm64) ;;
      *)
        fail "Docker runs on ${docker_arch:-an unknown architecture}: the stack's images are published for x86_64 (amd64) and arm64 only" \
          "run Docker natively for this machine's $host processor (Docker Desktop: the download for your chip)"
        return ;;
    esac
    pass "Architecture: $host, Docker $docker_arch"
  else
    pass "Architecture: $host"
  fi
}

check_disk() {
  local dir='.' where root images_present=0 need want avail_kb avail_mb
  if [ "$ENGINE_UP" = 1 ]; then
    root=$(dk info --format '{{.DockerRootDir}}' 2>/dev/null)
    if [ -n "$root" ] && [ -d "$root" ]; then dir=$root; fi
    # One call: true only when every pulled image of the compose file is already here.
    local images
    images=$(compose_images)
    if [ -n "$images" ] && dk image inspect $images >/dev/null 2>&1; then images_present=1; fi
  fi
  where=$dir
  if [ "$dir" = . ]; then
    if [ "$ENGINE_UP" = 0 ]; then where="$(pwd) (Docker's data folder unknown until the engine answers)"
    else where="$(pwd) (Docker's data, ${root:-unknown}, is not on this machine's file system: a VM disk)"; fi
  fi
  avail_kb=$(df -Pk "$dir" 2>/dev/null | awk 'NR == 2 { print $4 }')
  case "$avail_kb" in
    ''|*[!0-9]*) warn "Could not read the free disk space at $where" "docker system df shows what Docker uses"; return ;;
  esac
  avail_mb=$((avail_kb / 1024))
  need=$((DISK_BUILD_MB + DISK_VOLUMES_MB))
  local counted="the services' build and the volumes"
  if [ "$images_present" = 0 ]; then
    need=$((need + DISK_IMAGES_MB))
    counted="the pulled images, the services' build and the volumes"
  fi
  want=$((need + DISK_HEADROOM_MB))
  local free_gb need_gb want_gb
  free_gb=$(awk -v m="$avail_mb" 'BEGIN { printf "%.1f", m / 1024 }')
  need_gb=$(((need + 1023) / 1024))
  want_gb=$(((want + 1023) / 1024))
  local fix="free space (docker system prune removes stopped containers, unused images and build cache); Docker Desktop: Settings → Resources → Advanced → Disk image size / virtual disk limit"
  if [ "$avail_mb" -lt "$need" ]; then
    fail "Disk: $free_gb GB free at $where; $counted take about $need_gb GB" "$fix"
  elif [ "$avail_mb" -lt "$want" ]; then
    warn "Disk: $free_gb GB free at $where; enough for $counted (about $need_gb GB) but less than $want_gb GB with room to spare" "$fix"
  else
    pass "Disk: $free_gb GB free at $where (about $need_gb GB needed)"
  fi
}

# --- Main ------------------------------------------------------------------------------------------
echo "Faultline doctor: can this machine run the workshop stack?"
echo
if [ ! -f "$COMPOSE_FILE_PATH" ]; then
  fail "docker-compose.yml not found at $COMPOSE_FILE_PATH" \
    "run bash scripts/doctor.sh from a full clone of the Faultline repository"
else
  check_engine
  check_compose
  check_buildkit
  check_memory
  check_ports
  check_architecture
  check_disk
fi

echo
warnings="$WARNED warnings"
if [ "$WARNED" = 1 ]; then warnings="1 warning"; fi
if [ "$FAILED" -gt 0 ]; then
  echo "Summary: $PASSED passed, $warnings, $FAILED failed - fix the FAIL lines above before the workshop."
  exit 1
fi
echo "Summary: $PASSED passed, $warnings, 0 failed - ready for docker compose up."
exit 0
