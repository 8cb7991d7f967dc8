package org.docbatch.api;

import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.docbatch.artifact.ArtifactInfo;
import org.docbatch.artifact.ArtifactKey;
import org.docbatch.artifact.Artifacts;
import org.docbatch.json.Json;
import org.docbatch.security.Allowed;
import org.docbatch.security.Role;
import org.docbatch.store.JobRecord;
import org.docbatch.store.JobStore;

/**
 * The files a job produced for each document (its artifacts): listed, and downloaded with what
 * clients resuming or caching a download expect ({@code ETag} as the SHA-256, {@code
 * If-None-Match}, {@code Range}). Visible to whoever may see the job.
 */
@Allowed(Role.SUBMITTER)
@Path("/jobs/{id}/documents/{index}/artifacts")
public class ArtifactResource {

  @Inject VisibleJobs jobs;
  @Inject JobStore store;
  @Inject Artifacts artifacts;
  @Context SecurityContext security;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public JsonObject list(@PathParam("id") String id, @PathParam("index") String index) {
    JobRecord job = jobs.find(id, security);
    int document = document(job, index);
    JsonArrayBuilder listed = Json.createArrayBuilder();
    try {
      for (ArtifactInfo info : artifacts.storage().list(id, document)) {
        listed.add(
            Json.createObjectBuilder(info.toJson())
                .add("url", new ArtifactKey(id, document, info.name()).apiPath()));
      }
    } catch (IOException e) {
      throw unavailable(e);
    }
    return Json.createObjectBuilder()
        .add("job_id", id)
        .add("index", document)
        .add("document", store.document(id, document))
        .add("artifacts", listed)
        .build();
  }

  @GET
  @Path("/{name}")
  public Response download(
      @PathParam("id") String id,
      @PathParam("index") String index,
      @PathParam("name") String name,
      @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
      @HeaderParam("If-Range") String ifRange,
      @HeaderParam("Range") String range) {
    JobRecord job = jobs.find(id, security);
    int document = document(job, index);
    if (!ArtifactKey.isValidName(name)) {
      throw Problem.badRequest(
          "invalid_artifact_name",
          "an artifact name is one file name: no '/', no '\\\\', not '.' or '..', no leading dot");
    }
    ArtifactKey key = new ArtifactKey(id, document, name);
    ArtifactInfo info;
    try {
      info = artifacts.storage().find(key).orElseThrow(() -> noSuchArtifact(key));
    } catch (IOException e) {
      throw unavailable(e);
    }
    String etag = "\"" + info.sha256() + "\"";
    if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
      return Response.notModified().header(HttpHeaders.ETAG, etag).build();
    }
    ByteRange.Request wanted =
        ifRange == null || ifRange.trim().equals(etag)
            ? ByteRange.parse(range, info.sizeBytes())
            : new ByteRange.Whole();
    Response.ResponseBuilder answer;
    if (wanted instanceof ByteRange.Unsatisfiable) {
      return Response.status(416)
          .header("Content-Range", "bytes */" + info.sizeBytes())
          .header(HttpHeaders.ETAG, etag)
          .build();
    } else if (wanted instanceof ByteRange.Part part) {
      ByteRange r = part.range();
      answer =
          Response.status(206)
              .entity(stream(key, r.first(), r.length()))
              .header("Content-Range", r.contentRange(info.sizeBytes()))
              .header(HttpHeaders.CONTENT_LENGTH, r.length());
    } else {
      answer =
          Response.ok(stream(key, 0, info.sizeBytes()))
              .header(HttpHeaders.CONTENT_LENGTH, info.sizeBytes());
    }
    return answer
        .type(info.mediaType())
        .header(HttpHeaders.ETAG, etag)
        .header("Accept-Ranges", "bytes")
        .header("Content-Disposition", contentDisposition(info.name()))
        .header("X-Content-Type-Options", "nosniff")
        .build();
  }

  private StreamingOutput stream(ArtifactKey key, long offset, long length) {
    return out -> {
      try (InputStream in = artifacts.storage().open(key, offset, length)) {
        in.transferTo(out);
      }
    };
  }

  /**
   * {@code attachment} (a browser never renders an artifact as a page of this origin), with the
   * file name as plain ASCII and, for the rest, RFC 6266's {@code filename*}.
   */
  static String contentDisposition(String name) {
    String ascii = name.replaceAll("[^A-Za-z0-9._ ()+-]", "_");
    String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }

  /** The document's index, if the job has it. */
  static int document(JobRecord job, String index) {
    int parsed;
    try {
      parsed = Integer.parseInt(index);
    } catch (NumberFormatException e) {
      parsed = -1;
    }
    if (parsed < 0 || parsed >= job.totalTasks()) {
      throw Problem.notFound(
          "document_not_found",
          "job '" + job.id() + "' has no document " + index + " (documents count from 0)");
    }
    return parsed;
  }

  private static Problem noSuchArtifact(ArtifactKey key) {
    return Problem.notFound(
        "artifact_not_found",
        "document "
            + key.index()
            + " of job '"
            + key.jobId()
            + "' has no artifact '"
            + key.name()
            + "'; list them at "
            + ArtifactKey.documentApiPath(key.jobId(), key.index()));
  }

  static Problem unavailable(IOException e) {
    // the storage's message names the artifact, never a server path
    return new Problem(
        503, "artifact_storage_unavailable", "Artifact storage unavailable", e.getMessage());
  }
}
