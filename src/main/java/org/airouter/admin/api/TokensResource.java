package org.airouter.admin.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.airouter.admin.api.Inputs.AdminTokenInput;
import org.airouter.admin.api.Json.AdminTokenJson;
import org.airouter.admin.api.Json.IssuedAdminTokenJson;
import org.airouter.security.AdminTokens;
import org.airouter.security.Role;
import org.airouter.validation.Problem;

/** Admin tokens (admin role only): create (the token is in this one answer only), list, revoke (revoked tokens stay listed). */
@Path("tokens")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TokensResource {
  @Inject AdminTokens tokens;

  @GET public List<AdminTokenJson> list() { return tokens.all().stream().map(AdminTokenJson::of).toList(); }

  @POST
  public Response create(@NotNull @Valid AdminTokenInput input, @Context UriInfo uri) {
    Role role = input.role() == null ? Role.ADMIN : Role.of(input.role()).filter(r -> r != Role.MEMBER)
        .orElseThrow(() -> new AdminTokens.InvalidAdminToken(
            List.of(new Problem("role", "one of admin, operator, viewer"))));
    AdminTokens.Issued issued = tokens.create(input.name(), role);
    return Response.created(uri.getAbsolutePathBuilder().path(issued.stored().id().toString()).build())
        .entity(IssuedAdminTokenJson.of(issued)).build();
  }

  /** Revokes the token at once, on every instance. */
  @DELETE @Path("{id}")
  public AdminTokenJson revoke(@PathParam("id") long id) { return AdminTokenJson.of(tokens.revoke(id)); }
}
