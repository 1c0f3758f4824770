package org.airouter.admin.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.airouter.audit.AuditLog;
import org.airouter.validation.Problem;
import org.airouter.wire.JsonIo;

/**
 * The audit log (admin role only): newest first a page at a time, filtered by actor, action, target type, address
 * and time ({@code from} inclusive, {@code to} exclusive, ISO-8601 instants); or all of it as JSON lines.
 */
@Path("audit")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
  @Inject AuditLog audit;

  @GET
  public Response page(@QueryParam("actor") String actor, @QueryParam("action") String action,
      @QueryParam("targetType") String targetType, @QueryParam("address") String address,
      @QueryParam("from") String from, @QueryParam("to") String to,
      @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("50") int limit) {
    AuditLog.Page page = audit.page(filter(actor, action, targetType, address, from, to), offset, limit);
    JsonArrayBuilder events = JsonIo.PROVIDER.createArrayBuilder();
    page.events().forEach(e -> events.add(AuditLog.json(e)));
    return Response.ok(JsonIo.PROVIDER.createObjectBuilder().add("events", events).add("total", page.total())
        .add("offset", page.offset()).add("limit", page.limit()).add("retentionDays", audit.retentionDays())
        .build().toString(), MediaType.APPLICATION_JSON_TYPE).build();
  }

  /** Oldest first, one JSON object a line (application/x-ndjson), with the same filters. */
  @GET @Path("export") @Produces("application/x-ndjson")
  public Response export(@QueryParam("actor") String actor, @QueryParam("action") String action,
      @QueryParam("targetType") String targetType, @QueryParam("address") String address,
      @QueryParam("from") String from, @QueryParam("to") String to) {
    AuditLog.Filter filter = filter(actor, action, targetType, address, from, to);
    StreamingOutput body = out -> audit.export(filter, new OutputStreamWriter(out, StandardCharsets.UTF_8));
    return Response.ok(body, "application/x-ndjson")
        .header("Content-Disposition", "attachment; filename=\"ai-router-audit.jsonl\"").build();
  }

  private static AuditLog.Filter filter(String actor, String action, String targetType, String address, String from,
      String to) {
    return new AuditLog.Filter(blank(actor), blank(action), blank(targetType), blank(address), instant("from", from),
        instant("to", to));
  }

  private static String blank(String s) { return s == null || s.isBlank() ? null : s; }

  private static Instant instant(String name, String value) {
    if (value == null || value.isBlank()) return null;
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new UsageResource.InvalidQuery(
          List.of(new Problem(name, "an ISO-8601 instant such as 2026-01-31T00:00:00Z")));
    }
  }
}
