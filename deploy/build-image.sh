#!/usr/bin/env bash
# Builds the AloeOrleans image from ./Dockerfile with podman, on a machine that cannot pull mcr.microsoft.com (no
# Docker engine, no container registry; only the Debian and NuGet servers reachable), then smoke-tests it.
#
#   deploy/build-image.sh [--tag aloe-orleans:dev] [--no-smoke] [--no-cache] [--rebuild-bases] [--remove-bases]
#
# 1. Base images. When mcr.microsoft.com/dotnet/sdk:10.0 and .../aspnet:10.0 are already in podman's store (pulled
#    on a connected machine, or `podman load`ed) they are used as they are. Otherwise the script makes local
#    STAND-INS under those names: a minimal Debian bookworm root file system (debootstrap) plus this machine's .NET
#    install (the whole SDK for sdk:10.0; the dotnet host and the two shared runtimes for aspnet:10.0). They carry the
#    label io.aloe.standin=true. Microsoft's real 10.0 images are Ubuntu 24.04; the stand-ins only prove that the
#    Dockerfile builds and the image runs. Never push an image built on them.
# 2. Build: podman build --pull=never --format docker (the docker format keeps the HEALTHCHECK). The restore inside the
#    build needs nuget.org (the only package source: no NuGet.config in the repository); RUN steps use the host's
#    network (--network host), so a proxy in HTTP(S)_PROXY applies too.
# 3. Smoke test (skip with --no-smoke): a throwaway PostgreSQL (scripts/pg.sh, own folder and port), generated
#    cluster TLS files and an RS256 identity-provider key; the container runs the way deploy/kubernetes runs it
#    (Production environment, read-only root, an emptyDir-like /var/lib/aloe, UID 10001, no capabilities, its own
#    network namespace reaching the database through slirp4netns). It checks the image's
#    HEALTHCHECK, /health/startup, /health/live, /health/ready, an authenticated GET /jobs/v2, /metrics with the
#    operator credential, and a graceful stop (readiness 503 while draining, exit code 0).
#
# Needs root (debootstrap and rootful podman). Installs podman, debootstrap, slirp4netns, uidmap, crun and runc from
# Debian when missing. Two quirks of sandboxed hosts are handled: crun refuses a cgroup v1/v2 "hybrid" host whose v2
# hierarchy has a controller, so runc is used there; and a host without CAP_SYS_RESOURCE cannot give a container
# podman's default limits (1048576 files, 32768 processes), so the limits are capped at the caller's hard limits.
# The stand-in SDK image also trusts the extra CA certificates of this machine (/usr/local/share/ca-certificates,
# e.g. a TLS-inspecting proxy's) and inherits NUGET_CERT_REVOCATION_MODE, so the restore inside the build reaches
# nuget.org the way the host does. Environment:
#   ALOE_IMAGE_WORK       work folder (default /var/tmp/aloe-image): base root file systems, smoke-test files
#   DOTNET_ROOT           the .NET install copied into the stand-ins (default: the one `dotnet` on PATH runs from)
#   ALOE_SMOKE_PG_PORT    port of the throwaway PostgreSQL (default 55461)
#   ALOE_SMOKE_HTTP_PORT  host port the container's 8080 is published on, 127.0.0.1 only (default 18087)
# Each build leaves the untagged build-stage image (about 1.3 GB) as cache; `podman image prune -f` removes them.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${ALOE_IMAGE_WORK:-/var/tmp/aloe-image}"
TAG="aloe-orleans:dev"
SMOKE=1
BUILD_OPTIONS=()
REBUILD_BASES=0
SDK_IMAGE="mcr.microsoft.com/dotnet/sdk:10.0"
RUNTIME_IMAGE="mcr.microsoft.com/dotnet/aspnet:10.0"
STANDIN_LABEL="io.aloe.standin"
SMOKE_NAME="aloe-image-smoke"
PG_PORT="${ALOE_SMOKE_PG_PORT:-55461}"
HTTP_PORT="${ALOE_SMOKE_HTTP_PORT:-18087}"

log() { echo "build-image: $*" >&2; }
die() { log "$*"; exit 1; }

usage() { sed -n '2,34p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --tag) TAG="${2:?--tag needs a value}"; shift 2 ;;
    --no-smoke) SMOKE=0; shift ;;
    --no-cache) BUILD_OPTIONS+=(--no-cache); shift ;;
    --rebuild-bases) REBUILD_BASES=1; shift ;;
    --remove-bases)
      for image in "$SDK_IMAGE" "$RUNTIME_IMAGE"; do
        if [[ "$(podman image inspect --format "{{index .Labels \"$STANDIN_LABEL\"}}" "$image" 2>/dev/null)" == true ]]; then
          podman rmi "$image"
        fi
      done
      exit 0 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done

[[ "$(id -u)" -eq 0 ]] || die "run as root (debootstrap and rootful podman need it)"

# Options for every container podman starts (the build's RUN steps, the smoke test): see the quirks above.
container_options() {
  local runtime=crun nofile nproc
  # (cgroup files report size 0, so read it rather than test -s)
  if [[ -n "$(cat /sys/fs/cgroup/unified/cgroup.controllers 2>/dev/null)" ]]; then
    runtime=runc
  fi
  nofile="$(ulimit -Hn)"; [[ "$nofile" == unlimited || "$nofile" -gt 1048576 ]] && nofile=1048576
  nproc="$(ulimit -Hu)"; [[ "$nproc" == unlimited || "$nproc" -gt 32768 ]] && nproc=32768
  CONTAINER_OPTIONS=(--runtime "$runtime" --ulimit "nofile=$nofile:$nofile" --ulimit "nproc=$nproc:$nproc")
}

ensure_tools() {
  local missing=()
  command -v podman >/dev/null || missing+=(podman)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v slirp4netns >/dev/null || missing+=(slirp4netns)
  command -v newuidmap >/dev/null || missing+=(uidmap)
  command -v crun >/dev/null || missing+=(crun)
  command -v runc >/dev/null || missing+=(runc)
  if [[ ${#missing[@]} -gt 0 ]]; then
    command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get to install them"
    log "installing ${missing[*]} from Debian"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

is_standin() {
  [[ "$(podman image inspect --format "{{index .Labels \"$STANDIN_LABEL\"}}" "$1" 2>/dev/null)" == true ]]
}

# A minimal Debian with what the official .NET images add for the runtime: CA certificates, ICU, OpenSSL, tzdata, zlib.
make_rootfs() {
  local rootfs="$WORK/rootfs"
  if [[ -f "$rootfs/.aloe-complete" ]]; then
    return 0
  fi
  rm -rf "$rootfs"
  log "debootstrap bookworm (minbase) into $rootfs"
  debootstrap --variant=minbase --include=ca-certificates,libicu72,libssl3,tzdata,zlib1g,libstdc++6 \
    bookworm "$rootfs" http://deb.debian.org/debian >"$WORK/debootstrap.log" 2>&1 \
    || { tail -n 20 "$WORK/debootstrap.log" >&2; die "debootstrap failed (log: $WORK/debootstrap.log)"; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log
  touch "$rootfs/.aloe-complete"
}

# $1 image name, $2 folder to import, remaining: --change arguments.
import_folder() {
  local image="$1" folder="$2"
  shift 2
  rm -f "$folder/.aloe-complete"
  tar --numeric-owner -C "$folder" -cf - . | podman import "$@" - "$image" >/dev/null
}

make_standins() {
  local dotnet_root="${DOTNET_ROOT:-}"
  if [[ -z "$dotnet_root" ]]; then
    command -v dotnet >/dev/null || die "no dotnet on PATH and DOTNET_ROOT unset: the stand-ins copy a local .NET 10 install"
    dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  fi
  local runtime aspnet sdk
  runtime="$(cd "$dotnet_root/shared/Microsoft.NETCore.App" 2>/dev/null && ls -d 10.* | sort -V | tail -n 1)" || true
  aspnet="$(cd "$dotnet_root/shared/Microsoft.AspNetCore.App" 2>/dev/null && ls -d 10.* | sort -V | tail -n 1)" || true
  sdk="$(cd "$dotnet_root/sdk" 2>/dev/null && ls -d 10.* | sort -V | tail -n 1)" || true
  [[ -n "$runtime" && -n "$aspnet" && -n "$sdk" ]] || die "$dotnet_root lacks a .NET 10 SDK, runtime or ASP.NET Core runtime"
  log "stand-ins from $dotnet_root: SDK $sdk, runtime $runtime, ASP.NET Core $aspnet"

  make_rootfs
  local common=(
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    --change "ENV APP_UID=1654"
    --change "ENV DOTNET_RUNNING_IN_CONTAINER=true"
    --change "ENV DOTNET_VERSION=$runtime"
    --change "ENV ASPNET_VERSION=$aspnet"
    --change "LABEL $STANDIN_LABEL=true"
    --change "LABEL org.opencontainers.image.description=\"Local stand-in made by deploy/build-image.sh from Debian bookworm and the .NET install of the build machine, not the Microsoft image\""
  )

  # aspnet:10.0: the dotnet host, hostfxr and the two shared runtimes, like Microsoft's image; user app (1654) too.
  local dir="$WORK/aspnet"
  rm -rf "$dir"
  cp -a "$WORK/rootfs" "$dir"
  mkdir -p "$dir/usr/share/dotnet/shared"
  cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$dotnet_root/LICENSE.txt" "$dotnet_root/ThirdPartyNotices.txt" "$dir/usr/share/dotnet/"
  mkdir -p "$dir/usr/share/dotnet/shared/Microsoft.NETCore.App" "$dir/usr/share/dotnet/shared/Microsoft.AspNetCore.App"
  cp -a "$dotnet_root/shared/Microsoft.NETCore.App/$runtime" "$dir/usr/share/dotnet/shared/Microsoft.NETCore.App/"
  cp -a "$dotnet_root/shared/Microsoft.AspNetCore.App/$aspnet" "$dir/usr/share/dotnet/shared/Microsoft.AspNetCore.App/"
  ln -sfn /usr/share/dotnet/dotnet "$dir/usr/bin/dotnet"
  chroot "$dir" /usr/sbin/groupadd --gid 1654 app
  chroot "$dir" /usr/sbin/useradd --uid 1654 --gid 1654 --create-home --shell /bin/sh app
  log "importing $RUNTIME_IMAGE (stand-in)"
  import_folder "$RUNTIME_IMAGE" "$dir" "${common[@]}" --change "ENV ASPNETCORE_HTTP_PORTS=8080" --change "USER root"
  rm -rf "$dir"

  # sdk:10.0: the whole install (SDK, packs, templates, runtimes).
  dir="$WORK/sdk"
  rm -rf "$dir"
  cp -a "$WORK/rootfs" "$dir"
  mkdir -p "$dir/usr/share/dotnet"
  cp -a "$dotnet_root/." "$dir/usr/share/dotnet/"
  ln -sfn /usr/share/dotnet/dotnet "$dir/usr/bin/dotnet"
  local extra=()
  if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    log "the SDK stand-in trusts this machine's extra CA certificates: $(cd /usr/local/share/ca-certificates && echo *.crt)"
    cp /usr/local/share/ca-certificates/*.crt "$dir/usr/local/share/ca-certificates/"
    chroot "$dir" /usr/sbin/update-ca-certificates >/dev/null
  fi
  if [[ -n "${NUGET_CERT_REVOCATION_MODE:-}" ]]; then
    extra+=(--change "ENV NUGET_CERT_REVOCATION_MODE=$NUGET_CERT_REVOCATION_MODE")
  fi
  log "importing $SDK_IMAGE (stand-in)"
  import_folder "$SDK_IMAGE" "$dir" "${common[@]}" "${extra[@]}" \
    --change "ENV DOTNET_SDK_VERSION=$sdk" --change "ENV DOTNET_NOLOGO=true" --change "ENV DOTNET_CLI_TELEMETRY_OPTOUT=1" \
    --change "ENV DOTNET_GENERATE_ASPNET_CERTIFICATE=false" --change "ENV NUGET_XMLDOC_MODE=skip" --change "USER root"
  rm -rf "$dir"
}

ensure_bases() {
  local need=0 image
  for image in "$SDK_IMAGE" "$RUNTIME_IMAGE"; do
    if ! podman image exists "$image"; then
      need=1
    elif is_standin "$image"; then
      [[ "$REBUILD_BASES" -eq 1 ]] && need=1
      log "$image: local stand-in (io.aloe.standin=true)"
    else
      log "$image: found in podman's store (not a stand-in); using it"
    fi
  done
  if [[ "$need" -eq 1 ]]; then
    for image in "$SDK_IMAGE" "$RUNTIME_IMAGE"; do
      if podman image exists "$image" && ! is_standin "$image"; then
        die "$image exists and is not a stand-in; remove it (podman rmi) or drop --rebuild-bases"
      fi
    done
    make_standins
  fi
}

build() {
  log "podman build -t $TAG (context $ROOT)"
  local started=$SECONDS
  podman build --pull=never --format docker --network host "${CONTAINER_OPTIONS[@]}" "${BUILD_OPTIONS[@]}" -t "$TAG" -f "$ROOT/Dockerfile" "$ROOT"
  log "built $TAG in $((SECONDS - started)) s"
  podman image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E "^(localhost/)?${TAG}( |$)" >&2 || true
  log "image size (bytes): $(podman image inspect --format '{{.Size}}' "$TAG")"
}

# ---- smoke test -------------------------------------------------------------------------------------------------

SMOKE_DIR="$WORK/smoke"

smoke_cleanup() {
  podman rm -f -t 0 "$SMOKE_NAME" >/dev/null 2>&1 || true
  ALOE_DATA_DIR="$SMOKE_DIR" ALOE_PG_PORT="$PG_PORT" "$ROOT/scripts/pg.sh" stop >/dev/null 2>&1 || true
}

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# An RS256 token for tenant smoke, user alice, signed with the smoke identity provider's key.
smoke_token() {
  local now header payload signature
  now="$(date +%s)"
  header="$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)"
  payload="$(printf '{"iss":"https://idp.smoke.invalid","aud":"aloe-smoke","sub":"alice","tenant_id":"smoke","iat":%d,"nbf":%d,"exp":%d}' \
    "$now" "$now" "$((now + 600))" | b64url)"
  signature="$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$SMOKE_DIR/jwt/idp.key" -binary | b64url)"
  printf '%s.%s.%s' "$header" "$payload" "$signature"
}

smoke_files() {
  rm -rf "$SMOKE_DIR/tls" "$SMOKE_DIR/jwt" "$SMOKE_DIR/operator" "$SMOKE_DIR/env"
  mkdir -p "$SMOKE_DIR/tls" "$SMOKE_DIR/jwt" "$SMOKE_DIR/operator"
  (umask 077 && openssl rand -hex 32 >"$SMOKE_DIR/operator/token")
  local tls="$SMOKE_DIR/tls"
  # Cluster CA and a silo certificate (ECDSA P-256, serverAuth + clientAuth), as a Kubernetes Secret would hold them.
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=aloe-smoke-ca \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
    -keyout "$tls/ca.key" -out "$tls/ca.crt" 2>/dev/null
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=aloe-silo \
    -keyout "$tls/tls.key" -out "$tls/tls.csr" 2>/dev/null
  printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:aloe-silo\n' \
    >"$tls/ext.cnf"
  openssl x509 -req -in "$tls/tls.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial -days 2 \
    -extfile "$tls/ext.cnf" -out "$tls/tls.crt" 2>/dev/null
  rm -f "$tls/ca.key" "$tls/tls.csr" "$tls/ext.cnf" "$tls/ca.srl"
  # The identity provider's RS256 key: the service gets only the public half.
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$SMOKE_DIR/jwt/idp.key" 2>/dev/null
  mkdir -p "$SMOKE_DIR/jwt/public"
  openssl pkey -in "$SMOKE_DIR/jwt/idp.key" -pubout -out "$SMOKE_DIR/jwt/public/idp.pem"
  # Readable by the container's UID only, like a Secret volume with defaultMode 0440 and fsGroup 10001.
  chown -R 10001:10001 "$tls" "$SMOKE_DIR/jwt/public" "$SMOKE_DIR/operator"
  chmod 0550 "$tls" "$SMOKE_DIR/jwt/public" "$SMOKE_DIR/operator"
  chmod 0440 "$tls"/* "$SMOKE_DIR/jwt/public"/* "$SMOKE_DIR/operator"/*
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

smoke() {
  local port
  for port in "$PG_PORT" "$HTTP_PORT"; do
    port_in_use "$port" && die "smoke: 127.0.0.1:$port is in use; choose another with ALOE_SMOKE_PG_PORT / ALOE_SMOKE_HTTP_PORT"
  done
  trap smoke_cleanup EXIT
  mkdir -p "$SMOKE_DIR"
  podman rm -f -t 0 "$SMOKE_NAME" >/dev/null 2>&1 || true
  log "smoke: PostgreSQL on 127.0.0.1:$PG_PORT (data $SMOKE_DIR/pg)"
  ALOE_DATA_DIR="$SMOKE_DIR" ALOE_PG_PORT="$PG_PORT" "$ROOT/scripts/pg.sh" install
  ALOE_DATA_DIR="$SMOKE_DIR" ALOE_PG_PORT="$PG_PORT" "$ROOT/scripts/pg.sh" start
  local connection
  # slirp4netns with allow_host_loopback: 10.0.2.2 in the container is the host's 127.0.0.1. GSS encryption off:
  # Npgsql 10 tries it first by default, and the .NET images have no Kerberos library (deploy/azure.md).
  connection="$(ALOE_DATA_DIR="$SMOKE_DIR" ALOE_PG_PORT="$PG_PORT" "$ROOT/scripts/pg.sh" url | sed 's/^Host=127\.0\.0\.1;/Host=10.0.2.2;/');GSS Encryption Mode=Disable"
  smoke_files

  (umask 077 && cat >"$SMOKE_DIR/env" <<ENV
ASPNETCORE_ENVIRONMENT=Production
ConnectionStrings__Aloe=$connection
ALOE_DATA_DIR=/var/lib/aloe/data
Orleans__ClusterId=aloe-smoke
Orleans__ServiceId=aloe-smoke
Orleans__AdvertisedIp=10.0.2.100
Orleans__ListenOnAnyHostAddress=true
Orleans__SiloPort=11111
Orleans__GatewayPort=30000
Orleans__Tls__CertificateFile=/etc/aloe/tls/tls.crt
Orleans__Tls__KeyFile=/etc/aloe/tls/tls.key
Orleans__Tls__CaCertificateFile=/etc/aloe/tls/ca.crt
Aloe__Jwt__Issuer=https://idp.smoke.invalid
Aloe__Jwt__Audience=aloe-smoke
Aloe__Jwt__PublicKeys__0__Path=/etc/aloe/jwt/idp.pem
Aloe__Jwt__PublicKeys__0__Algorithm=RS256
Aloe__Catalog__SeedEnabled=false
Aloe__Security__CredentialKey=$(openssl rand -base64 32)
Aloe__Notifications__SigningKey=$(openssl rand -base64 32)
Aloe__Operations__OperatorTokenFile=/etc/aloe/operator/token
Aloe__Execution__LocalSystems=Disabled
Aloe__Shutdown__DrainDelay=00:00:05
Aloe__Shutdown__Timeout=00:00:25
ENV
  )

  # /var/lib/aloe is a folder like a Kubernetes emptyDir with fsGroup 10001: owned by root, group 10001, mode 2777.
  # (A podman tmpfs would not do: runc gives it the mode of the image's folder.) The service cannot chmod a folder it
  # does not own, so its data folder is a folder inside the volume, which it creates itself (ALOE_DATA_DIR below).
  rm -rf "$SMOKE_DIR/emptydir"
  mkdir -p "$SMOKE_DIR/emptydir"
  chown 0:10001 "$SMOKE_DIR/emptydir"
  chmod 2777 "$SMOKE_DIR/emptydir"
  log "smoke: podman run $TAG (read-only root, emptyDir-like /var/lib/aloe, tmpfs /tmp, UID 10001, no capabilities)"
  podman run -d --name "$SMOKE_NAME" "${CONTAINER_OPTIONS[@]}" \
    --read-only --tmpfs /tmp:rw,size=256m,mode=1777 -v "$SMOKE_DIR/emptydir:/var/lib/aloe" \
    --user 10001:10001 --cap-drop ALL --security-opt no-new-privileges \
    --network slirp4netns:allow_host_loopback=true -p "127.0.0.1:$HTTP_PORT:8080" \
    -v "$SMOKE_DIR/tls:/etc/aloe/tls:ro" -v "$SMOKE_DIR/jwt/public:/etc/aloe/jwt:ro" -v "$SMOKE_DIR/operator:/etc/aloe/operator:ro" \
    --env-file "$SMOKE_DIR/env" \
    "$TAG" run >/dev/null

  local i healthy=0 started=$SECONDS
  for ((i = 0; i < 90; i++)); do
    if [[ "$(podman inspect --format '{{.State.Running}}' "$SMOKE_NAME" 2>/dev/null)" != true ]]; then
      podman logs "$SMOKE_NAME" 2>&1 | tail -n 40 >&2
      die "smoke: the container stopped (exit code $(podman inspect --format '{{.State.ExitCode}}' "$SMOKE_NAME"))"
    fi
    if podman healthcheck run "$SMOKE_NAME" >/dev/null 2>&1; then
      healthy=1
      break
    fi
    sleep 2
  done
  if [[ "$healthy" -ne 1 ]]; then
    podman logs "$SMOKE_NAME" 2>&1 | tail -n 40 >&2
    die "smoke: HEALTHCHECK never passed"
  fi
  log "smoke: HEALTHCHECK passed after $((SECONDS - started)) s (podman healthcheck run: healthy)"

  local base="http://127.0.0.1:$HTTP_PORT" startup live ready jobs refused metrics metrics_refused
  startup="$(curl -sS -m 5 -o /dev/null -w '%{http_code}' "$base/health/startup")"
  log "smoke: GET /health/startup -> $startup"
  live="$(curl -sS -m 5 -w ' [%{http_code}]' "$base/health/live")"
  log "smoke: GET /health/live -> $live"
  for ((i = 0; i < 30; i++)); do
    ready="$(curl -sS -m 5 -w ' [%{http_code}]' "$base/health/ready" || true)"
    [[ "$ready" == *'[200]' ]] && break
    sleep 2
  done
  log "smoke: GET /health/ready -> $ready"
  jobs="$(curl -sS -m 10 -w ' [%{http_code}]' -H "Authorization: Bearer $(smoke_token)" "$base/jobs/v2")"
  log "smoke: GET /jobs/v2 with an RS256 token -> $jobs"
  refused="$(curl -sS -m 10 -o /dev/null -w '%{http_code}' "$base/jobs/v2")"
  log "smoke: GET /jobs/v2 without a token -> $refused"
  metrics="$(curl -sS -m 10 -o "$SMOKE_DIR/metrics.txt" -w '%{http_code}' -H "Authorization: Bearer $(cat "$SMOKE_DIR/operator/token")" "$base/metrics")"
  log "smoke: GET /metrics with the operator credential -> $metrics ($(grep -vc '^#' "$SMOKE_DIR/metrics.txt" || true) samples)"
  metrics_refused="$(curl -sS -m 10 -o /dev/null -w '%{http_code}' "$base/metrics")"
  log "smoke: GET /metrics without it -> $metrics_refused"

  # What Kubernetes does to a pod: SIGTERM, then SIGKILL after the grace period. During Aloe:Shutdown:DrainDelay the
  # process still serves but /health/ready answers 503.
  local draining code
  started=$SECONDS
  podman kill --signal TERM "$SMOKE_NAME" >/dev/null
  sleep 1
  draining="$(curl -sS -m 5 -w ' [%{http_code}]' "$base/health/ready" || true)"
  log "smoke: 1 s after SIGTERM, GET /health/ready -> $draining"
  code="$(timeout 40 podman wait "$SMOKE_NAME" 2>/dev/null || echo timeout)"
  log "smoke: stopped $((SECONDS - started)) s after SIGTERM, exit code $code"

  [[ "$startup" == 200 && "$live" == *'[200]' && "$ready" == *'[200]' && "$jobs" == *'[200]' && "$refused" == 401
     && "$metrics" == 200 && "$metrics_refused" == 401 && "$draining" == *'[503]' && "$code" == 0 ]] \
    || { podman logs "$SMOKE_NAME" 2>&1 | tail -n 40 >&2; die "smoke: FAILED"; }
  log "smoke: passed"
}

mkdir -p "$WORK"
ensure_tools
container_options
ensure_bases
build
if [[ "$SMOKE" -eq 1 ]]; then
  smoke
fi
