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
import org.airouter.admin.api.Inputs.ClientKeyInput;
import org.airouter.admin.api.Json.ClientKeyJson;
import org.airouter.admin.api.Json.IssuedClientKeyJson;
import org.airouter.keys.ClientKeyService;
import org.airouter.keys.IssuedKey;

/** Client keys: create (the full key is in this one answer only), list, get, update (versioned), delete. */
@Path("client-keys")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ClientKeysResource {
  @Inject ClientKeyService keys;

  @GET public List<ClientKeyJson> list() { return keys.all().stream().map(ClientKeyJson::of).toList(); }

  @GET @Path("{id}")
  public ClientKeyJson get(@PathParam("id") long id) {
    return ClientKeyJson.of(keys.find(id).orElseThrow(() -> new ClientKeyService.ClientKeyNotFound(id)));
  }

  @POST
  public Response create(@NotNull @Valid ClientKeyInput input, @Context UriInfo uri) {
    IssuedKey issued = keys.issue(input.toSpec());
    return Response.created(uri.getAbsolutePathBuilder().path(issued.stored().id().toString()).build())
        .entity(IssuedClientKeyJson.of(issued)).build();
  }

  /** Name, allowed models and endpoints, expiry, enabled; {@code version} from the last read is required (stale: 409). */
  @PUT @Path("{id}")
  public ClientKeyJson update(@PathParam("id") long id, @NotNull @Valid ClientKeyInput input) {
    if (input.version() == null) {
      throw new ClientKeyService.InvalidClientKey(List.of("version: required; send the version you last read"));
    }
    return ClientKeyJson.of(keys.update(id, input.toSpec(), input.version()));
  }

  @DELETE @Path("{id}")
  public void delete(@PathParam("id") long id) { keys.delete(id); }
}
