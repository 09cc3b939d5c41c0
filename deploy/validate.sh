#!/usr/bin/env bash
# Offline checks of deploy/kubernetes/*.yaml and the Dockerfile, for CI: no cluster, registry or container engine.
#
#   deploy/validate.sh              every check below; exit 1 on any problem, naming it
#   deploy/validate.sh --cluster    also `kubectl apply --dry-run=server -k` against the current kubeconfig context
#
# What kubectl can do offline (kubectl 1.32): `kubectl apply|create --dry-run=client` still asks the API server for
# its resource list (and, unless --validate=false, its OpenAPI schema), so without a cluster it fails; with no
# kubeconfig it would ask http://localhost:8080, which is where `./aloe up` serves. So this script gives kubectl a
# kubeconfig that points nowhere and uses only commands that need no server:
#   - `kubectl kustomize`: kustomization.yaml builds (files exist, YAML parses, namespace and image applied);
#   - `kubectl label --local -o json`: every file parses into Kubernetes objects (apiVersion, kind, name);
#   - `kubectl set env --local -o json`: Deployments decode into the typed API structs (a wrong type fails) and the
#     round trip drops no field (a misspelt field name would be dropped, so it is reported);
#   - jq: the rules of this deployment (probes, security context, environment, Secrets and ConfigMap references, ...).
# The Dockerfile gets a minimal lint (instructions, JSON arrays, stages, COPY sources, .dockerignore); building it is
# deploy/build-image.sh. Needs kubectl and jq (jq is installed from Debian when missing and this runs as root).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KDIR="$ROOT/deploy/kubernetes"
CLUSTER=0
case "${1:-}" in
  "") ;;
  --cluster) CLUSTER=1 ;;
  -h|--help) sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "usage: deploy/validate.sh [--cluster]" >&2; exit 2 ;;
esac

PROBLEMS=0
CHECKS=0
ok() { CHECKS=$((CHECKS + 1)); echo "  ok    $*"; }
bad() { CHECKS=$((CHECKS + 1)); PROBLEMS=$((PROBLEMS + 1)); echo "  FAIL  $*"; }
# check "description" command...: ok when the command succeeds, FAIL (with its output) when it does not.
check() {
  local what="$1" out
  shift
  if out="$("$@" 2>&1)"; then ok "$what"; else bad "$what"; [[ -n "$out" ]] && sed 's/^/          /' <<<"$out"; fi
}

if ! command -v kubectl >/dev/null; then
  echo "validate: kubectl not found on PATH; it is needed to check the manifests (the CI image has it at /usr/bin/kubectl)" >&2
  exit 1
fi
if ! command -v jq >/dev/null; then
  if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "validate: installing jq from Debian" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >/dev/null
  else
    echo "validate: jq not found; install the Debian package jq" >&2
    exit 1
  fi
fi

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
# A kubeconfig whose only cluster does not exist (.invalid never resolves): nothing below may reach a real server.
cat >"$TMP/kubeconfig" <<'EOF'
apiVersion: v1
kind: Config
clusters:
  - name: offline
    cluster:
      server: https://kubernetes.invalid:6443
users:
  - name: offline
    user: {token: offline}
contexts:
  - name: offline
    context: {cluster: offline, user: offline}
current-context: offline
EOF
K=(kubectl --kubeconfig="$TMP/kubeconfig" --request-timeout=5s)

echo "validate: kubectl $(kubectl version --client -o json 2>/dev/null | jq -r '.clientVersion.gitVersion'), jq $(jq --version)"

# ---- Kubernetes: parse every file ----------------------------------------------------------------------------------
echo "deploy/kubernetes: parsing"
mapfile -t FILES < <(cd "$KDIR" && ls -1 ./*.yaml | sed 's|^\./||' | grep -vx kustomization.yaml)
# Files not in kustomization.yaml's resources, on purpose.
NOT_LISTED=(secrets.example.yaml gateway-deployment.yaml)
: >"$TMP/all.json"
for file in "${FILES[@]}"; do
  if "${K[@]}" label --local -f "$KDIR/$file" aloe-validate- -o json >"$TMP/$file.json" 2>"$TMP/err"; then
    jq -c --arg file "$file" '. + {"_file": $file}' "$TMP/$file.json" >>"$TMP/all.json"
    kinds="$(jq -r '.kind' "$TMP/$file.json" | sort -u | paste -sd, -)"
    count="$(jq -s 'length' "$TMP/$file.json")"
    if [[ "$kinds" == *,* ]]; then
      bad "$file: one kind per file, found $kinds"
    else
      ok "$file: parses ($count $kinds)"
    fi
  else
    bad "$file: does not parse"
    sed 's/^/          /' "$TMP/err"
  fi
done

echo "deploy/kubernetes: kustomization"
if "${K[@]}" kustomize "$KDIR" >"$TMP/rendered.yaml" 2>"$TMP/err"; then
  ok "kubectl kustomize deploy/kubernetes builds ($(grep -c '^kind:' "$TMP/rendered.yaml") objects)"
else
  bad "kubectl kustomize deploy/kubernetes"
  sed 's/^/          /' "$TMP/err"
fi
listed="$(sed -n '/^resources:/,/^[a-z]/p' "$KDIR/kustomization.yaml" | sed -n 's/^  - \([^ #]*\).*/\1/p')"
for file in "${FILES[@]}"; do
  if grep -qx "$file" <<<"$listed"; then
    [[ " ${NOT_LISTED[*]} " == *" $file "* ]] && bad "kustomization.yaml lists $file, which must stay out of it"
  elif [[ " ${NOT_LISTED[*]} " != *" $file "* ]]; then
    bad "kustomization.yaml does not list $file"
  fi
done
ok "kustomization.yaml lists every manifest but ${NOT_LISTED[*]}"
if [[ -s "$TMP/rendered.yaml" ]]; then
  "${K[@]}" label --local -f "$TMP/rendered.yaml" aloe-validate- -o json >"$TMP/rendered.json"
  check "every rendered object is in namespace aloe (the Namespace itself is named aloe)" \
    jq -se 'all(.[]; if .kind == "Namespace" then .metadata.name == "aloe" else .metadata.namespace == "aloe" end)' "$TMP/rendered.json"
fi

# ---- Kubernetes: typed decoding of the Deployments ---------------------------------------------------------------
echo "deploy/kubernetes: typed decoding"
NORMALISE='del(.metadata.creationTimestamp, .status, .spec.template.metadata.creationTimestamp)
  | (.spec.template.spec.containers[].env) |= map(select(.name != "ALOE_VALIDATE"))'
for file in $(jq -r 'select(.kind == "Deployment") | ._file' "$TMP/all.json" | sort -u); do
  if "${K[@]}" set env --local -f "$KDIR/$file" ALOE_VALIDATE=1 -o json >"$TMP/typed.json" 2>"$TMP/err"; then
    dropped="$(jq -rn --slurpfile raw "$TMP/$file.json" --slurpfile typed "$TMP/typed.json" \
      "([\$raw[0] | $NORMALISE | paths(scalars)] - [\$typed[0] | $NORMALISE | paths(scalars)]) | map(map(tostring) | join(\".\")) | .[]" \
      2>/dev/null || true)"
    if [[ -z "$dropped" ]]; then
      ok "$file: decodes into apps/v1 Deployment with no unknown field"
    else
      bad "$file: fields unknown to the API (misspelt?): $(paste -sd' ' <<<"$dropped")"
    fi
  else
    bad "$file: does not decode into the API types"
    sed 's/^/          /' "$TMP/err"
  fi
done
# Other kinds: their top-level fields must be the API's (a misspelt one would be ignored by a server).
check "ConfigMap, Secret, ServiceAccount, Service, PDB, NetworkPolicy, Namespace: only known fields" jq -se '
  def known: {
    "ConfigMap": ["data", "binaryData", "immutable"], "Secret": ["data", "stringData", "type", "immutable"],
    "ServiceAccount": ["automountServiceAccountToken", "secrets", "imagePullSecrets"], "Namespace": ["spec"],
    "Service": ["spec"], "PodDisruptionBudget": ["spec"], "NetworkPolicy": ["spec"], "Deployment": ["spec"] };
  def spec: { "Service": ["type", "selector", "ports", "clusterIP", "sessionAffinity", "externalTrafficPolicy",
      "internalTrafficPolicy", "loadBalancerSourceRanges", "publishNotReadyAddresses", "ipFamilyPolicy"],
    "PodDisruptionBudget": ["maxUnavailable", "minAvailable", "selector", "unhealthyPodEvictionPolicy"],
    "NetworkPolicy": ["podSelector", "policyTypes", "ingress", "egress"] };
  all(.[]; ((keys - ["apiVersion", "kind", "metadata", "_file"]) - known[.kind]) == []
    and (if spec[.kind] then ((.spec | keys) - spec[.kind]) == [] else true end))' "$TMP/all.json"

# ---- Kubernetes: the rules of this deployment --------------------------------------------------------------------
echo "deploy/kubernetes: deployment rules"
jq -s '[.[] | select(.kind == "Deployment")]' "$TMP/all.json" >"$TMP/deployments.json"
jq -s '[.[] | select(.kind == "Secret")]' "$TMP/all.json" >"$TMP/secrets.json"
jq -s '[.[] | select(.kind == "ConfigMap")]' "$TMP/all.json" >"$TMP/configmaps.json"
rule() { # rule "description" 'jq expression over one Deployment ($d, its container $c)' (must be true for each)
  local what="$1" expr="$2" name
  for name in $(jq -r '.[].metadata.name' "$TMP/deployments.json"); do
    check "$name: $what" jq -e --arg name "$name" --slurpfile secrets "$TMP/secrets.json" --slurpfile configmaps "$TMP/configmaps.json" \
      ".[] | select(.metadata.name == \$name) | . as \$d | .spec.template.spec.containers[0] as \$c
       | def env(\$n): (\$c.env // [] | map(select(.name == \$n)) | .[0]);
         def seconds(\$t): (\$t | split(\":\") | map(tonumber) | .[0] * 3600 + .[1] * 60 + .[2]);
       $expr" "$TMP/deployments.json"
  done
}
rule "container args are [\"run\"] (silo) or [\"gateway\"]" \
  'if .metadata.labels["app.kubernetes.io/component"] == "gateway" then $c.args == ["gateway"] else $c.args == ["run"] end'
rule "probes: startup /health/startup, readiness /health/ready, liveness /health/live on port 8080" \
  '($c.ports | map(select(.name == "http")) | .[0].containerPort) == 8080
   and $c.startupProbe.httpGet.path == "/health/startup" and $c.readinessProbe.httpGet.path == "/health/ready"
   and $c.livenessProbe.httpGet.path == "/health/live"
   and ([$c.startupProbe, $c.readinessProbe, $c.livenessProbe] | all(.httpGet.port == "http" or .httpGet.port == 8080))'
rule "security: non-root, read-only root, no privilege escalation, capabilities dropped, RuntimeDefault seccomp" \
  '$d.spec.template.spec.securityContext.runAsNonRoot == true and $c.securityContext.runAsNonRoot == true
   and ($c.securityContext.runAsUser // $d.spec.template.spec.securityContext.runAsUser) > 0
   and $c.securityContext.readOnlyRootFilesystem == true and $c.securityContext.allowPrivilegeEscalation == false
   and ($c.securityContext.capabilities.drop | index("ALL")) != null
   and $d.spec.template.spec.securityContext.seccompProfile.type == "RuntimeDefault"
   and $d.spec.template.spec.automountServiceAccountToken == false'
rule "writable paths /var/lib/aloe and /tmp are emptyDir volumes, ALOE_DATA_DIR a folder inside /var/lib/aloe" \
  '($d.spec.template.spec.volumes | map({(.name): .}) | add) as $v
   | ([$c.volumeMounts[] | select(.mountPath == "/var/lib/aloe" or .mountPath == "/tmp") | $v[.name].emptyDir != null] | length == 2 and all)
   and (env("ALOE_DATA_DIR").value | startswith("/var/lib/aloe/"))'
rule "resources: cpu and memory requests and limits" \
  '[$c.resources.requests.cpu, $c.resources.requests.memory, $c.resources.limits.cpu, $c.resources.limits.memory] | all(. != null)'
rule "environment: Production, LOCAL systems disabled, connection string from a Secret" \
  'env("ASPNETCORE_ENVIRONMENT").value == "Production" and env("Aloe__Execution__LocalSystems").value == "Disabled"
   and env("ConnectionStrings__Aloe").valueFrom.secretKeyRef != null'
rule "Aloe__Shutdown__Timeout is below terminationGracePeriodSeconds" \
  'seconds(env("Aloe__Shutdown__Timeout").value) < $d.spec.template.spec.terminationGracePeriodSeconds
   and seconds(env("Aloe__Shutdown__DrainDelay").value // "00:00:00") < seconds(env("Aloe__Shutdown__Timeout").value)'
rule "cluster TLS and operator files are on read-only Secret mounts" \
  '($d.spec.template.spec.volumes | map({(.name): .}) | add) as $v
   | [env("Orleans__Tls__CertificateFile").value, env("Orleans__Tls__KeyFile").value, env("Orleans__Tls__CaCertificateFile").value,
      env("Aloe__Operations__OperatorTokenFile").value] as $files
   | $files | all(. != null and (. as $f | any($c.volumeMounts[]; .mountPath as $m | .readOnly == true
       and $v[.name].secret != null and ($f | startswith($m + "/")))))'
rule "every Secret and key it reads is in secrets.example.yaml; every ConfigMap in configmap.yaml" \
  '($secrets[0] | map({(.metadata.name): ((.stringData // {}) + (.data // {}) | keys)}) | add) as $known
   | ([$c.env[]? | .valueFrom.secretKeyRef | select(. != null)]
      | all(.name as $n | .key as $k | $known[$n] != null and ($known[$n] | index($k)) != null))
   and ([$d.spec.template.spec.volumes[] | .secret | select(. != null)] | all($known[.secretName] != null))
   and ([$c.envFrom[]? | .configMapRef | select(. != null)] | all(.name as $n | $configmaps[0] | any(.metadata.name == $n)))'
rule "env variables used as \$(NAME) are defined before they are used" \
  '[$c.env | to_entries[] | .key as $i | .value.value // "" | scan("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)") | .[0] as $ref
    | ($c.env[:$i] | any(.name == $ref))] | all'
check "aloe-silo: advertises its pod IP (Orleans__AdvertisedIp=\$(POD_IP), POD_IP from status.podIP), never a Service's" \
  jq -e '.[] | select(.metadata.name == "aloe-silo") | .spec.template.spec.containers[0].env as $e
    | ($e | map(select(.name == "Orleans__AdvertisedIp")) | .[0].value) == "$(POD_IP)"
    and ($e | map(select(.name == "POD_IP")) | .[0].valueFrom.fieldRef.fieldPath) == "status.podIP"
    and ($e | map(select(.name == "Orleans__ListenOnAnyHostAddress")) | .[0].value) == "true"' "$TMP/deployments.json"
check "aloe-silo: ports http 8080, silo 11111, gateway 30000 match Orleans__SiloPort and Orleans__GatewayPort" \
  jq -e '.[] | select(.metadata.name == "aloe-silo") | .spec.template.spec.containers[0] as $c
    | ($c.ports | map({(.name): .containerPort}) | add) == {"http": 8080, "silo": 11111, "gateway": 30000}
    and ($c.env | map(select(.name == "Orleans__SiloPort")) | .[0].value) == "11111"
    and ($c.env | map(select(.name == "Orleans__GatewayPort")) | .[0].value) == "30000"' "$TMP/deployments.json"
check "PodDisruptionBudget: maxUnavailable 1, selects the silo pods" \
  jq -se '(map(select(.kind == "Deployment" and .metadata.name == "aloe-silo")) | .[0].spec.template.metadata.labels) as $pod
    | map(select(.kind == "PodDisruptionBudget")) | length == 1 and all(.spec.maxUnavailable == 1
      and (.spec.selector.matchLabels | to_entries | all($pod[.key] == .value)))' "$TMP/all.json"
check "Service: port 80 to targetPort http, selects the silo pods (and the gateway pods)" \
  jq -se '[.[] | select(.kind == "Deployment") | .spec.template.metadata.labels] as $pods
    | map(select(.kind == "Service")) | length == 1 and all(.spec.ports[0].port == 80 and .spec.ports[0].targetPort == "http"
      and (.spec.selector as $s | $pods | all(. as $l | $s | to_entries | all($l[.key] == .value))))' "$TMP/all.json"
check "NetworkPolicy: 11111 and 30000 only from AloeOrleans pods, 8080 open" \
  jq -se 'map(select(.kind == "NetworkPolicy")) | length == 1 and all(
      (.spec.ingress | map(select(any(.ports[]; .port == 11111)))) as $cluster
      | ($cluster | length == 1) and ($cluster[0].ports | map(.port) | sort) == [11111, 30000]
      and ($cluster[0].from | length > 0 and all(.podSelector.matchLabels["app.kubernetes.io/name"] == "aloe-orleans" and .namespaceSelector == null))
      and any(.spec.ingress[]; any(.ports[]; .port == 8080)))' "$TMP/all.json"
check "secrets.example.yaml holds only Secrets with FAKE placeholder values" \
  jq -se 'map(select(._file == "secrets.example.yaml")) | length > 0 and all(.kind == "Secret"
    and (.stringData | to_entries | all(.value | test("FAKE"))))' "$TMP/all.json"

# ---- Dockerfile ---------------------------------------------------------------------------------------------------
echo "Dockerfile: minimal lint"
DF="$ROOT/Dockerfile"
# Instructions, one per line: comments dropped, continuation lines joined.
sed -e '/^[[:space:]]*#/d' "$DF" | sed -e ':a' -e '/\\$/N; s/\\\n[[:space:]]*/ /; ta' | sed -e '/^[[:space:]]*$/d' >"$TMP/instructions"
unknown="$(awk '{print toupper($1)}' "$TMP/instructions" | grep -vxE 'ARG|FROM|RUN|CMD|LABEL|EXPOSE|ENV|ADD|COPY|ENTRYPOINT|VOLUME|USER|WORKDIR|ONBUILD|STOPSIGNAL|HEALTHCHECK|SHELL' || true)"
[[ -z "$unknown" ]] && ok "every instruction is a Dockerfile instruction" || bad "unknown instructions: $unknown"
stages="$(awk 'toupper($1) == "FROM" && toupper($3) == "AS" {print $4}' "$TMP/instructions")"
[[ "$(grep -ci '^FROM ' "$TMP/instructions")" -ge 2 ]] && ok "multi-stage ($(paste -sd' ' <<<"$stages"))" || bad "not multi-stage"
froms="$(grep -oiE -- '--from=[^ ]+' "$TMP/instructions" | cut -d= -f2 | sort -u)"
for from in $froms; do
  grep -qx "$from" <<<"$stages" && ok "COPY --from=$from names a stage" || bad "COPY --from=$from names no stage"
done
json_form() { # $1 instruction: its argument must be a JSON array of strings
  local arg
  arg="$(grep -iE "^$1 " "$TMP/instructions" | tail -n 1 | sed -E "s/^$1 +//I; s/^.*CMD +\[/[/")"
  jq -e 'type == "array" and all(type == "string")' <<<"$arg" >/dev/null 2>&1 && echo "$arg"
}
ep="$(json_form ENTRYPOINT || true)"
[[ "$(jq -c . <<<"${ep:-null}")" == '["dotnet","AloeOrleans.Silo.dll"]' ]] && ok "ENTRYPOINT [\"dotnet\",\"AloeOrleans.Silo.dll\"]" || bad "ENTRYPOINT is not [\"dotnet\",\"AloeOrleans.Silo.dll\"]: ${ep:-not a JSON array}"
cmd="$(grep -E '^CMD ' "$TMP/instructions" | tail -n 1 | sed -E 's/^CMD +//')"
[[ "$(jq -c . <<<"$cmd" 2>/dev/null)" == '["run"]' ]] && ok "CMD [\"run\"]" || bad "CMD is not [\"run\"]: $cmd"
hc="$(json_form HEALTHCHECK || true)"
[[ -n "$hc" && "$hc" == *"/health/live"* ]] && ok "HEALTHCHECK CMD is a JSON array calling /health/live" || bad "HEALTHCHECK missing, not exec form, or not /health/live"
user="$(grep -E '^USER ' "$TMP/instructions" | tail -n 1 | awk '{print $2}')"
[[ "$user" =~ ^[1-9][0-9]*(:[0-9]+)?$ ]] && ok "USER $user is numeric and not root" || bad "USER '$user' is not a numeric non-root id"
exposed="$(grep -E '^EXPOSE ' "$TMP/instructions" | cut -d' ' -f2- | tr ' ' '\n' | sed 's|/tcp||' | sort -n | paste -sd' ' -)"
[[ "$exposed" == "8080 11111 30000" ]] && ok "EXPOSE 8080 11111 30000" || bad "EXPOSE is '$exposed', not 8080 11111 30000"
grep -qE '^ENV .*ASPNETCORE_URLS=http://\+:8080' "$TMP/instructions" && grep -qE '^ENV .*ALOE_DATA_DIR=/' "$TMP/instructions" \
  && ok "ENV ASPNETCORE_URLS=http://+:8080 and an absolute ALOE_DATA_DIR" || bad "ENV ASPNETCORE_URLS / ALOE_DATA_DIR missing"
# COPY sources from the build context exist, and .dockerignore does not exclude them.
ignored_top="$(sed -e '/^[[:space:]]*#/d; /^[[:space:]]*$/d; /^!/d' "$ROOT/.dockerignore" | sed 's|/$||')"
missing=""
while read -r source; do
  [[ -e "$ROOT/$source" ]] || missing+=" $source(absent)"
  top="${source%%/*}"
  grep -qxF "$top" <<<"$ignored_top" && missing+=" $source(.dockerignore)"
done < <(grep -E '^COPY ' "$TMP/instructions" | grep -v -- '--from=' | awk '{for (i = 2; i < NF; i++) if ($i !~ /^--/) print $i}')
[[ -z "$missing" ]] && ok "every COPY source is in the build context" || bad "COPY sources missing or ignored:$missing"
for pattern in '**/bin/' '**/obj/' '.aloe/' 'tests/' 'bench/' '.git/'; do
  grep -qxF "$pattern" "$ROOT/.dockerignore" || bad ".dockerignore lacks $pattern"
done
ok ".dockerignore keeps bin/ obj/ .aloe/ tests/ bench/ .git/ out of the context"

# ---- optional: a real API server ---------------------------------------------------------------------------------
if [[ "$CLUSTER" -eq 1 ]]; then
  echo "cluster: kubectl apply --dry-run=server -k deploy/kubernetes (context $(kubectl config current-context))"
  check "the API server accepts every object (server-side dry run, schema validation on)" \
    kubectl apply --dry-run=server --validate=strict -k "$KDIR"
fi

echo
if [[ "$PROBLEMS" -gt 0 ]]; then
  echo "validate: $PROBLEMS of $CHECKS checks FAILED"
  exit 1
fi
echo "validate: all $CHECKS checks passed"
