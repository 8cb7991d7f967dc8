#!/usr/bin/env bash
# Writes deploy/k8s/prometheusrule.yaml from monitoring/prometheus-alerts.yml (its groups, indented
# under spec). Run it after changing the rules; DeploymentFilesTest checks that both agree.
set -euo pipefail
cd "$(dirname "$0")/../.."
{
  cat <<'EOF'
# monitoring/prometheus-alerts.yml as a Prometheus Operator rule. Its groups are a copy of that
# file's: DeploymentFilesTest fails when they differ. Regenerate with deploy/k8s/prometheusrule.sh.
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: docbatch
  labels:
    app.kubernetes.io/name: docbatch
spec:
EOF
  sed -n '/^groups:/,$p' monitoring/prometheus-alerts.yml | sed 's/^\(.\)/  \1/'
} > deploy/k8s/prometheusrule.yaml
