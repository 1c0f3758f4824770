package org.airouter.admin.api;

import java.time.Instant;
import java.util.List;
import org.airouter.failover.HealthSnapshot;
import org.airouter.keys.Budget;
import org.airouter.keys.ClientKey;
import org.airouter.keys.LimitPolicy;
import org.airouter.keys.Limits;
import org.airouter.keys.Team;
import org.airouter.prices.Price;
import org.airouter.prices.PriceSpec;
import org.airouter.keys.EndpointGroup;
import org.airouter.keys.IssuedKey;
import org.airouter.probe.RouteProbe;
import org.airouter.routing.LastProbe;
import org.airouter.routing.Failover;
import org.airouter.routing.Route;
import org.airouter.routing.Target;
import org.airouter.security.AdminToken;
import org.airouter.security.AdminTokens;
import org.airouter.security.ConsoleUser;
import jakarta.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.airouter.failover.TargetKey;

/** The shapes the admin API sends. Field names are those of the start-up config file; secrets never appear. */
public final class Json {
  private Json() {}

  /**
   * A route in the new form: its targets (upstreams) and failover settings. Provider keys and extra headers are
   * write-only (a header may carry a credential), so only whether a target has them shows. {@code lastTest} is absent
   * until the route's first online test.
   */
  public record RouteJson(long id, String name, String match, String pattern, boolean isDefault, boolean enabled,
                   List<TargetJson> targets, int maxAttempts, boolean retryOnTimeout, List<String> fallbacks,
                   String sticky, Map<String, Integer> timeouts, Integer keepaliveAfterMs,
                   int order, Instant createdAt, Instant updatedAt, long version, LastTestJson lastTest) {
    static RouteJson of(Route r) { return of(r, Map.of()); }

    /** With each target's health on this instance, where the proxy knows it. */
    static RouteJson of(Route r, Map<TargetKey, HealthSnapshot> health) {
      Failover f = r.failover();
      return new RouteJson(r.id(), r.name(), r.matchKind().id(), r.pattern(), r.isDefault(), r.enabled(),
          r.targets().stream().map(t -> TargetJson.of(t,
              health.get(new TargetKey(r.name(), t.name())))).toList(), f.maxAttempts(), f.retryOnTimeout(), f.fallbacks(),
          f.sticky(), f.timeouts().asMap(), f.keepaliveAfterMs(), r.sortOrder(), r.createdAt(), r.updatedAt(),
          r.version(), LastTestJson.of(r.lastProbe()));
    }
  }

  /** One target of a route: {@code hasApiKey} and {@code hasHeaders} say whether secrets are stored, never what. */
  public record TargetJson(String name, String provider, String baseUrl, boolean hasApiKey, String upstreamModel,
                    String apiVersion, Map<String, String> deployments, boolean hasHeaders,
                    Map<String, String> query, int priority, int weight, boolean enabled,
                    Map<String, Integer> timeouts, TargetHealthJson health) {
    static TargetJson of(Target t, HealthSnapshot health) {
      return new TargetJson(t.name(), t.provider().id(), t.baseUrl(), t.sealedApiKey() != null, t.upstreamModel(),
          t.apiVersion(), t.deployments(), t.sealedHeaders() != null, t.query(), t.priority(), t.weight(),
          t.enabled(), t.timeouts().asMap(), TargetHealthJson.of(health));
    }
  }

  /**
   * A target's health on the instance that answers (health is per instance): {@code state} is closed (taking
   * requests), cooling, open, half_open or auth_failed; {@code reopensAt} is null when it takes requests now. Absent
   * until the target's first request on this instance.
   */
  public record TargetHealthJson(String state, int lastErrorStatus, String lastError, Instant lastErrorAt,
                                 Instant reopensAt) {
    static TargetHealthJson of(HealthSnapshot h) {
      return h == null ? null : new TargetHealthJson(h.state().name().toLowerCase(Locale.ROOT),
          h.lastErrorStatus(), h.lastError(), h.lastErrorAt(), h.reopensAt());
    }
  }

  /** How the route's last online test went: {@code status} 0 when the upstream was not reached. */
  public record LastTestJson(Instant at, boolean ok, int status, Timings timings, String message) {
    static LastTestJson of(LastProbe t) {
      return t == null ? null : new LastTestJson(t.at(), t.ok(), t.status(), new Timings(t.firstByteMs(), t.totalMs()),
          t.message());
    }
  }

  /**
   * A client key; {@code allowedEndpoints} is what the operator listed (null: the default), {@code endpoints} what
   * the key reaches, the default resolved.
   */
  public record ClientKeyJson(long id, String name, String prefix, List<String> allowedModels,
                       List<String> allowedEndpoints, List<String> endpoints, Instant expiresAt,
                       boolean enabled, String team, LimitsJson limits, Map<String, LimitsJson> modelLimits,
                       BudgetJson budget, String owner, Instant createdAt, Instant lastUsedAt, long version) {
    static ClientKeyJson of(ClientKey k) {
      LimitPolicy p = k.policy();
      return new ClientKeyJson(k.id(), k.name(), k.prefix(), List.copyOf(k.allowedModels()), k.allowedEndpoints(),
          k.reach().stream().map(EndpointGroup::id).toList(), k.expiresAt(),
          k.enabled(), k.team(), LimitsJson.of(p.limits()), LimitsJson.of(p.modelLimits()), BudgetJson.of(p.budget()),
          k.owner(), k.createdAt(), k.lastUsedAt(), k.version());
    }
  }

  /** Limits as configured; a field absent is no limit. */
  public record LimitsJson(Long rpm, Long tpm, Long maxConcurrent) {
    static LimitsJson of(Limits l) { return l.isEmpty() ? null : new LimitsJson(l.rpm(), l.tpm(), l.maxConcurrent()); }

    static Map<String, LimitsJson> of(Map<String, Limits> perModel) {
      Map<String, LimitsJson> out = new LinkedHashMap<>();
      perModel.forEach((glob, l) -> out.put(glob, new LimitsJson(l.rpm(), l.tpm(), l.maxConcurrent())));
      return out;
    }
  }

  public record BudgetJson(double usd, String period) {
    static BudgetJson of(Budget b) { return b == null ? null : new BudgetJson(b.usd(), b.period().id()); }
  }

  public record TeamJson(long id, String name, LimitsJson limits, Map<String, LimitsJson> modelLimits,
                         BudgetJson budget, long version) {
    static TeamJson of(Team t) {
      LimitPolicy p = t.policy();
      return new TeamJson(t.id(), t.name(), LimitsJson.of(p.limits()), LimitsJson.of(p.modelLimits()),
          BudgetJson.of(p.budget()), t.version());
    }
  }

  public record PriceJson(long id, String model, String provider, double inputPerMTok, Double cachedInputPerMTok,
                          double outputPerMTok, String effectiveFrom, long version) {
    static PriceJson of(Price row) {
      PriceSpec p = row.spec();
      return new PriceJson(row.id(), p.model(), p.provider(), p.inputPerMTok(), p.cachedInputPerMTok(),
          p.outputPerMTok(), p.effectiveFrom().toString(), row.version());
    }
  }

  /** The answer to creating a key: the only time {@code key} is shown. */
  public record IssuedClientKeyJson(String key, ClientKeyJson clientKey) {
    static IssuedClientKeyJson of(IssuedKey issued) {
      return new IssuedClientKeyJson(issued.key(), ClientKeyJson.of(issued.stored()));
    }
  }

  public record AdminTokenJson(long id, String name, String prefix, String role, Instant createdAt, Instant lastUsedAt,
                        Instant revokedAt, boolean revoked) {
    static AdminTokenJson of(AdminToken t) {
      return new AdminTokenJson(t.id(), t.name(), t.prefix(), t.role().id(), t.createdAt(), t.lastUsedAt(),
          t.revokedAt(), t.revoked());
    }
  }

  /** A named user; the password never, only whether there is one. */
  public record UserJson(long id, String name, String role, String team, boolean hasPassword, boolean disabled,
                         Instant createdAt, long version) {
    static UserJson of(ConsoleUser u) {
      return new UserJson(u.id(), u.name(), u.role().id(), u.team(), u.hasPassword(), u.disabled(), u.createdAt(),
          u.version());
    }
  }

  /** The answer to creating an admin token: the only time {@code token} is shown. */
  public record IssuedAdminTokenJson(String token, AdminTokenJson adminToken) {
    static IssuedAdminTokenJson of(AdminTokens.Issued issued) {
      return new IssuedAdminTokenJson(issued.token(), AdminTokenJson.of(issued.stored()));
    }
  }

  public record Timings(long firstByteMs, long totalMs) {}

  public record TestJson(boolean ok, String route, String upstreamModel, int status, Timings timings, String text,
                  JsonObject usage, String error) {
    static TestJson of(RouteProbe.Result r) {
      return new TestJson(r.ok(), r.route(), r.upstreamModel(), r.status(), new Timings(r.firstByteMs(), r.totalMs()),
          r.text(), r.usage(), r.error());
    }
  }

  public record VersionJson(long version) {}
}
