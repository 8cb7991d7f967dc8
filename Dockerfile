# syntax=docker/dockerfile:1.7
# docbatch node image, built from source in two stages (BuildKit: DOCKER_BUILDKIT=1 or docker buildx):
#   docker build -t docbatch .
#   docker run -p 8080:8080 -p 127.0.0.1:9990:9990 -e REDIS_URL=redis://redis:6379/0 \
#     -v /srv/documents:/data/documents -m 6g \
#     -e API_KEYS_FILE=/run/secrets/api-keys -v "$PWD/data/api-keys:/run/secrets/api-keys:ro" docbatch
#   docker stop -t 40 <container>   # SIGTERM: running documents get SHUTDOWN_GRACE_SECONDS (25) to finish
# DOCBATCH_PROFILE is production unless set (JSON logs, alerts on); CONFIG_FILE=/path/config.yaml
# reads a configuration file mounted into the container. docker-compose.yml runs Redis and two nodes.
# Every API call needs a credential: API keys from API_KEYS_FILE (bin/docbatch key new --file
# data/api-keys makes one; the file must be readable by uid 10001), or bearer tokens (AUTH_JWT_ISSUER
# with AUTH_JWT_PUBLIC_KEY_FILE or AUTH_JWT_SECRET). Without any, the node refuses every request.

# Build: the same `mvn package -DskipTests` as bin/run. It provisions WildFly and copies CoreNLP's
# models jar (474 MB) from the Maven cache to target/corenlp-models; the cache mount keeps ~/.m2
# (WildFly, the models) between builds.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY batch-jobs/ batch-jobs/
COPY wildfly-config/ wildfly-config/
COPY src/ src/
RUN --mount=type=cache,target=/root/.m2 mvn -B -q package -DskipTests

# Run: Debian 12 like bin/run's machines. The default OCR engine, Tesseract 5.5.2, is in the JAR
# with its natives; it needs only the English data, tesseract-ocr-eng, and the orientation data,
# tesseract-ocr-osd (pages turned sideways or upside down), at TESSDATA_PATH's default,
# /usr/share/tesseract-ocr/5/tessdata. libtesseract5 is Debian's 5.3 for OCR_ENGINE=tess4j (which,
# with OCR_ISOLATION=thread, also needs OMP_THREAD_LIMIT=1 in the environment: docs/ocr.md, "OCR
# engines"); the tesseract-ocr command is left out. curl is for the health check.
FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      openjdk-17-jre-headless tesseract-ocr-eng tesseract-ocr-osd libtesseract5 curl \
 && rm -rf /var/lib/apt/lists/*

# A fixed uid, so Kubernetes' runAsUser and fsGroup (deploy/k8s/deployment.yaml) can name it.
RUN useradd --system --uid 10001 --user-group --home-dir /data docbatch \
 && mkdir -p /data/documents /data/output \
 && chown -R docbatch:docbatch /data

# CoreNLP's models in a layer of their own, below the JAR: a new build of the code leaves it cached.
# To keep them out of the image, mount a folder holding the models jar and set CORENLP_MODELS_DIR.
COPY --from=build /src/target/corenlp-models/ /opt/docbatch/corenlp-models/
COPY --from=build /src/target/docbatch-bootable.jar /opt/docbatch/docbatch-bootable.jar
# The JVM options every node starts with (JIT settings for a fresh node: the file says why).
COPY wildfly-config/jvm.options /opt/docbatch/jvm.options
# Class-data sharing: a training start of the JAR with this image's java (bin/cds-archive; no
# Redis needed) writes the archive of the classes it loads (WildFly's modules' included), which
# every start then maps instead of loading them again (docs/operations.md, "Starting a node"). It
# must be made here, by the java that runs the node: an archive of another JDK build is refused
# (the JVM then starts without it).
COPY bin/cds-archive /opt/docbatch/cds-archive
RUN /opt/docbatch/cds-archive /opt/docbatch/docbatch-bootable.jar /opt/docbatch/docbatch-bootable.jsa

# Heap: 40% of the container's memory limit (2.4 GB of 6 GB: CoreNLP with NER wants about 2 GB);
# the rest is for the JVM's own memory and the OCR child JVMs (128 MB heap each plus Tesseract's
# native memory, up to OCR_MEMORY_LIMIT). Out of memory: exit, and let the platform restart the node.
ENV DOCUMENT_ROOT=/data/documents \
    OUTPUT_ROOT=/data/output \
    AUDIT_LOG_FILE=/data/audit/audit.log \
    CORENLP_MODELS_DIR=/opt/docbatch/corenlp-models \
    JAVA_OPTS="-XX:MaxRAMPercentage=40 -XX:+ExitOnOutOfMemoryError"

USER docbatch
WORKDIR /data
EXPOSE 8080 9990
# The JVM turns SIGTERM into a graceful stop (docker's default stop signal, said here to be plain).
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -sf http://127.0.0.1:9990/health/ready || exit 1
# The management interface (health, metrics) listens on all interfaces inside the container, so that
# the health check, Kubernetes' probes and Prometheus reach it; publish 9990 to 127.0.0.1 only.
# jvm.options and the class-data archive come before JAVA_OPTS, so that setting JAVA_OPTS
# (deploy/k8s) keeps them, and what JAVA_OPTS says wins.
# The bootable JAR unpacks its server (about 230 MB) at every start, by default into a new folder
# under /tmp; DOCBATCH_INSTALL_DIR names the folder instead: on a memory-backed volume (Kubernetes'
# emptyDir with medium: Memory, as deploy/k8s/deployment.yaml mounts at /run/docbatch) the
# unpacking takes half the time it takes on a disk (docs/operations.md, "Starting a node").
ENTRYPOINT ["sh", "-c", "exec java @/opt/docbatch/jvm.options -XX:SharedArchiveFile=/opt/docbatch/docbatch-bootable.jsa $JAVA_OPTS -jar /opt/docbatch/docbatch-bootable.jar ${DOCBATCH_INSTALL_DIR:+--install-dir=$DOCBATCH_INSTALL_DIR} -b=0.0.0.0 -bmanagement=0.0.0.0"]
