package org.docbatch.api;

import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.docbatch.digest.Sha256;
import org.docbatch.job.StorageQuota;
import org.docbatch.json.Json;
import org.docbatch.library.DocumentLibrary;
import org.docbatch.library.DocumentLibrary.StoredDocument;
import org.docbatch.s3.ObjectStoreException;
import org.docbatch.security.Allowed;
import org.docbatch.security.Caller;
import org.docbatch.security.Role;

/** Uploads documents; a job names them by the ids this returns. */
@Allowed(Role.SUBMITTER)
@Path("/documents")
@Produces(MediaType.APPLICATION_JSON)
public class DocumentResource {

  @Inject DocumentLibrary library;
  @Inject StorageQuota quota;
  @Inject IdempotentSubmit once;

  /**
   * Stores every file part of a {@code multipart/form-data} request, each straight from the request
   * as it arrives (see {@link FormDataFiles}). When one part is refused, the files stored before it
   * are removed again: a request is kept whole or not at all.
   */
  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public Response upload(
      InputStream body,
      @Context SecurityContext security,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) @DefaultValue("0") long contentLength,
      @HeaderParam(IdempotentSubmit.HEADER) String idempotencyKey)
      throws IOException {
    Caller caller = Caller.of(security);
    String area = DocumentLibrary.areaOf(caller);
    try {
      quota.check(caller.user(), area, contentLength);
    } catch (StorageQuota.ExceededException e) {
      throw new Problem(413, "storage_quota_exceeded", "Storage quota exceeded", e.getMessage());
    }
    JsonArrayBuilder stored = Json.createArrayBuilder();
    List<StoredDocument> kept = new ArrayList<>();
    try {
      FormDataFiles.read(
          body,
          contentType,
          (filename, content) -> {
            if (kept.size() == library.maxUploadFiles()) {
              throw tooManyFiles();
            }
            StoredDocument document = library.store(filename, content, area);
            kept.add(document);
            stored.add(
                Json.createObjectBuilder()
                    .add("document_id", document.documentId())
                    .add("filename", document.filename())
                    .add("size_bytes", document.sizeBytes())
                    .add("sha256", document.sha256()));
          });
    } catch (DocumentLibrary.UploadTooLargeException e) {
      discard(kept, area);
      throw new Problem(413, "upload_too_large", "Upload too large", e.getMessage());
    } catch (DocumentLibrary.InvalidFilenameException e) {
      discard(kept, area);
      throw Problem.badRequest("invalid_filename", e.getMessage());
    } catch (FormDataFiles.MalformedException e) {
      discard(kept, area);
      throw Problem.badRequest("invalid_multipart", e.getMessage());
    } catch (ObjectStoreException e) {
      discard(kept, area);
      throw new Problem(
          503,
          "object_store_unavailable",
          "Object store unavailable",
          "the upload could not be stored in the object store (UPLOAD_ROOT): " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      discard(kept, area);
      throw e;
    }
    int files = kept.size();
    if (files == 0) {
      throw Problem.badRequest(
          "no_files",
          "the request has no file part; send multipart/form-data with a part such as file=@scan.png");
    }
    JsonObject answer = Json.createObjectBuilder().add("documents", stored).build();
    if (idempotencyKey == null) {
      return Response.status(201).entity(answer).build();
    }
    // The files are stored before the key is looked at: only their SHA-256s tell whether this is
    // the request that came before. A replay's copies are removed again.
    IdempotentSubmit.Replay replay =
        once.upload(
            caller.user(),
            idempotencyKey,
            digestOf(kept),
            answer.toString(),
            () -> discard(kept, area));
    Response.ResponseBuilder response =
        Response.status(replay.replayed() ? 200 : 201)
            .entity(Json.createReader(new StringReader(replay.answer())).readObject());
    if (replay.replayed()) {
      response.header(IdempotentSubmit.REPLAYED, "true");
    }
    return response.build();
  }

  private Problem tooManyFiles() {
    return new Problem(
        413,
        "too_many_files",
        "Too many files",
        "the upload has more than "
            + library.maxUploadFiles()
            + " files (MAX_UPLOAD_FILES): send them in several requests");
  }

  private static String digestOf(List<StoredDocument> documents) {
    StringBuilder files = new StringBuilder();
    for (StoredDocument document : documents) {
      files.append(document.filename()).append('\n').append(document.sha256()).append('\n');
    }
    return Sha256.hex(files.toString());
  }

  private void discard(List<StoredDocument> documents, String area) {
    for (StoredDocument document : documents) {
      try {
        library.discard(document, area);
      } catch (IOException e) {
        // Left for the sweep of unused uploads (JOB_TTL): a duplicate, never read.
      }
    }
  }
}
