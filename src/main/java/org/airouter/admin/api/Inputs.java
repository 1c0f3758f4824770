package org.airouter.admin.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.airouter.keys.Budget;
import org.airouter.keys.ClientKeySpec;
import org.airouter.keys.LimitPolicy;
import org.airouter.keys.Limits;
import org.airouter.keys.TeamSpec;
import org.airouter.prices.PriceSpec;
import org.airouter.provider.ProviderKind;
import org.airouter.routing.Failover;
import org.airouter.routing.MatchKind;
import org.airouter.routing.RouteService;
import org.airouter.routing.RouteSpec;
import org.airouter.routing.TargetSpec;
import org.airouter.routing.Timeouts;

/**
 * What the admin API accepts. Bean Validation checks shapes (400 naming the field); the services still check the
 * rules they own (a base URL is http or https, names are unique).
 */
public final class Inputs {
  private Inputs() {}

  /**
   * A route, in the config file's names: either {@code targets} or, the old way, the upstream fields of one target on
   * the route itself (never both). {@code version} is required on update: a stale one is a 409.
   */
  public record RouteInput(
      @NotBlank @Size(max = 100) String name,
      @NotNull @Pattern(regexp = "exact|glob|keyword", message = "must be exact, glob or keyword") String match,
      @NotBlank @Size(max = 200) String pattern,
      @Pattern(regexp = PROVIDERS, message = PROVIDERS_MESSAGE) String provider,
      @Size(max = 1000) String baseUrl,
      @Size(max = 1000) String apiKey,
      @Size(max = 200) String upstreamModel,
      Boolean isDefault,
      Boolean enabled,
      @Size(max = 40) String apiVersion,
      Map<@NotBlank String, @NotBlank String> deployments,
      Map<@NotBlank String, @NotNull String> headers,
      Map<@NotBlank String, @NotNull String> query,
      @Size(max = RouteSpec.MAX_TARGETS) List<@NotNull @Valid TargetInput> targets,
      @Min(1) @Max(Failover.MAX_ATTEMPTS) Integer maxAttempts,
      Boolean retryOnTimeout,
      List<@NotBlank @Size(max = 100) String> fallbacks,
      @Size(max = 200) String sticky,
      @Valid TimeoutsInput timeouts,
      @Min(0) @Max(Timeouts.MAX_MS) Integer keepaliveAfterMs,
      Long version) {

    /** Absent {@code headers} keep the stored ones (their values may be secrets, write-only like the key). */
    RouteSpec toSpec() {
      MatchKind kind = MatchKind.byId(match).orElseThrow(() -> new RouteService.InvalidRoute(
          List.of("match: must be exact, glob or keyword")));
      boolean oldForm = provider != null || baseUrl != null || apiKey != null || upstreamModel != null
          || apiVersion != null || deployments != null || headers != null || query != null;
      if (targets != null && oldForm) {
        throw new RouteService.InvalidRoute(List.of("targets: give either targets or the upstream fields of one"
            + " (provider, baseUrl, apiKey, upstreamModel, apiVersion, deployments, headers, query), not both"));
      }
      List<TargetSpec> targetSpecs = targets != null ? targets.stream().map(TargetInput::toSpec).toList()
          : List.of(TargetSpec.implicit(providerKind(provider), baseUrl, blankToNull(apiKey), blankToNull(upstreamModel),
              apiVersion, deployments, headers, query));
      Failover failover = new Failover(maxAttempts == null ? Failover.DEFAULT_MAX_ATTEMPTS : maxAttempts,
          Boolean.TRUE.equals(retryOnTimeout), fallbacks, sticky, timeouts == null ? null : timeouts.toTimeouts(),
          keepaliveAfterMs);
      return new RouteSpec(name, kind, pattern, Boolean.TRUE.equals(isDefault), enabled == null || enabled,
          targetSpecs, failover);
    }
  }

  /** One target of a route; an absent {@code apiKey} (or {@code headers}) keeps the stored one of the same name. */
  public record TargetInput(
      @NotBlank @Size(max = 100) String name,
      @Pattern(regexp = PROVIDERS, message = PROVIDERS_MESSAGE) String provider,
      @NotBlank @Size(max = 1000) String baseUrl,
      @Size(max = 1000) String apiKey,
      @Size(max = 200) String upstreamModel,
      @Size(max = 40) String apiVersion,
      Map<@NotBlank String, @NotBlank String> deployments,
      Map<@NotBlank String, @NotNull String> headers,
      Map<@NotBlank String, @NotNull String> query,
      Integer priority,
      @Min(1) @Max(TargetSpec.MAX_WEIGHT) Integer weight,
      Boolean enabled,
      @Valid TimeoutsInput timeouts) {

    TargetSpec toSpec() {
      return new TargetSpec(name, providerKind(provider), baseUrl, blankToNull(apiKey), blankToNull(upstreamModel),
          apiVersion, deployments, headers, query, priority == null ? 0 : priority, weight == null ? 1 : weight,
          enabled == null || enabled, timeouts == null ? null : timeouts.toTimeouts());
    }
  }

  /** Timeouts in milliseconds; absent or null: the default. */
  public record TimeoutsInput(@Min(1) @Max(Timeouts.MAX_MS) Integer connectMs,
                              @Min(1) @Max(Timeouts.MAX_MS) Integer firstByteMs,
                              @Min(1) @Max(Timeouts.MAX_MS) Integer firstTokenMs,
                              @Min(1) @Max(Timeouts.MAX_MS) Integer idleMs,
                              @Min(1) @Max(Timeouts.MAX_MS) Integer totalMs) {
    Timeouts toTimeouts() { return new Timeouts(connectMs, firstByteMs, firstTokenMs, idleMs, totalMs); }
  }

  private static final String PROVIDERS = "openai|azure|anthropic|gemini|cloudflare";
  private static final String PROVIDERS_MESSAGE = "must be openai, azure, anthropic, gemini or cloudflare";

  private static ProviderKind providerKind(String id) {
    return ProviderKind.byId(id == null ? "openai" : id).orElseThrow(() ->
        new RouteService.InvalidRoute(List.of("provider: unknown provider")));
  }

  private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s; }

  /** The new order of routes, by id; routes not named follow in their current order. */
  public record ReorderInput(@NotNull @NotEmpty List<@NotNull Long> ids) {}

  /** A client key, in the config file's names (the key itself is generated). */
  public record ClientKeyInput(
      @NotBlank @Size(max = 100) String name,
      List<@NotBlank @Size(max = 200) String> allowedModels,
      List<@NotBlank @Size(max = 40) String> allowedEndpoints,
      Instant expiresAt,
      Boolean enabled,
      @Size(max = 100) String team,
      @Valid LimitsInput limits,
      Map<@NotBlank @Size(max = 200) String, @NotNull @Valid LimitsInput> modelLimits,
      @Valid BudgetInput budget,
      Long version) {

    /** Absent or empty {@code allowedEndpoints}: the default reach; names are checked by the spec (400). */
    ClientKeySpec toSpec() {
      return new ClientKeySpec(name, allowedModels, allowedEndpoints, expiresAt, enabled == null || enabled, team,
          policy(limits, modelLimits, budget));
    }
  }

  /** Limits in the config file's names; absent fields are no limit. */
  public record LimitsInput(Long rpm, Long tpm, Long maxConcurrent) {
    Limits toLimits() { return new Limits(rpm, tpm, maxConcurrent); }
  }

  /** {@code period}: day, month (the default) or total, in the budget time zone. */
  public record BudgetInput(@NotNull Double usd,
      @Pattern(regexp = "day|month|total", message = "must be day, month or total") String period) {
    Budget toBudget() {
      // an unknown period stays unknown: the spec's check names it (never silently a month)
      return new Budget(usd, Budget.Period.byId(period == null ? "month" : period).orElse(null));
    }
  }

  /** A team: its name and what limits its keys together. */
  public record TeamInput(
      @NotBlank @Size(max = 100) String name,
      @Valid LimitsInput limits,
      Map<@NotBlank @Size(max = 200) String, @NotNull @Valid LimitsInput> modelLimits,
      @Valid BudgetInput budget,
      Long version) {
    TeamSpec toSpec() { return new TeamSpec(name, policy(limits, modelLimits, budget)); }
  }

  /** A price row, USD per million tokens; {@code effectiveFrom} a date such as 2026-01-01 (absent: always). */
  public record PriceInput(
      @NotBlank @Size(max = 200) String model,
      @Size(max = 40) String provider,
      @NotNull Double inputPerMTok,
      Double cachedInputPerMTok,
      @NotNull Double outputPerMTok,
      java.time.LocalDate effectiveFrom,
      Long version) {
    PriceSpec toSpec() {
      return new PriceSpec(model, provider, inputPerMTok, cachedInputPerMTok, outputPerMTok, effectiveFrom);
    }
  }

  static LimitPolicy policy(LimitsInput limits, Map<String, LimitsInput> modelLimits, BudgetInput budget) {
    Map<String, Limits> perModel = new java.util.LinkedHashMap<>();
    if (modelLimits != null) modelLimits.forEach((glob, l) -> perModel.put(glob, l.toLimits()));
    return new LimitPolicy(limits == null ? null : limits.toLimits(), perModel,
        budget == null ? null : budget.toBudget());
  }

  public record AdminTokenInput(@NotBlank @Size(max = 100) String name) {}

  /** The online test: which model (routed as the proxy routes it) or which route, and what to ask. */
  public record TestInput(
      @NotBlank @Size(max = 200) String model,
      @Size(max = 100) String route,
      @Size(max = 4000) String prompt,
      @Min(1) @Max(4096) Integer maxTokens) {}
}
