package org.airouter.admin.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.airouter.capture.CaptureFilter;
import org.airouter.capture.CaptureRecord;
import org.airouter.capture.CaptureStore;
import org.airouter.capture.CaptureSwitches;
import org.airouter.capture.Captures;
import org.airouter.validation.Problem;
import org.airouter.wire.JsonIo;
import org.airouter.wire.OpenAiError;

/**
 * Payload capture (admin role only: bodies are what users wrote): the switches that turn it on for a route or a
 * client key until an expiry, and the captures, newest first a page at a time, or one with its bodies, and deleting
 * them (one, or all a filter matches).
 */
@Path("captures")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CapturesResource {
  @Inject Captures captures;

  @GET
  public Response page(@QueryParam("route") String route, @QueryParam("key") String key,
      @QueryParam("status") String status, @QueryParam("offset") @DefaultValue("0") int offset,
      @QueryParam("limit") @DefaultValue("50") int limit) throws SQLException {
    CaptureStore.Page page = captures.page(filter(route, key, status), offset, limit);
    JsonArrayBuilder list = JsonIo.PROVIDER.createArrayBuilder();
    page.captures().forEach(c -> list.add(json(c)));
    return ok(JsonIo.PROVIDER.createObjectBuilder().add("captures", list).add("total", page.total())
        .add("offset", page.offset()).add("limit", page.limit()).add("retentionDays", captures.retentionDays())
        .add("maxBytes", captures.maxBytes()).build());
  }

  @GET @Path("{id}")
  public Response get(@PathParam("id") String id) throws SQLException {
    return captures.get(id).map(c -> ok(json(c)))
        .orElseGet(() -> Errors.response(OpenAiError.notFound("No capture " + id)));
  }

  @DELETE @Path("{id}")
  public Response delete(@PathParam("id") String id) throws SQLException {
    return captures.delete(id) ? Response.noContent().build()
        : Errors.response(OpenAiError.notFound("No capture " + id));
  }

  /** Every capture the filter matches (none given: all of them); answers how many. */
  @DELETE
  public Response deleteMatching(@QueryParam("route") String route, @QueryParam("key") String key,
      @QueryParam("status") String status) throws SQLException {
    int deleted = captures.delete(filter(route, key, status));
    return ok(JsonIo.PROVIDER.createObjectBuilder().add("deleted", deleted).build());
  }

  @GET @Path("switches")
  public Response switches() {
    JsonArrayBuilder list = JsonIo.PROVIDER.createArrayBuilder();
    captures.switches().all().forEach(s -> list.add(json(s)));
    return ok(JsonIo.PROVIDER.createObjectBuilder().add("switches", list).build());
  }

  /**
   * Body {@code {"kind": "route", "name": "chat", "minutes": 60}} (kind route or key; minutes default 60, at most a
   * week): capture on for that route or client key (by name) until then. Again for the same one: a new expiry.
   */
  @PUT @Path("switches") @Consumes(MediaType.APPLICATION_JSON)
  public Response turnOn(String body) {
    JsonObject input = object(body);
    CaptureSwitches.Kind kind = kind(input.containsKey("kind") && input.get("kind") instanceof JsonString k
        ? k.getString() : "");
    String name = input.get("name") instanceof JsonString n && !n.getString().isBlank() ? n.getString() : null;
    if (name == null) throw new UsageResource.InvalidQuery(List.of(new Problem("name", "the route's or key's name")));
    Instant until = Instant.now().plus(Duration.ofMinutes(minutes(input)));
    return ok(json(captures.switches().turnOn(kind, name, until)));
  }

  /** {@code ?kind=route&name=chat}: capture off for it now. */
  @DELETE @Path("switches")
  public Response turnOff(@QueryParam("kind") String kind, @QueryParam("name") String name) {
    if (name == null || !captures.switches().turnOff(kind(kind == null ? "" : kind), name)) {
      return Errors.response(OpenAiError.notFound("Capture is not on for " + kind + " " + name));
    }
    return Response.noContent().build();
  }

  private static CaptureSwitches.Kind kind(String kind) {
    return switch (kind) {
      case "route", "routes" -> CaptureSwitches.Kind.ROUTE;
      case "key", "keys" -> CaptureSwitches.Kind.KEY;
      default -> throw new UsageResource.InvalidQuery(List.of(new Problem("kind", "route or key")));
    };
  }

  private static JsonObject object(String body) {
    return JsonIo.readObject(body == null || body.isBlank() ? "{}" : body).orElseThrow(() ->
        new UsageResource.InvalidQuery(List.of(new Problem("body", "a JSON object with kind, name and minutes"))));
  }

  private static int minutes(JsonObject input) {
    if (!input.containsKey("minutes")) return 60;
    try {
      int minutes = input.getJsonNumber("minutes").intValueExact();
      if (minutes >= 1 && minutes <= CaptureSwitches.MAX_MINUTES) return minutes;
    } catch (RuntimeException notANumber) {
      // said below
    }
    throw new UsageResource.InvalidQuery(List.of(new Problem("minutes",
        "a whole number from 1 to " + CaptureSwitches.MAX_MINUTES)));
  }

  private static JsonObject json(CaptureSwitches.Switch s) {
    return JsonIo.PROVIDER.createObjectBuilder().add("kind", s.kind().name().toLowerCase(Locale.ROOT))
        .add("name", s.name()).add("until", s.until().toString()).build();
  }

  static JsonObject json(CaptureRecord c) {
    JsonObjectBuilder b = JsonIo.PROVIDER.createObjectBuilder().add("id", c.id()).add("at", c.at().toString());
    text(b, "requestId", c.requestId());
    text(b, "route", c.route());
    text(b, "key", c.key());
    text(b, "endpoint", c.endpoint());
    text(b, "model", c.model());
    b.add("stream", c.stream()).add("status", c.status());
    text(b, "errorCode", c.errorCode());
    CaptureRecord.Bodies bodies = c.bodies();
    b.add("requestBytes", bodies.requestBytes()).add("requestTruncated", bodies.requestTruncated())
        .add("answerBytes", bodies.answerBytes()).add("answerTruncated", bodies.answerTruncated());
    text(b, "request", bodies.request());
    text(b, "answer", bodies.answer());
    return b.build();
  }

  private static void text(JsonObjectBuilder b, String name, String value) {
    if (value != null) b.add(name, value);
  }

  private static Response ok(JsonObject json) { return Response.ok(json.toString(), MediaType.APPLICATION_JSON_TYPE).build(); }

  private static CaptureFilter filter(String route, String key, String status) {
    try {
      return CaptureFilter.of(route, key, status);
    } catch (CaptureFilter.InvalidStatus e) {
      throw new UsageResource.InvalidQuery(List.of(new Problem("status", e.detail())));
    }
  }
}
