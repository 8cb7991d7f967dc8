# Shared by bin/run and bin/test: installs what docbatch needs on a Debian machine and builds it.
# Sourced, not run. Every function is safe to call again.

DOCBATCH_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TESSDATA_FILE=/usr/share/tesseract-ocr/5/tessdata/eng.traineddata

log() { printf 'docbatch: %s\n' "$*" >&2; }

# Installs Debian packages when missing: as root directly, otherwise through sudo if it needs no
# password, otherwise stops with the command to run.
apt_install() {
  local packages=("$@")
  if [ "$(id -u)" -eq 0 ]; then
    log "installing ${packages[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    log "installing ${packages[*]} with sudo"
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
  else
    log "missing system packages: ${packages[*]}"
    log "install them first:  sudo apt-get install ${packages[*]}"
    exit 1
  fi
}

ensure_system_packages() {
  local missing=()
  command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null || missing+=(maven)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v tesseract >/dev/null || missing+=(tesseract-ocr)
  [ -f "$TESSDATA_FILE" ] || missing+=(tesseract-ocr-eng)
  if [ ${#missing[@]} -gt 0 ]; then
    apt_install "${missing[@]}"
  fi
  local version
  version=$(java -XshowSettings:properties -version 2>&1 | awk -F= '/java.specification.version/ {gsub(/ /,"",$2); print $2}')
  if [ "${version%%.*}" -lt 17 ] 2>/dev/null; then
    log "Java 17 or newer is needed; this java is $version"
    exit 1
  fi
}

# libgomp reads OMP_THREAD_LIMIT when libtesseract loads; without it OCR is about 6x slower.
export OMP_THREAD_LIMIT=1

BOOTABLE_JAR="$DOCBATCH_HOME/target/docbatch-bootable.jar"

# Builds the bootable JAR when it is missing or older than any source file.
ensure_build() {
  if [ -f "$BOOTABLE_JAR" ] && [ -z "$(find "$DOCBATCH_HOME/pom.xml" "$DOCBATCH_HOME/src/main" \
      "$DOCBATCH_HOME/batch-jobs" "$DOCBATCH_HOME/wildfly-config" -newer "$BOOTABLE_JAR" -print -quit)" ]; then
    return
  fi
  log "building the bootable JAR (the first build downloads WildFly, a few minutes)"
  (cd "$DOCBATCH_HOME" && mvn -B -q package -DskipTests)
}
