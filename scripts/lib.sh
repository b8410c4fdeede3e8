# Shared helpers for scripts/serve and scripts/test.

need_apt() {
  local pkgs=("$@")
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
      echo "loomdb: please install: ${pkgs[*]}" >&2; exit 1
    fi
  else
    SUDO=
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${pkgs[@]}" >/dev/null
}

ensure_build_deps() {
  if ! command -v go >/dev/null 2>&1; then
    if [ -x /usr/local/go/bin/go ]; then
      export PATH="/usr/local/go/bin:$PATH"
    else
      echo "loomdb: Go 1.25 or newer is required (https://go.dev/dl/); put it on PATH" >&2
      exit 1
    fi
  fi
  if ! command -v gcc >/dev/null 2>&1; then
    need_apt gcc libc6-dev
  fi
  export CGO_ENABLED=1
}

ensure_postgres() {
  if [ ! -x /usr/lib/postgresql/15/bin/postgres ] || ! command -v psql >/dev/null 2>&1; then
    need_apt postgresql-15 postgresql-client-15
  fi
  if ! id postgres >/dev/null 2>&1; then
    echo "loomdb: the postgres OS user is missing; reinstall postgresql-15" >&2
    exit 1
  fi
}

# ensure_clients installs the client programs the end-to-end tests drive
# besides psql: Java and pgjdbc (Debian's libpostgresql-jdbc-java).
ensure_clients() {
  local pkgs=()
  command -v java >/dev/null 2>&1 || pkgs+=(default-jre-headless)
  [ -f /usr/share/java/postgresql.jar ] || pkgs+=(libpostgresql-jdbc-java)
  if [ ${#pkgs[@]} -gt 0 ]; then
    need_apt "${pkgs[@]}"
  fi
}
