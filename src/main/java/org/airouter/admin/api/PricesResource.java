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
import org.airouter.admin.api.Inputs.PriceInput;
import org.airouter.admin.api.Json.PriceJson;
import org.airouter.prices.Price;
import org.airouter.prices.PriceService;
import org.airouter.security.Allowed;
import org.airouter.security.Role;

/** The price table (USD per million tokens): what each request is charged when its usage is recorded. */
@Allowed(Role.OPERATOR)
@Path("prices")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PricesResource {
  @Inject PriceService prices;

  @GET @Allowed(Role.VIEWER) public List<PriceJson> list() { return prices.all().stream().map(PriceJson::of).toList(); }

  @GET @Path("{id}") @Allowed(Role.VIEWER)
  public PriceJson get(@PathParam("id") long id) {
    return PriceJson.of(prices.find(id).orElseThrow(() -> new PriceService.PriceNotFound(id)));
  }

  @POST
  public Response create(@NotNull @Valid PriceInput input, @Context UriInfo uri) {
    Price created = prices.create(input.toSpec());
    return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
        .entity(PriceJson.of(created)).build();
  }

  @PUT @Path("{id}")
  public PriceJson update(@PathParam("id") long id, @NotNull @Valid PriceInput input) {
    Inputs.requireVersion(input.version());
    return PriceJson.of(prices.update(id, input.toSpec(), input.version()));
  }

  @DELETE @Path("{id}")
  public void delete(@PathParam("id") long id) { prices.delete(id); }
}
