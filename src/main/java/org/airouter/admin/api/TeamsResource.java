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
import java.util.List;
import org.airouter.admin.api.Inputs.TeamInput;
import org.airouter.admin.api.Json.TeamJson;
import org.airouter.keys.Team;
import org.airouter.keys.TeamService;
import org.airouter.security.Allowed;
import org.airouter.security.Role;

/** Teams: keys naming a team share its limits and budget. Update needs the version last read (stale: 409). */
@Allowed(Role.OPERATOR)
@Path("teams")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TeamsResource {
  @Inject TeamService teams;

  @GET @Allowed(Role.VIEWER) public List<TeamJson> list() { return teams.all().stream().map(TeamJson::of).toList(); }

  @GET @Path("{id}") @Allowed(Role.VIEWER)
  public TeamJson get(@PathParam("id") long id) {
    return TeamJson.of(teams.find(id).orElseThrow(() -> new TeamService.TeamNotFound(id)));
  }

  @POST
  public Response create(@NotNull @Valid TeamInput input, @Context UriInfo uri) {
    Team created = teams.create(input.toSpec());
    return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
        .entity(TeamJson.of(created)).build();
  }

  @PUT @Path("{id}")
  public TeamJson update(@PathParam("id") long id, @NotNull @Valid TeamInput input) {
    Inputs.requireVersion(input.version());
    return TeamJson.of(teams.update(id, input.toSpec(), input.version()));
  }

  @DELETE @Path("{id}")
  public void delete(@PathParam("id") long id) { teams.delete(id); }
}
