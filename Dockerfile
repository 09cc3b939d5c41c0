# AloeOrleans: one image for the silo (`run`) and its admin commands (`migrate`, `token`, `import-queues`, ...).
#
#   docker build -t aloe-orleans:0.1.0 .
#   docker run --rm -p 8080:8080 -e ConnectionStrings__Aloe='Host=...' ... aloe-orleans:0.1.0          # the service
#   docker run --rm -e ConnectionStrings__Aloe='Host=...' aloe-orleans:0.1.0 migrate                  # schema only
#
# Without access to mcr.microsoft.com (an offline or air-gapped builder), deploy/build-image.sh builds local stand-ins
# for the two base images and then this file unchanged. Production settings: docs/security.md and deploy/.

# The base images can be pinned by digest at build time:
#   --build-arg SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0@sha256:... --build-arg RUNTIME_IMAGE=...
# The runtime image must have bash (the HEALTHCHECK below uses it): the default Ubuntu-based tag has it; the
# "chiseled" and "distroless" variants do not.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

# ---------------------------------------------------------------------------------------------------------------------
FROM ${SDK_IMAGE} AS build
WORKDIR /src

# Restore first, from the project files alone, so a source change does not download the packages again.
# Directory.Packages.props pins every version (central package management); nuget.org is the only source.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY grain-interfaces/AloeOrleans.GrainInterfaces.csproj grain-interfaces/
COPY grains/AloeOrleans.Grains.csproj grains/
COPY gateway/AloeOrleans.Gateway.csproj gateway/
COPY silo/AloeOrleans.Silo.csproj silo/
RUN dotnet restore silo/AloeOrleans.Silo.csproj

# Only what the silo project builds from: it references grains, grain-interfaces and gateway, and copies sql/*.sql
# and silo/catalog into its output (see silo/AloeOrleans.Silo.csproj). tests/ and bench/ are not needed.
COPY grain-interfaces/ grain-interfaces/
COPY grains/ grains/
COPY gateway/ gateway/
COPY silo/ silo/
COPY sql/ sql/
# UseAppHost=false: no native launcher; the image starts the dll with `dotnet`.
RUN dotnet publish silo/AloeOrleans.Silo.csproj -c Release -o /app --no-restore -p:UseAppHost=false \
    && test -f /app/AloeOrleans.Silo.dll && test -d /app/sql && test -d /app/catalog

# ---------------------------------------------------------------------------------------------------------------------
FROM ${RUNTIME_IMAGE} AS runtime

# A fixed numeric UID/GID, so Kubernetes can check runAsNonRoot and volumes can be prepared for it. The data folder
# is its home; everything else in the image stays owned by root and read-only to the service.
RUN groupadd --gid 10001 aloe \
    && useradd --uid 10001 --gid 10001 --home-dir /var/lib/aloe --no-create-home --shell /usr/sbin/nologin aloe \
    && mkdir -p /var/lib/aloe \
    && chown 10001:10001 /var/lib/aloe \
    && chmod 0700 /var/lib/aloe

WORKDIR /app
COPY --from=build /app/ ./

# ASPNETCORE_HTTP_PORTS is emptied so ASP.NET Core does not warn that ASPNETCORE_URLS overrides the base image's
# default. ALOE_DATA_DIR must be absolute outside Development; it holds key files the service may create and the
# roots of LOCAL systems. ALOE_HEALTH_PORT only tells the HEALTHCHECK where the HTTP port is when --urls changes it.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS= \
    ALOE_DATA_DIR=/var/lib/aloe \
    ALOE_HEALTH_PORT=8080 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1

USER 10001:10001

# 8080 HTTP API and health; 11111 silo-to-silo (mutual TLS); 30000 Orleans client gateway (closed unless
# Orleans__GatewayPort is set; only separate Orleans clients use it).
EXPOSE 8080 11111 30000

# Liveness only (the process answers HTTP); readiness (database and cluster) is /health/ready, for orchestrators.
# The aspnet image has no curl or wget. Installing curl would add a package, its libraries and their CVEs to every
# image just for this probe; bash (already in the image) can speak HTTP/1.0 over /dev/tcp, which is all a health
# check needs. Kubernetes ignores HEALTHCHECK (it uses the probes in deploy/kubernetes); podman keeps it only when
# building with --format docker (the OCI image format has no health check field).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${ALOE_HEALTH_PORT:-8080} && printf 'GET /health/live HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && IFS= read -r -t 4 status <&3 && [[ $status == HTTP/1.?' 200'* ]]"]

ENTRYPOINT ["dotnet", "AloeOrleans.Silo.dll"]
CMD ["run"]
