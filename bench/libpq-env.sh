# Sourced by the benchmarks: export_libpq_env exports PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE (for psql and
# pgbench) from the Npgsql connection string scripts/pg.sh prints for the current ALOE_DATA_DIR and ALOE_PG_PORT
# (Host=…;Port=…;Username=…;Password=…;Database=…).
export_libpq_env() {
  local parts part
  IFS=';' read -ra parts <<<"$("$(dirname "${BASH_SOURCE[0]}")/../scripts/pg.sh" url)"
  for part in "${parts[@]}"; do
    case "$part" in
      Host=*) export PGHOST="${part#Host=}" ;;
      Port=*) export PGPORT="${part#Port=}" ;;
      Username=*) export PGUSER="${part#Username=}" ;;
      Password=*) export PGPASSWORD="${part#Password=}" ;;
      Database=*) export PGDATABASE="${part#Database=}" ;;
    esac
  done
}
