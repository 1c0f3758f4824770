package org.airouter.admin.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.airouter.admin.api.Inputs.TestInput;
import org.airouter.admin.api.Json.TestJson;
import org.airouter.probe.RouteProbe;
import org.airouter.security.Allowed;
import org.airouter.security.Role;

/** The online test: one real, small chat completion through the route a model takes. Upstream failures are 200. */
@Allowed(Role.OPERATOR)
@Path("test")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RouteTryResource {
  @Inject RouteProbe test;

  @POST
  public TestJson run(@NotNull @Valid TestInput input) {
    return TestJson.of(test.run(input.model(), input.route(),
        input.prompt() == null || input.prompt().isBlank() ? "Say hello." : input.prompt(),
        input.maxTokens() == null ? 16 : input.maxTokens()));
  }
}
