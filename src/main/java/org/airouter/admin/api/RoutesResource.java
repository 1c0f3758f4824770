package org.airouter.admin.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.airouter.failover.HealthSnapshot;
import org.airouter.failover.TargetKey;
import org.airouter.proxy.Proxy;
import org.airouter.admin.api.Inputs.ReorderInput;
import org.airouter.admin.api.Inputs.RouteInput;
import org.airouter.admin.api.Json.RouteJson;
import org.airouter.routing.Route;
import org.airouter.routing.RouteService;
import org.airouter.security.Allowed;
import org.airouter.security.Role;

/** Routes: list, get, create, update (versioned), delete, reorder. */
@Allowed(Role.OPERATOR)
@Path("routes")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RoutesResource {
  @Inject RouteService routes;
  @Inject Proxy proxy;

  @GET @Allowed(Role.VIEWER) public List<RouteJson> list() {
    Map<TargetKey, HealthSnapshot> health = health();
    return routes.all().stream().map(r -> RouteJson.of(r, health)).toList();
  }

  @GET @Path("{id}") @Allowed(Role.VIEWER)
  public RouteJson get(@PathParam("id") long id) {
    return RouteJson.of(routes.find(id).orElseThrow(() -> new RouteService.RouteNotFound(id)), health());
  }

  /** Each target's health on this instance, by (route, target). */
  private Map<TargetKey, HealthSnapshot> health() {
    Map<TargetKey, HealthSnapshot> byKey = new HashMap<>();
    for (HealthSnapshot h : proxy.targetHealth()) byKey.put(h.key(), h);
    return byKey;
  }

  @POST
  public Response create(@NotNull @Valid RouteInput input, @Context UriInfo uri) {
    Route route = routes.create(input.toSpec());
    return Response.created(uri.getAbsolutePathBuilder().path(route.id().toString()).build())
        .entity(RouteJson.of(route)).build();
  }

  /** The whole route; {@code version} from the last read is required, and a stale one is answered 409. */
  @PUT @Path("{id}")
  public RouteJson update(@PathParam("id") long id, @NotNull @Valid RouteInput input) {
    Inputs.requireVersion(input.version());
    return RouteJson.of(routes.update(id, input.toSpec(), input.version()));
  }

  @DELETE @Path("{id}")
  public void delete(@PathParam("id") long id) { routes.delete(id); }

  /** Puts the routes in this order (first wins within a match kind); returns the new list. */
  @PUT @Path("order")
  public List<RouteJson> reorder(@NotNull @Valid ReorderInput input) {
    routes.reorder(input.ids());
    return list();
  }
}
