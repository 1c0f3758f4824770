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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.airouter.admin.api.Json.VersionJson;
import org.airouter.configfile.ConfigDiff;
import org.airouter.configfile.ConfigDocument;
import org.airouter.configfile.ConfigFileParser;
import org.airouter.configfile.ConfigTransfer;

/**
 * The whole configuration in the start-up file format. Export leaves provider keys out unless asked, and client keys'
 * {@code key} always (only hashes are stored). Import takes our format or the Worker's; a dry run answers the diff.
 */
@Path("config")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ConfigResource {
  @Inject ConfigTransfer config;

  @GET
  public Response export(@QueryParam("includeSecrets") boolean includeSecrets) {
    return json(config.export(includeSecrets));
  }

  /** The counter every configuration change moves; equal numbers mean the same configuration. */
  @GET @Path("version")
  public VersionJson version() { return new VersionJson(config.version()); }

  @POST @Path("import")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response importConfig(String body, @QueryParam("dryRun") boolean dryRun) {
    ConfigDocument document = ConfigFileParser.parse(body == null ? "" : body);
    JsonObjectBuilder answer = org.airouter.wire.JsonIo.PROVIDER.createObjectBuilder().add("dryRun", dryRun);
    ConfigDiff diff;
    if (dryRun) {
      diff = config.diff(document);
      answer.add("problems", strings(diff.problems()));
    } else {
      ConfigTransfer.Imported imported = config.importDocument(document);
      diff = imported.diff();
      answer.add("imported", org.airouter.wire.JsonIo.PROVIDER.createObjectBuilder()
          .add("routes", imported.report().routes()).add("clientKeys", imported.report().clientKeys()))
          .add("problems", strings(imported.report().problems()));
    }
    JsonArrayBuilder changes = org.airouter.wire.JsonIo.PROVIDER.createArrayBuilder();
    for (ConfigDiff.Change c : diff.changes()) {
      changes.add(org.airouter.wire.JsonIo.PROVIDER.createObjectBuilder().add("type", c.type()).add("position", c.position())
          .add("name", c.name()).add("change", c.kind().name().toLowerCase(java.util.Locale.ROOT))
          .add("fields", strings(c.fields())));
    }
    answer.add("changes", changes).add("summary", org.airouter.wire.JsonIo.PROVIDER.createObjectBuilder()
        .add("added", diff.count(ConfigDiff.Kind.ADDED)).add("changed", diff.count(ConfigDiff.Kind.CHANGED))
        .add("unchanged", diff.count(ConfigDiff.Kind.UNCHANGED)).add("problems", diff.problems().size()));
    if (!dryRun) answer.add("version", config.version());
    return json(answer.build());
  }

  private static JsonArrayBuilder strings(java.util.List<String> values) {
    JsonArrayBuilder array = org.airouter.wire.JsonIo.PROVIDER.createArrayBuilder();
    values.forEach(array::add);
    return array;
  }

  private static Response json(JsonObject object) {
    return Response.ok(object.toString(), MediaType.APPLICATION_JSON_TYPE).build();
  }
}
