package org.airouter.admin.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.Response;
import org.airouter.admin.api.Json.VersionJson;
import org.airouter.configfile.ConfigDiff;
import org.airouter.configfile.ConfigDocument;
import org.airouter.configfile.ConfigFileParser;
import org.airouter.configfile.ConfigTransfer;
import org.airouter.security.Allowed;
import org.airouter.security.Role;
import org.airouter.wire.OpenAiError;
import java.util.List;
import java.util.Locale;
import org.airouter.wire.JsonIo;

/**
 * The whole configuration in the start-up file format. Export leaves provider keys out unless asked, and client keys'
 * {@code key} always (only hashes are stored). Import takes our format or the Worker's; a dry run answers the diff.
 */
@Allowed(Role.OPERATOR)
@Path("config")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ConfigResource {
  @Inject ConfigTransfer config;

  /** Anyone who may read may export; with provider keys only an admin. */
  @GET @Allowed(Role.VIEWER)
  public Response export(@QueryParam("includeSecrets") boolean includeSecrets, @Context SecurityContext caller) {
    if (includeSecrets && !caller.isUserInRole(Role.ADMIN.id())) {
      return Errors.response(OpenAiError.permissionDenied(
          "Exporting provider keys (includeSecrets=true) needs the admin role.", "includeSecrets"));
    }
    return json(config.export(includeSecrets));
  }

  /** The counter every configuration change moves; equal numbers mean the same configuration. */
  @GET @Path("version") @Allowed(Role.VIEWER)
  public VersionJson version() { return new VersionJson(config.version()); }

  @POST @Path("import")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response importConfig(String body, @QueryParam("dryRun") boolean dryRun) {
    ConfigDocument document = ConfigFileParser.parse(body == null ? "" : body);
    JsonObjectBuilder answer = JsonIo.PROVIDER.createObjectBuilder().add("dryRun", dryRun);
    ConfigDiff diff;
    if (dryRun) {
      diff = config.diff(document);
      answer.add("problems", strings(diff.problems()));
    } else {
      ConfigTransfer.Imported imported = config.importDocument(document);
      diff = imported.diff();
      answer.add("imported", JsonIo.PROVIDER.createObjectBuilder()
          .add("routes", imported.report().routes()).add("clientKeys", imported.report().clientKeys()))
          .add("problems", strings(imported.report().problems()));
    }
    JsonArrayBuilder changes = JsonIo.PROVIDER.createArrayBuilder();
    for (ConfigDiff.Change c : diff.changes()) {
      changes.add(JsonIo.PROVIDER.createObjectBuilder().add("type", c.type()).add("position", c.position())
          .add("name", c.name()).add("change", c.kind().name().toLowerCase(Locale.ROOT))
          .add("fields", strings(c.fields())));
    }
    answer.add("changes", changes).add("summary", JsonIo.PROVIDER.createObjectBuilder()
        .add("added", diff.count(ConfigDiff.Kind.ADDED)).add("changed", diff.count(ConfigDiff.Kind.CHANGED))
        .add("unchanged", diff.count(ConfigDiff.Kind.UNCHANGED)).add("problems", diff.problems().size()));
    if (!dryRun) answer.add("version", config.version());
    return json(answer.build());
  }

  private static JsonArrayBuilder strings(List<String> values) {
    JsonArrayBuilder array = JsonIo.PROVIDER.createArrayBuilder();
    values.forEach(array::add);
    return array;
  }

  private static Response json(JsonObject object) {
    return Response.ok(object.toString(), MediaType.APPLICATION_JSON_TYPE).build();
  }
}
