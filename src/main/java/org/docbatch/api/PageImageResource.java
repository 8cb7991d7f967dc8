package org.docbatch.api;

import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;
import java.awt.image.BufferedImage;
import java.io.StringReader;
import javax.imageio.ImageIO;
import org.docbatch.json.Json;
import org.docbatch.library.DocumentLibrary;
import org.docbatch.library.DocumentReferenceException;
import org.docbatch.library.DocumentStoreOutage;
import org.docbatch.library.LocalDocument;
import org.docbatch.security.Allowed;
import org.docbatch.security.Role;
import org.docbatch.store.JobRecord;
import org.docbatch.store.JobStore;
import org.docbatch.worker.document.PagePreview;
import org.docbatch.worker.spi.DocumentException;

/**
 * One page of a job's document as a PNG at most {@code size} pixels on its longer side, rendered
 * from the document as it came, on demand: what the dashboard shows beside the page's text. Nothing
 * is kept (a job's outputs hold no page images unless asked for); visible to whoever may see the
 * job, as its artifacts are.
 */
@Allowed(Role.SUBMITTER)
@Path("/jobs/{id}/documents/{index}/pages/{page}/image")
public class PageImageResource {

  static final int MIN_SIZE = 100;
  static final int MAX_SIZE = 2000;

  @Inject VisibleJobs jobs;
  @Inject JobStore store;
  @Inject DocumentLibrary library;
  @Context SecurityContext security;

  @GET
  @Produces("image/png")
  public Response image(
      @PathParam("id") String id,
      @PathParam("index") String index,
      @PathParam("page") String page,
      @QueryParam("size") @DefaultValue("1000") String size) {
    JobRecord job = jobs.find(id, security);
    int document = ArtifactResource.document(job, index);
    int number = positive(page);
    int maxSide = size(size);
    BufferedImage image;
    try (LocalDocument file =
        library.open(store.document(id, document), job.documentArea(), maxBytes(job))) {
      image = PagePreview.render(file.file(), number, maxSide);
    } catch (DocumentReferenceException e) {
      throw Problem.notFound(e.code(), e.getMessage());
    } catch (DocumentStoreOutage e) {
      throw new Problem(
          503, "object_store_unavailable", "Object store unavailable", e.getMessage());
    } catch (DocumentException e) {
      throw switch (e.code()) {
        case "page_not_found", "no_page_image" -> Problem.notFound(e.code(), e.getMessage());
        default -> new Problem(422, e.code(), "Page cannot be shown", e.getMessage());
      };
    }
    CacheControl cache = new CacheControl();
    cache.setPrivate(true); // behind a credential: never in a shared cache
    cache.setMaxAge(300);
    StreamingOutput png = out -> ImageIO.write(image, "png", out);
    return Response.ok(png, "image/png")
        .cacheControl(cache)
        .header("X-Content-Type-Options", "nosniff")
        .build();
  }

  /** The job's own {@code max_file_size_mb}, else the upload limit, as its run read it. */
  private long maxBytes(JobRecord job) {
    double mb = library.maxUploadSizeMb();
    if (job.options() != null && !job.options().isBlank()) {
      JsonObject options = Json.createReader(new StringReader(job.options())).readObject();
      if (options.get("max_file_size_mb") instanceof JsonNumber limit) {
        mb = limit.doubleValue();
      }
    }
    return (long) (mb * 1024 * 1024);
  }

  private static int positive(String page) {
    try {
      int number = Integer.parseInt(page);
      if (number >= 1) {
        return number;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw Problem.notFound("page_not_found", "pages count from 1, not '" + page + "'");
  }

  private static int size(String size) {
    try {
      int value = Integer.parseInt(size);
      if (value >= MIN_SIZE && value <= MAX_SIZE) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw Problem.badRequest(
        "invalid_size",
        "size is the image's longer side in pixels, " + MIN_SIZE + " to " + MAX_SIZE);
  }
}
