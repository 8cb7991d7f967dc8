package org.docbatch.api;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bounds request bodies: a JSON request (any request but an upload) to {@code MAX_REQUEST_SIZE_KB}
 * (413 {@code request_too_large}), a {@code multipart/form-data} upload to {@code MAX_UPLOAD_FILES}
 * files of {@code MAX_UPLOAD_SIZE_MB} (413 {@code upload_too_large}; each file's own size and the
 * number of files are checked by {@link DocumentResource}). A declared {@code Content-Length} over
 * the bound is refused before anything is read; a body without one is counted while it is read.
 * Undertow's own {@code max-post-size} is off (wildfly-config/server.cli), so that these bounds,
 * not a server page, answer.
 */
@Provider
@Priority(Priorities.AUTHENTICATION + 2)
public class RequestSizeFilter implements ContainerRequestFilter {

  /** Room for the multipart boundaries and part headers around the files. */
  private static final long MULTIPART_OVERHEAD = 1024 * 1024;

  /** {@code MAX_REQUEST_SIZE_KB}: the largest JSON request body. */
  @Inject
  @ConfigProperty(name = "max.request.size.kb", defaultValue = "2048")
  long maxRequestKb;

  @Inject
  @ConfigProperty(name = "max.upload.size.mb", defaultValue = "100")
  long maxUploadMb;

  @Inject
  @ConfigProperty(name = "max.upload.files", defaultValue = "100")
  int maxUploadFiles;

  @Override
  public void filter(ContainerRequestContext request) {
    if (!request.hasEntity() && request.getLength() <= 0) {
      return;
    }
    boolean upload = MediaType.MULTIPART_FORM_DATA_TYPE.isCompatible(request.getMediaType());
    long limit =
        upload
            ? maxUploadMb * 1024 * 1024 * maxUploadFiles + MULTIPART_OVERHEAD
            : maxRequestKb * 1024;
    Supplier<Problem> tooLarge = upload ? this::uploadTooLarge : this::requestTooLarge;
    if (request.getLength() > limit) {
      throw tooLarge.get();
    }
    request.setEntityStream(new BoundedInputStream(request.getEntityStream(), limit, tooLarge));
  }

  private Problem requestTooLarge() {
    return new Problem(
        413,
        "request_too_large",
        "Request too large",
        "the request body is larger than " + maxRequestKb + " KB (MAX_REQUEST_SIZE_KB)");
  }

  private Problem uploadTooLarge() {
    return new Problem(
        413,
        "upload_too_large",
        "Upload too large",
        "an upload holds at most "
            + maxUploadFiles
            + " files (MAX_UPLOAD_FILES) of "
            + maxUploadMb
            + " MB (MAX_UPLOAD_SIZE_MB) each");
  }
}
