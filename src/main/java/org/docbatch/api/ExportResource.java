package org.docbatch.api;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.docbatch.artifact.ArtifactInfo;
import org.docbatch.artifact.ArtifactKey;
import org.docbatch.artifact.Artifacts;
import org.docbatch.job.JobJson;
import org.docbatch.json.Json;
import org.docbatch.security.Allowed;
import org.docbatch.security.Role;
import org.docbatch.store.JobRecord;
import org.docbatch.store.JobResults;
import org.docbatch.store.JobStore;

/**
 * A whole job in one download: its results as JSON Lines or CSV, or a ZIP of the results and every
 * artifact. Streamed a page of documents at a time, so the heap an export takes does not grow with
 * the job (a 100,000-document job exports like a 100-document one, only longer).
 */
@Allowed(Role.SUBMITTER)
@Path("/jobs/{id}/export")
public class ExportResource {

  /** Documents read from Redis per round trip. */
  private static final int PAGE = 200;

  @Inject VisibleJobs jobs;
  @Inject JobStore store;
  @Inject JobResults results;
  @Inject Artifacts artifacts;
  @Context SecurityContext security;

  @GET
  public Response export(
      @PathParam("id") String id, @QueryParam("format") @DefaultValue("jsonl") String format) {
    JobRecord job = jobs.find(id, security);
    return switch (format) {
      case "jsonl" -> download(job, "application/jsonl", "jsonl", out -> jsonl(job, out));
      case "csv" -> download(job, "text/csv; charset=utf-8", "csv", out -> csv(job, out));
      case "zip" -> download(job, "application/zip", "zip", out -> zip(job, out));
      default ->
          throw Problem.badRequest(
              "invalid_format", "format must be one of jsonl, csv, zip, not '" + format + "'");
    };
  }

  private static Response download(
      JobRecord job, String mediaType, String extension, StreamingOutput body) {
    return Response.ok(body)
        .type(mediaType)
        .header(
            "Content-Disposition",
            ArtifactResource.contentDisposition("job-" + job.id() + "." + extension))
        .build();
  }

  /** One document's line: its outcome, or {@code pending} while it has none. */
  private interface DocumentVisitor {
    void visit(int index, JsonObject outcome) throws IOException;
  }

  private void eachDocument(JobRecord job, DocumentVisitor visitor) throws IOException {
    for (int offset = 0; offset < job.totalTasks(); offset += PAGE) {
      int count = Math.min(PAGE, job.totalTasks() - offset);
      List<String> outcomes = results.results(job.id(), offset, count);
      List<String> documents = null;
      for (int i = 0; i < count; i++) {
        String outcome = outcomes.get(i);
        if (outcome != null) {
          visitor.visit(offset + i, JobJson.parse(outcome));
          continue;
        }
        if (documents == null) {
          documents = store.documents(job.id(), offset, count);
        }
        visitor.visit(
            offset + i,
            Json.createObjectBuilder()
                .add("index", offset + i)
                .add("document", String.valueOf(documents.get(i)))
                .add("status", "pending")
                .build());
      }
    }
  }

  private void jsonl(JobRecord job, OutputStream out) throws IOException {
    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    eachDocument(job, (index, outcome) -> writer.write(outcome.toString() + "\n"));
    writer.flush();
  }

  private void csv(JobRecord job, OutputStream out) throws IOException {
    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    writer.write(
        "index,document,status,worker_type,duration_ms,error_code,error_message,result\r\n");
    eachDocument(
        job,
        (index, outcome) -> {
          JsonObject error =
              outcome.containsKey("error") && outcome.get("error") instanceof JsonObject e
                  ? e
                  : JsonValue.EMPTY_JSON_OBJECT;
          JsonValue result = outcome.get("result");
          writer.write(
              String.join(
                      ",",
                      Integer.toString(index),
                      cell(outcome.getString("document", "")),
                      cell(outcome.getString("status", "")),
                      cell(outcome.getString("worker_type", "")),
                      outcome.containsKey("duration_ms")
                          ? outcome.get("duration_ms").toString()
                          : "",
                      cell(error.getString("code", "")),
                      cell(error.getString("message", "")),
                      cell(result == null ? "" : result.toString()))
                  + "\r\n");
        });
    writer.flush();
  }

  /** RFC 4180, and no cell a spreadsheet would run as a formula. */
  static String cell(String value) {
    String text = value;
    if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
      text = "'" + text;
    }
    if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
      return "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }

  /** {@code results.jsonl}, then {@code documents/<index>/<artifact>} for every artifact. */
  private void zip(JobRecord job, OutputStream out) throws IOException {
    ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
    zip.putNextEntry(new ZipEntry("results.jsonl"));
    Writer writer = new OutputStreamWriter(zip, StandardCharsets.UTF_8);
    eachDocument(job, (index, outcome) -> writer.write(outcome.toString() + "\n"));
    writer.flush();
    zip.closeEntry();
    for (int index = 0; index < job.totalTasks(); index++) {
      for (ArtifactInfo info : artifacts.storage().list(job.id(), index)) {
        zip.putNextEntry(new ZipEntry("documents/" + index + "/" + info.name()));
        try (var in =
            artifacts.storage().open(new ArtifactKey(job.id(), index, info.name()), 0, -1)) {
          in.transferTo(zip);
        }
        zip.closeEntry();
      }
    }
    zip.finish();
  }
}
