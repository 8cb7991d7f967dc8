package org.docbatch.api;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.docbatch.config.ConfigDocument;
import org.docbatch.config.ConfigFile;
import org.docbatch.config.ConfigLookup;
import org.docbatch.json.Json;
import org.docbatch.security.Allowed;
import org.docbatch.security.Caller;
import org.docbatch.security.Role;
import org.docbatch.store.FeatureFlags;
import org.eclipse.microprofile.config.Config;

/**
 * The configuration as a file of the spec's shape ({@code max_workers}, {@code worker_pools},
 * {@code features}): this node's effective values, or every default, in JSON or, with {@code
 * ?format=yaml}, YAML. Either is a valid {@code CONFIG_FILE}. The feature flags are the only
 * settings changed on a running cluster ({@code PUT /api/config/features}, see {@link
 * FeatureFlags}); the effective configuration shows them as every node now sees them.
 */
@Allowed(Role.ADMIN)
@Path("/config")
public class ConfigResource {

  static final String YAML = "application/yaml";
  private static final Logger LOG = Logger.getLogger(ConfigResource.class.getName());

  @Inject Config config;
  @Inject FeatureFlags features;

  /** The values this node runs with, from every source; passwords in URLs masked. */
  @GET
  public Response effective(@QueryParam("format") String format) {
    ConfigLookup configured = ConfigLookup.of(config);
    ConfigLookup live =
        key -> {
          String flag = key.startsWith("features.") ? key.substring("features.".length()) : "";
          return FeatureFlags.NAMES.contains(flag)
              ? Optional.of(
                  new ConfigLookup.Found(String.valueOf(features.all().get(flag)), "feature flags"))
              : configured.find(key);
        };
    return answer(ConfigDocument.effective(live), format);
  }

  /**
   * Turns feature flags on or off for the whole cluster, at once on this node and within seconds on
   * the others: {@code {"autoscaling": false}}; flags not named keep their value.
   */
  @PUT
  @Path("/features")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response setFeatures(JsonObject body, @Context SecurityContext security) {
    if (body == null || body.isEmpty()) {
      throw Problem.badRequest(
          "invalid_features", "send an object of flags, e.g. {\"autoscaling\": false}");
    }
    Map<String, Boolean> flags = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> flag : body.entrySet()) {
      if (!FeatureFlags.NAMES.contains(flag.getKey())) {
        throw Problem.badRequest(
            "invalid_features",
            "no feature flag \""
                + shown(flag.getKey())
                + "\"; the flags are "
                + String.join(", ", FeatureFlags.NAMES));
      }
      JsonValue value = flag.getValue();
      if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
        throw Problem.badRequest(
            "invalid_features", "the flag " + flag.getKey() + " takes true or false");
      }
      flags.put(flag.getKey(), value == JsonValue.TRUE);
    }
    features.set(flags);
    LOG.info(
        () ->
            "DOCBATCH-0704 Feature flags set for the cluster by "
                + Caller.of(security).user()
                + ": "
                + flags);
    var now = Json.createObjectBuilder();
    features.all().forEach(now::add);
    return Response.ok(now.build()).build();
  }

  /** A name from the request, safe to put in an answer or a log: printable and short. */
  private static String shown(String name) {
    String printable = name.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
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
