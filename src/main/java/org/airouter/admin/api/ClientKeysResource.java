package org.airouter.admin.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
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
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.airouter.admin.api.Inputs.ClientKeyInput;
import org.airouter.admin.api.Json.ClientKeyJson;
import org.airouter.admin.api.Json.IssuedClientKeyJson;
import org.airouter.keys.ClientKey;
import org.airouter.keys.ClientKeyService;
import org.airouter.keys.IssuedKey;
import org.airouter.security.Allowed;
import org.airouter.security.Caller;
import org.airouter.security.Role;
import org.airouter.selfservice.Self;
import org.airouter.selfservice.SelfService;
import org.airouter.validation.Sizes;

/**
 * Client keys: create (the full key is in this one answer only), list, get, update (versioned), delete, and revoke
 * all of one owner's. Each key shows its owner.
 */
@Allowed(Role.OPERATOR)
@Path("client-keys")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ClientKeysResource {
  @Inject ClientKeyService keys;
  @Inject SelfService selfService;

  @GET @Allowed(Role.VIEWER) public List<ClientKeyJson> list() { return keys.all().stream().map(ClientKeyJson::of).toList(); }

  @GET @Path("{id}") @Allowed(Role.VIEWER)
  public ClientKeyJson get(@PathParam("id") long id) {
    return ClientKeyJson.of(keys.find(id).orElseThrow(() -> new ClientKeyService.ClientKeyNotFound(id)));
  }

  /** Owner: as given, else whoever issues it (a named user, or "admin"); an admin token's keys have none. */
  @POST
  public Response create(@NotNull @Valid ClientKeyInput input, @Context UriInfo uri, @Context SecurityContext context) {
    String owner = input.owner() != null && !input.owner().isBlank() ? input.owner().trim()
        : Self.ownerOf(context.getUserPrincipal() instanceof Caller c ? c : null);
    IssuedKey issued = keys.issue(input.toSpec(), owner);
    return Response.created(uri.getAbsolutePathBuilder().path(issued.stored().id().toString()).build())
        .entity(IssuedClientKeyJson.of(issued)).build();
  }

  /** What {@code POST /client-keys/revoke-all} answers: whose keys, and which it revoked (already revoked ones not). */
  public record RevokedJson(String owner, List<Long> revoked) {}

  public record OwnerInput(@NotBlank @Size(max = Sizes.NAME) String owner) {}

  /** Revokes every key of one owner, a user who left for instance, in one action (audited by AuditFilter). */
  @POST @Path("revoke-all")
  public RevokedJson revokeAll(@NotNull @Valid OwnerInput input) {
    return new RevokedJson(input.owner(), selfService.revokeAllOf(input.owner()).stream().map(ClientKey::id).toList());
  }

  /** Name, allowed models and endpoints, expiry, enabled; {@code version} from the last read is required (stale: 409). */
  @PUT @Path("{id}")
  public ClientKeyJson update(@PathParam("id") long id, @NotNull @Valid ClientKeyInput input) {
    Inputs.requireVersion(input.version());
    return ClientKeyJson.of(keys.update(id, input.toSpec(), input.version()));
  }

  @DELETE @Path("{id}")
  public void delete(@PathParam("id") long id) { keys.delete(id); }
}
