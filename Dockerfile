# docbatch node image. Build the bootable JAR first (bin/test or mvn package), then:
#   docker build -t docbatch .
#   docker run -p 8080:8080 -p 9990:9990 -e REDIS_URL=redis://redis:6379/0 -v /srv/documents:/data/documents docbatch
#   docker stop -t 30 <container>   # SIGTERM: running documents get SHUTDOWN_GRACE_SECONDS (25) to finish
# DOCBATCH_PROFILE is production unless set (JSON logs, alerts on); CONFIG_FILE=/path/config.yaml
# reads a configuration file mounted into the container.
FROM eclipse-temurin:17-jre-jammy

RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-eng curl \
 && rm -rf /var/lib/apt/lists/*

# libgomp reads this when libtesseract loads: without it OCR is about 6x slower.
ENV OMP_THREAD_LIMIT=1 \
    DOCUMENT_ROOT=/data/documents \
    OUTPUT_ROOT=/data/output \
    JAVA_OPTS="-Xmx2g"

RUN useradd --system --home /data docbatch && mkdir -p /data/documents /data/output && chown -R docbatch /data
# CoreNLP's models (474 MB, copied there by the build) in a layer of their own, outside the JAR.
COPY target/corenlp-models/ /opt/docbatch/corenlp-models/
ENV CORENLP_MODELS_DIR=/opt/docbatch/corenlp-models
COPY target/docbatch-bootable.jar /opt/docbatch/docbatch-bootable.jar
USER docbatch
WORKDIR /data
EXPOSE 8080 9990
# The JVM turns SIGTERM into a graceful stop (docker's default stop signal, said here to be plain).
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s CMD curl -sf http://127.0.0.1:9990/health/live || exit 1
# The management interface (health, metrics) listens on all interfaces inside the container only.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /opt/docbatch/docbatch-bootable.jar -b=0.0.0.0 -bmanagement=0.0.0.0"]
