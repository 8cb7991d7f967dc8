package org.docbatch.api;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.function.Supplier;
import org.docbatch.library.DocumentLibrary;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bounds request bodies: an upload (a resource method that consumes {@code multipart/form-data}) to
 * {@code MAX_UPLOAD_FILES} files of {@code MAX_UPLOAD_SIZE_MB} (413 {@code upload_too_large}; each
 * file's own size and the number of files are checked by {@link DocumentResource}), any other
 * request to {@code MAX_REQUEST_SIZE_KB} (413 {@code request_too_large}). The bound is the matched
 * resource method's, never the one the client's {@code Content-Type} asks for: a huge body labelled
 * {@code multipart/form-data} sent to {@code /api/jobs} gets the JSON bound (issue 22). A declared
 * {@code Content-Length} over the bound is refused before anything is read; a body without one is
 * counted while it is read. Undertow's own {@code max-post-size} is off
 * (wildfly-config/server.cli), so that these bounds, not a server page, answer.
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

  /** {@code MAX_UPLOAD_SIZE_MB} and {@code MAX_UPLOAD_FILES}: the library that keeps uploads. */
  @Inject DocumentLibrary library;

  @Context ResourceInfo resource;

  @Override
  public void filter(ContainerRequestContext request) {
    long declared = declaredLength(request.getHeaderString(HttpHeaders.CONTENT_LENGTH));
    if (!request.hasEntity() && declared <= 0) {
      return;
    }
    boolean upload = consumesUploads(resource.getResourceMethod());
    long limit =
        upload
            ? library.maxUploadSizeMb() * 1024 * 1024 * library.maxUploadFiles()
                + MULTIPART_OVERHEAD
            : maxRequestKb * 1024;
    Supplier<Problem> tooLarge = upload ? this::uploadTooLarge : this::requestTooLarge;
    if (declared > limit) {
      throw tooLarge.get();
    }
    request.setEntityStream(new BoundedInputStream(request.getEntityStream(), limit, tooLarge));
  }

  /**
   * The {@code Content-Length}, -1 when there is none. Read here rather than with {@code
   * getLength()}, which fails on a length past 2 GB (an int) and answered such a body with a 500.
   */
  static long declaredLength(String header) {
    if (header == null || header.isBlank()) {
      return -1;
    }
    try {
      long length = Long.parseLong(header.trim());
      if (length >= 0) {
        return length;
      }
    } catch (NumberFormatException e) {
      // Described below: a length that is no number, or past a long, is refused.
    }
    throw Problem.badRequest(
        "invalid_content_length", "the Content-Length header is not a byte count");
  }

  /** Whether the method (else its class) declares that it consumes {@code multipart/form-data}. */
  static boolean consumesUploads(Method method) {
    if (method == null) {
      return false;
    }
    Consumes consumes = method.getAnnotation(Consumes.class);
    if (consumes == null) {
      consumes = method.getDeclaringClass().getAnnotation(Consumes.class);
    }
    return consumes != null
        && Arrays.stream(consumes.value())
            .flatMap(value -> Arrays.stream(value.split(",")))
            .map(String::trim)
            .anyMatch(MediaType.MULTIPART_FORM_DATA::equalsIgnoreCase);
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
            + library.maxUploadFiles()
            + " files (MAX_UPLOAD_FILES) of "
            + library.maxUploadSizeMb()
            + " MB (MAX_UPLOAD_SIZE_MB) each");
  }
}
