# Shared by bin/run and bin/test: installs what docbatch needs on a Debian machine and builds it.
# Sourced, not run. Every function is safe to call again.

DOCBATCH_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TESSDATA_FILE=/usr/share/tesseract-ocr/5/tessdata/eng.traineddata
OSD_FILE=/usr/share/tesseract-ocr/5/tessdata/osd.traineddata

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

# With --tests, also what the tests need beyond the server: Node.js and npm (the dashboard's browser
# test and deploy/check run on them) and Debian's chromium (the dashboard's browser test drives it).
ensure_system_packages() {
  local missing=()
  if [ "${1:-}" = --tests ]; then
    command -v node >/dev/null || missing+=(nodejs)
    command -v npm >/dev/null || missing+=(npm)
    command -v chromium >/dev/null || missing+=(chromium)
    # The OCR tests write their TIFFs of every kind with ImageMagick, as users make them.
    [ -x /usr/bin/convert ] || missing+=(imagemagick)
    # The searchable-PDF test reads the PDF back as users' tools do: pdftotext, pdfimages, qpdf --check.
    command -v pdftotext >/dev/null || missing+=(poppler-utils)
    command -v qpdf >/dev/null || missing+=(qpdf)
    # ...and reads a Greek scan (1.4 MB of language data), a script no standard PDF font carries.
    [ -f "${TESSDATA_FILE%/*}/ell.traineddata" ] || missing+=(tesseract-ocr-ell)
  fi
  command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null || missing+=(maven)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v tesseract >/dev/null || missing+=(tesseract-ocr)
  [ -f "$TESSDATA_FILE" ] || missing+=(tesseract-ocr-eng)
  # Orientation detection (OSD): pages turned sideways or upside down are read upright.
  [ -f "$OSD_FILE" ] || missing+=(tesseract-ocr-osd)
  # bin/docbatch, the command line (and its integration test), talks to the API with these.
  command -v curl >/dev/null || missing+=(curl)
  command -v jq >/dev/null || missing+=(jq)
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

# Debian's libtesseract uses OpenMP, whose libgomp reads OMP_THREAD_LIMIT when it loads; without it a
# page took about 6x the CPU. It matters for OCR_ENGINE=tess4j with OCR_ISOLATION=thread (the
# server itself loads libtesseract; the server sets it for its OCR children itself) and for the
# tesseract command bench/ocr-vs-tesseract-cli.sh compares with. The default engine (bytedeco's
# Tesseract 5.5.2) has no OpenMP.
export OMP_THREAD_LIMIT=1

BOOTABLE_JAR="$DOCBATCH_HOME/target/docbatch-bootable.jar"
# The JVM options every node starts with: java @"$JVM_OPTIONS" (what the file says and why).
JVM_OPTIONS="$DOCBATCH_HOME/wildfly-config/jvm.options"

# Builds the bootable JAR when it is missing or older than any source file.
ensure_build() {
  if [ -f "$BOOTABLE_JAR" ] && [ -z "$(find "$DOCBATCH_HOME/pom.xml" "$DOCBATCH_HOME/src/main" \
      "$DOCBATCH_HOME/batch-jobs" "$DOCBATCH_HOME/wildfly-config" -newer "$BOOTABLE_JAR" -print -quit)" ]; then
    return
  fi
  log "building the bootable JAR (the first build downloads WildFly, a few minutes)"
  (cd "$DOCBATCH_HOME" && mvn -B -q package -DskipTests)
}

# Stanford CoreNLP's models (a 474 MB jar) are not in the bootable JAR: the node reads them from
# CORENLP_MODELS_DIR (the ee global directory corenlp-models, see wildfly-config/server.cli). They come
# from the Maven cache, downloaded once per machine (the build fetches them for the tests), and are hard
# linked into data/models (copied when the cache is on another file system). Keep the version in step
# with version.corenlp in pom.xml.
CORENLP_VERSION=4.5.10
CORENLP_MODELS_JAR="stanford-corenlp-$CORENLP_VERSION-models.jar"

ensure_corenlp_models() {
  if [ -n "${CORENLP_MODELS_DIR:-}" ]; then
    # WildFly refuses to deploy when a global directory does not exist (WFLYEE0122).
    if [ ! -d "$CORENLP_MODELS_DIR" ]; then
      log "CORENLP_MODELS_DIR=$CORENLP_MODELS_DIR is not a directory: create it, or unset it to use data/models"
      exit 1
    fi
    [ -f "$CORENLP_MODELS_DIR/$CORENLP_MODELS_JAR" ] \
      || log "warning: no $CORENLP_MODELS_JAR in CORENLP_MODELS_DIR=$CORENLP_MODELS_DIR: NLP documents will fail"
    return
  fi
  local repo="${MAVEN_REPO:-$HOME/.m2/repository}"
  local cached="$repo/edu/stanford/nlp/stanford-corenlp/$CORENLP_VERSION/$CORENLP_MODELS_JAR"
  local models="$DOCBATCH_HOME/data/models"
  if [ ! -f "$cached" ]; then
    log "downloading the CoreNLP models into the Maven cache (474 MB, once per machine)"
    (cd "$DOCBATCH_HOME" && mvn -B -q dependency:get \
      -Dartifact="edu.stanford.nlp:stanford-corenlp:$CORENLP_VERSION:jar:models" -Dtransitive=false)
  fi
  mkdir -p "$models"
  if [ ! "$models/$CORENLP_MODELS_JAR" -ef "$cached" ] \
      && ! cmp -s "$cached" "$models/$CORENLP_MODELS_JAR"; then
    ln -f "$cached" "$models/$CORENLP_MODELS_JAR" 2>/dev/null \
      || cp "$cached" "$models/$CORENLP_MODELS_JAR"
  fi
  export CORENLP_MODELS_DIR="$models"
}

# Where the bootable JAR unpacks its server (about 230 MB with the application, at every start; it
# deletes the folder when it stops): in memory (/dev/shm) when there is room, which halves the
# unpacking (2.1 s on a disk, 1.0 s in memory, docs/operations.md), else under TMPDIR. The folder is
# named by the port offset: each node of a machine has its own, and a node killed with -9 leaves
# one folder that its next start clears. DOCBATCH_INSTALL_DIR names another.
server_install_dir() {
  local offset=$1 base="${TMPDIR:-/tmp}" free_kb
  if [ -n "${DOCBATCH_INSTALL_DIR:-}" ]; then
    echo "$DOCBATCH_INSTALL_DIR"
    return
  fi
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    free_kb=$(df -Pk /dev/shm | awk 'NR == 2 {print $4}')
    [ "${free_kb:-0}" -lt 1048576 ] || base=/dev/shm
  fi
  echo "$base/docbatch-server-$(id -u)-$offset"
}

# Clears what a node killed with -9 left in its install folder; a folder holding anything else is
# refused rather than emptied.
clear_install_dir() {
  local dir=$1
  [ -e "$dir" ] || return 0
  if [ -f "$dir/jboss-modules.jar" ] || [ -z "$(ls -A "$dir")" ]; then
    rm -rf "$dir"
  else
    log "$dir holds something other than an unpacked server: set DOCBATCH_INSTALL_DIR to an empty or new folder"
    exit 1
  fi
}

# Class-data sharing (JDK 17's dynamic AppCDS): the classes a start loads (the JDK's, the launcher's
# and WildFly's modules', which JBoss Modules defines; docbatch's WAR, read through WildFly's VFS, is
# left out) are kept in an archive beside the JAR, mapped by every later start instead of being
# read, parsed and verified again. The first start after a build makes it when it stops (a clean
# stop: Ctrl-C or SIGTERM); a start with an archive older than the JAR (or than the java) makes a
# new one. The JVM checks that the archive matches the JAR and this java, and runs without it
# otherwise. DOCBATCH_CDS=off leaves it out (bench/start-to-ready.sh compares the two).
CLASS_DATA_ARCHIVE="${BOOTABLE_JAR%.jar}.jsa"
CDS_OPTS=()
CDS_DUMP=""

class_data_sharing() {
  CDS_OPTS=()
  CDS_DUMP=""
  [ "${DOCBATCH_CDS:-on}" = off ] && return
  local java_binary
  java_binary="$(readlink -f "$(command -v java)")"
  if [ -f "$CLASS_DATA_ARCHIVE" ] && [ "$CLASS_DATA_ARCHIVE" -nt "$BOOTABLE_JAR" ] \
      && [ "$CLASS_DATA_ARCHIVE" -nt "$java_binary" ]; then
    CDS_OPTS=(-XX:SharedArchiveFile="$CLASS_DATA_ARCHIVE")
  else
    # Written under a name of its own: nodes stopping together must not write one file at once.
    # Its warnings (classes it leaves out, a hundred lines at the stop) say nothing to act on.
    CDS_DUMP="$CLASS_DATA_ARCHIVE.$$"
    CDS_OPTS=(-XX:ArchiveClassesAtExit="$CDS_DUMP" -Xlog:cds=off)
    log "this start makes the class-data sharing archive when it stops (later starts are faster)"
  fi
}

# After the JVM ended: the archive it wrote, if any, becomes the one later starts map.
keep_class_data_archive() {
  if [ -n "$CDS_DUMP" ] && [ -s "$CDS_DUMP" ]; then
    mv -f "$CDS_DUMP" "$CLASS_DATA_ARCHIVE"
  fi
  [ -z "$CDS_DUMP" ] || rm -f "$CDS_DUMP"
}
