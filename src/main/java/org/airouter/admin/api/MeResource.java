package org.airouter.admin.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.airouter.admin.api.Inputs.MyKeyInput;
import org.airouter.admin.api.Json.BudgetJson;
import org.airouter.admin.api.Json.ClientKeyJson;
import org.airouter.admin.api.Json.IssuedClientKeyJson;
import org.airouter.admin.api.UsageResource.TotalsJson;
import org.airouter.audit.AuditLog;
import org.airouter.keys.ClientKey;
import org.airouter.keys.IssuedKey;
import org.airouter.security.Allowed;
import org.airouter.security.Caller;
import org.airouter.security.Role;
import org.airouter.selfservice.Self;
import org.airouter.selfservice.SelfService;
import org.airouter.validation.Problem;
import org.airouter.wire.JsonIo;

/**
 * The member's self-service surface, and the only part of the API a member may call: who they are, their own keys
 * (issued in their team within its limits and budget, the full key in the answer once), revoking one, and what their
 * keys used and cost. Another's key is 404 here, as if it did not exist. Every change is audited here, naming the key.
 */
@Allowed(Role.MEMBER)
@Path(MeResource.PATH)
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MeResource {
  static final String PATH = "me";

  @Inject SelfService selfService;
  @Inject AuditLog audit;

  public record MeJson(String caller, String name, String role, String team) {}

  public record KeyUsageJson(long id, String name, boolean enabled, TotalsJson totals, BudgetJson budget,
                             double budgetSpentUsd) {}

  public record TeamBudgetJson(String team, BudgetJson budget, double spentUsd) {}

  public record MyUsageJson(Instant from, Instant to, TotalsJson totals, List<KeyUsageJson> keys,
                            TeamBudgetJson teamBudget) {}

  @GET
  public MeJson me(@Context SecurityContext context) {
    Self self = self(context);
    return new MeJson(self.caller(), self.owner(), self.role().id(), self.team());
  }

  @GET @Path("keys")
  public List<ClientKeyJson> keys(@Context SecurityContext context) {
    return selfService.keys(self(context)).stream().map(ClientKeyJson::of).toList();
  }

  @POST @Path("keys")
  public Response issue(@NotNull @Valid MyKeyInput input, @Context SecurityContext context, @Context UriInfo uri,
                        @Context HttpServletRequest request) {
    Self self = self(context);
    IssuedKey issued = selfService.issue(self, input.toSpec());
    ClientKey key = issued.stored();
    audit.record(self.caller(), request.getRemoteAddr(), "me.keys.create", "client-keys", key.id().toString(),
        JsonIo.PROVIDER.createObjectBuilder().add("name", key.name()).add("owner", key.owner())
            .add("team", key.team()).add("prefix", key.prefix()).build());
    return Response.created(uri.getAbsolutePathBuilder().path(key.id().toString()).build())
        .entity(IssuedClientKeyJson.of(issued)).build();
  }

  /** Revokes (disables) one's own key; the usage it had stays. */
  @DELETE @Path("keys/{id}")
  public ClientKeyJson revoke(@PathParam("id") long id, @Context SecurityContext context,
                              @Context HttpServletRequest request) {
    Self self = self(context);
    ClientKey key = selfService.revoke(self, id);
    audit.record(self.caller(), request.getRemoteAddr(), "me.keys.revoke", "client-keys", key.id().toString(),
        JsonIo.PROVIDER.createObjectBuilder().add("name", key.name()).add("owner", key.owner()).build());
    return ClientKeyJson.of(key);
  }

  /** Own keys' usage over [from, to) (default: the last 30 days), each key's budget spend, and the team's. */
  @GET @Path("usage")
  public MyUsageJson usage(@QueryParam("from") String from, @QueryParam("to") String to,
                           @Context SecurityContext context) {
    List<Problem> problems = new ArrayList<>();
    Instant end = Inputs.instant("to", to, Instant.now(), problems);
    Instant start = Inputs.instant("from", from, end.minus(Duration.ofDays(30)), problems);
    if (problems.isEmpty() && !start.isBefore(end)) problems.add(new Problem("from", "must be before to"));
    if (!problems.isEmpty()) throw new UsageResource.InvalidQuery(problems);
    SelfService.Usage usage = selfService.usage(self(context), start, end);
    List<KeyUsageJson> keys = usage.keys().stream().map(k -> new KeyUsageJson(k.key().id(), k.key().name(),
        k.key().enabled(), TotalsJson.of(k.totals()), BudgetJson.of(k.key().policy().budget()),
        k.budgetSpentNanos() / 1e9)).toList();
    SelfService.TeamBudget team = usage.teamBudget();
    return new MyUsageJson(start, end, TotalsJson.of(usage.total()), keys, team == null ? null
        : new TeamBudgetJson(team.team(), BudgetJson.of(team.budget()), team.spentNanos() / 1e9));
  }

  private Self self(SecurityContext context) { return selfService.self((Caller) context.getUserPrincipal()); }

}
