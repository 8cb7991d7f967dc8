package org.docbatch.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.docbatch.config.ConfigDocument;
import org.docbatch.config.ConfigFile;
import org.docbatch.config.ConfigLookup;
import org.docbatch.security.Allowed;
import org.docbatch.security.Role;
import org.eclipse.microprofile.config.Config;

/**
 * The configuration as a file of the spec's shape ({@code max_workers}, {@code worker_pools},
 * {@code features}): this node's effective values, or every default, in JSON or, with {@code
 * ?format=yaml}, YAML. Either is a valid {@code CONFIG_FILE}.
 */
@Allowed(Role.ADMIN)
@Path("/config")
public class ConfigResource {

  static final String YAML = "application/yaml";

  @Inject Config config;

  /** The values this node runs with, from every source; passwords in URLs masked. */
  @GET
  public Response effective(@QueryParam("format") String format) {
    return answer(ConfigDocument.effective(ConfigLookup.of(config)), format);
  }

  /** Every key at its default. */
  @GET
  @Path("/default")
  public Response defaults(@QueryParam("format") String format) {
    return answer(ConfigDocument.defaults(), format);
  }

  private static Response answer(Map<String, Object> document, String format) {
    if (format == null || format.equals("json")) {
      return Response.ok(ConfigFile.json(document).toString(), MediaType.APPLICATION_JSON).build();
    }
    if (format.equals("yaml")) {
      return Response.ok(ConfigFile.write(document, ConfigFile.Format.YAML), YAML).build();
    }
    throw Problem.badRequest(
        "invalid_format", "format must be json or yaml, not \"" + format + "\"");
  }
}
