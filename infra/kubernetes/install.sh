#!/usr/bin/env bash
# Faultline on a Kubernetes cluster: one whole stack in one namespace (docs/kubernetes.md).
#
#   bash infra/kubernetes/install.sh [namespace]        namespace: faultline unless named
#
# Run it again after a change (or for the next attendee's namespace): every step is idempotent.
# It needs kubectl and helm, both pointed at the cluster (the current kubectl context), and the
# right to create objects in the namespace (and to create the namespace, if it is not there yet).
#
#   OVERLAY=workshop                 the kustomize overlay of infra/kubernetes/overlays for
#                                    Faultline's own parts (the default)
#   FAULTLINE_INSTRUCTOR=true        the host's namespace: Grafana gets the Instructor dashboard
#                                    (the answer sheet), as infra/compose/instructor.yaml does
#   GRAFANA_ANONYMOUS_ROLE=Viewer    anonymous visitors' role in Grafana (Admin unless set, as in
#                                    compose); Viewer before Grafana is reachable by others
#   ROLLOUT_TIMEOUT=10m              how long to wait for each workload to be ready
#
# What it does, in order: the namespace; the Secret faultline-secrets (random values, made once,
# never printed); ConfigMaps of compose's own config files (rules, dashboards, Alertmanager's
# routes, Grafana's provisioning: referenced from where compose reads them, not copied); the
# observability backends from their official Helm charts at pinned versions, each with its values
# file in infra/kubernetes/backends; Faultline's services from the kustomize overlay; then it
# waits until every Deployment and StatefulSet of the namespace is rolled out.
set -euo pipefail

namespace="${1:-faultline}"
overlay="${OVERLAY:-workshop}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
backends="$root/infra/kubernetes/backends"
overlay_dir="$root/infra/kubernetes/overlays/$overlay"

fail() {
  echo "install.sh: $*" >&2
  exit 1
}

for tool in kubectl helm; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is required and was not found on PATH"
done
[[ -d "$overlay_dir" ]] || fail "no kustomize overlay $overlay_dir (OVERLAY=$overlay)"
kubectl version >/dev/null 2>&1 || fail "kubectl cannot reach a cluster (kubectl config current-context)"

# Generated files (the Secret's values, the collector's wrapped config): private, and removed on
# any exit.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# --- Namespace ---------------------------------------------------------------------------------
# `get` first: an attendee whose namespace an administrator made may not create namespaces.
if ! kubectl get namespace "$namespace" >/dev/null 2>&1; then
  kubectl create namespace "$namespace"
fi

# --- Secret ------------------------------------------------------------------------------------
# Made once and then kept: a new FAULT_ADMIN_TOKEN would lock out every CLI already given the
# old one, and a new CARD_VAULT_KEY would make cards held for a payment retry unreadable.
# 32 random bytes in hex each (the card vault key must be 64 hex characters, the service token
# at least 16). Written to private files, not the command line, so they never show in `ps`.
# Read one back with:
#   kubectl -n <namespace> get secret faultline-secrets -o jsonpath='{.data.fault-admin-token}' | base64 -d
if kubectl -n "$namespace" get secret faultline-secrets >/dev/null 2>&1; then
  echo "secret/faultline-secrets exists: kept"
else
  mkdir -m 700 "$work/secret"
  for key in fault-admin-token service-token card-vault-key; do
    od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$work/secret/$key"
  done
  kubectl -n "$namespace" create secret generic faultline-secrets --from-file="$work/secret"
fi

# --- ConfigMaps of compose's files -------------------------------------------------------------
# Server-side apply: the dashboards' ConfigMap is about 140 kB, and a client-side apply would copy
# it into the last-applied-configuration annotation, where annotations are limited to 256 KiB in
# all (the ConfigMap itself may hold 1 MiB).
apply_files() { # kind (configmap | secret generic), name, then --from-file arguments
  local kind="$1" name="$2"
  shift 2
  # shellcheck disable=SC2086 # `secret generic` is two words on purpose
  kubectl -n "$namespace" create $kind "$name" "$@" --dry-run=client -o yaml |
    kubectl -n "$namespace" apply --server-side --force-conflicts \
      --field-manager=faultline-install -f -
}
apply_configmap() { apply_files configmap "$@"; }

# Prometheus's rule files (compose's rule_files `rules/*.yml`), mounted by the Prometheus release.
apply_configmap prometheus-rules --from-file="$root/infra/prometheus/rules"
# Alertmanager's routes, grouping, inhibition and the watcher's webhook.
apply_configmap alertmanager-config \
  --from-file=alertmanager.yml="$root/infra/alertmanager/alertmanager.yml"
# Grafana: its data sources (fixed UIDs, every correlation), its dashboard providers, and the
# generated dashboards of each folder.
apply_configmap grafana-datasources --from-file="$root/infra/grafana/provisioning/datasources"
apply_configmap grafana-dashboard-providers \
  --from-file="$root/infra/grafana/provisioning/dashboards"
apply_configmap grafana-dashboards-faultline --from-file="$root/infra/grafana/dashboards/faultline"
# The Instructor folder: empty (a README Grafana does not read) unless this is the host's stack.
if [[ "${FAULTLINE_INSTRUCTOR:-false}" == true ]]; then
  apply_configmap grafana-dashboards-instructor \
    --from-file="$root/infra/grafana/dashboards/instructor"
else
  apply_configmap grafana-dashboards-instructor --from-file="$root/infra/grafana/no-dashboards"
fi
# The exporters: the blackbox probe module (a Secret: the chart's way to take a file made outside
# it) and postgres_exporter's lock-wait query.
apply_files "secret generic" blackbox-exporter-config \
  --from-file=blackbox.yaml="$root/infra/blackbox/blackbox.yml"
apply_configmap postgres-exporter-queries \
  --from-file=queries.yaml="$root/infra/postgres-exporter/queries.yaml"
# Faultline's own parts (infra/kubernetes/base/README.md): PostgreSQL's init scripts (the four
# databases, the monitoring role), and the k6 scripts the shoppers and the sale run with the
# files they import.
apply_configmap postgres-initdb --from-file="$root/infra/postgres/initdb"
apply_configmap k6-scripts \
  --from-file="$root/load-tests/shoppers.ts" \
  --from-file="$root/load-tests/seasonal-sale.ts" \
  --from-file="$root/load-tests/lib"

# --- The backends, from their charts -----------------------------------------------------------
helm repo add open-telemetry https://open-telemetry.github.io/opentelemetry-helm-charts --force-update
helm repo add prometheus-community https://prometheus-community.github.io/helm-charts --force-update
helm repo add grafana-community https://grafana-community.github.io/helm-charts --force-update
helm repo add grafana https://grafana.github.io/helm-charts --force-update
helm repo update open-telemetry prometheus-community grafana-community grafana

# One release per backend, named as compose names the service, so every address in the
# repository (tempo:4317, http://prometheus:9090 …) holds in the namespace. The version is the
# chart's, pinned; its documented keys are in backends/chart-keys/<chart>.json, and
# tests/stack-config checks each values file against them.
install_chart() { # release chart version values-file [more helm arguments]
  local release="$1" chart="$2" version="$3" values="$4"
  shift 4
  helm upgrade --install "$release" "$chart" --version "$version" --namespace "$namespace" \
    --values "$backends/$values" "$@"
}

# The collector runs compose's own config file, handed to the chart whole as `alternateConfig`
# (why not `config`: backends/otel-collector.yaml).
{
  echo 'alternateConfig:'
  sed 's/^/  /' "$root/infra/otel-collector/config.yaml"
} >"$work/otel-collector-config.yaml"
install_chart otel-collector open-telemetry/opentelemetry-collector 0.170.0 otel-collector.yaml \
  --values "$work/otel-collector-config.yaml"

install_chart tempo grafana-community/tempo 2.2.4 tempo.yaml

# Loki runs compose's own config file (the chart's `loki.config`, a template it renders).
install_chart loki grafana-community/loki 18.11.0 loki.yaml \
  --set-file loki.config="$root/infra/loki/loki.yaml"

install_chart pyroscope grafana/pyroscope 2.2.1 pyroscope.yaml

install_chart prometheus prometheus-community/prometheus 29.27.0 prometheus.yaml

install_chart alertmanager prometheus-community/alertmanager 1.42.0 alertmanager.yaml

# The exporters read their files only at start: a checksum of each in its pod's annotations
# restarts it when the file changes.
checksum() { cat "$@" | cksum | cut -d ' ' -f 1; }
install_chart blackbox-exporter prometheus-community/prometheus-blackbox-exporter 11.17.2 \
  blackbox-exporter.yaml \
  --set-string podAnnotations.checksum/config="$(checksum "$root/infra/blackbox/blackbox.yml")"
install_chart postgres-exporter prometheus-community/prometheus-postgres-exporter 8.2.0 \
  postgres-exporter.yaml \
  --set-string annotations.checksum/queries="$(checksum "$root/infra/postgres-exporter/queries.yaml")"

# Grafana reads its data sources and dashboard providers only at start: a checksum of those files
# in its environment restarts it when they change (the dashboards themselves are re-read every
# 30 s). The role of anonymous visitors is compose's GRAFANA_ANONYMOUS_ROLE.
provisioning_checksum="$(checksum "$root"/infra/grafana/provisioning/*/*.yaml)"
install_chart grafana grafana-community/grafana 12.11.1 grafana.yaml \
  --set-string env.GF_AUTH_ANONYMOUS_ORG_ROLE="${GRAFANA_ANONYMOUS_ROLE:-Admin}" \
  --set-string env.FAULTLINE_PROVISIONING_CHECKSUM="$provisioning_checksum"

# --- Faultline's own parts ---------------------------------------------------------------------
# The overlay's Jobs (the sale, the CLI's session) are suspended: applying it again suspends one
# the host has started, so run this between sessions, not during one.
kubectl apply --namespace "$namespace" -k "$overlay_dir"

# --- Ready -------------------------------------------------------------------------------------
while read -r workload; do
  kubectl -n "$namespace" rollout status "$workload" --timeout="${ROLLOUT_TIMEOUT:-10m}"
done < <(kubectl -n "$namespace" get deployments,statefulsets -o name)

cat <<EOF

Faultline is running in namespace $namespace. On this machine:
  kubectl -n $namespace port-forward svc/gateway 8080:8080     the shop, http://localhost:8080
  kubectl -n $namespace port-forward svc/grafana 3000:3000     Grafana, http://localhost:3000
  kubectl -n $namespace port-forward svc/watcher 3005:3005     the pager page, http://localhost:3005
The fault admin token (for the faultline CLI's --token) is in Secret faultline-secrets.
EOF
