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
import org.airouter.admin.api.Inputs.UserInput;
import org.airouter.admin.api.Json.UserJson;
import org.airouter.security.ConsoleUser;
import org.airouter.security.ConsoleUsers;
import org.airouter.security.Role;
import org.airouter.validation.Problem;

/**
 * Named users of the console and the admin API (admin role only). Passwords go in, never out. A disabled user cannot
 * sign in; their keys are revoked by {@code POST /client-keys/revoke-all}.
 */
@Path("users")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UsersResource {
  @Inject ConsoleUsers users;

  @GET public List<UserJson> list() { return users.all().stream().map(UserJson::of).toList(); }

  @GET @Path("{id}")
  public UserJson get(@PathParam("id") long id) {
    return UserJson.of(users.find(id).orElseThrow(() -> new ConsoleUsers.UserNotFound(id)));
  }

  @POST
  public Response create(@NotNull @Valid UserInput input, @Context UriInfo uri) {
    ConsoleUser created = users.create(input.name(), input.password(), role(input), input.team());
    return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
        .entity(UserJson.of(created)).build();
  }

  @PUT @Path("{id}")
  public UserJson update(@PathParam("id") long id, @NotNull @Valid UserInput input) {
    Inputs.requireVersion(input.version());
    return UserJson.of(users.update(id, role(input), input.team(), input.password(), input.disabled(),
        input.version()));
  }

  @DELETE @Path("{id}")
  public UserJson delete(@PathParam("id") long id) { return UserJson.of(users.delete(id)); }

  private static Role role(UserInput input) {
    return Role.of(input.role()).orElseThrow(() -> new ConsoleUsers.InvalidUser(
        List.of(new Problem("role", "one of admin, operator, viewer, member"))));
  }
}
