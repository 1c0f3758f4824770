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
import java.time.format.DateTimeParseException;
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
import java.time.LocalDate;
import java.util.LinkedHashMap;
import org.airouter.validation.Invalid;
import org.airouter.validation.Problem;
import org.airouter.validation.Sizes;

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
      @NotBlank @Size(max = Sizes.NAME) String name,
      @NotNull @Pattern(regexp = MatchKind.IDS, message = "must be " + MatchKind.CHOICES) String match,
      @NotBlank @Size(max = Sizes.MODEL) String pattern,
      @Pattern(regexp = PROVIDERS, message = PROVIDERS_MESSAGE) String provider,
      @Size(max = Sizes.URL) String baseUrl,
      @Size(max = Sizes.URL) String apiKey,
      @Size(max = Sizes.MODEL) String upstreamModel,
      Boolean isDefault,
      Boolean enabled,
      @Size(max = Sizes.TOKEN) String apiVersion,
      Map<@NotBlank String, @NotBlank String> deployments,
      Map<@NotBlank String, @NotNull String> headers,
      Map<@NotBlank String, @NotNull String> query,
      @Size(max = RouteSpec.MAX_TARGETS) List<@NotNull @Valid TargetInput> targets,
      @Min(1) @Max(Failover.MAX_ATTEMPTS) Integer maxAttempts,
      Boolean retryOnTimeout,
      List<@NotBlank @Size(max = Sizes.NAME) String> fallbacks,
      @Size(max = Sizes.MODEL) String sticky,
      @Valid TimeoutsInput timeouts,
      @Min(0) @Max(Timeouts.MAX_MS) Integer keepaliveAfterMs,
      Long version) {

    /** Absent {@code headers} keep the stored ones (their values may be secrets, write-only like the key). */
    RouteSpec toSpec() {
      MatchKind kind = MatchKind.byId(match).orElseThrow(() -> new RouteService.InvalidRoute(
          List.of(new Problem("match", "must be " + MatchKind.CHOICES))));
      boolean oldForm = provider != null || baseUrl != null || apiKey != null || upstreamModel != null
          || apiVersion != null || deployments != null || headers != null || query != null;
      if (targets != null && oldForm) {
        throw new RouteService.InvalidRoute(List.of(new Problem("targets",
            "give either targets or the upstream fields of one"
            + " (provider, baseUrl, apiKey, upstreamModel, apiVersion, deployments, headers, query), not both")));
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
      @NotBlank @Size(max = Sizes.NAME) String name,
      @Pattern(regexp = PROVIDERS, message = PROVIDERS_MESSAGE) String provider,
      @NotBlank @Size(max = Sizes.URL) String baseUrl,
      @Size(max = Sizes.URL) String apiKey,
      @Size(max = Sizes.MODEL) String upstreamModel,
      @Size(max = Sizes.TOKEN) String apiVersion,
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

  private static final String PROVIDERS = ProviderKind.IDS;
  private static final String PROVIDERS_MESSAGE = "must be " + ProviderKind.CHOICES;

  private static ProviderKind providerKind(String id) {
    return ProviderKind.byId(id == null ? "openai" : id).orElseThrow(() ->
        new RouteService.InvalidRoute(List.of(new Problem("provider", "unknown provider"))));
  }

  private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s; }

  /** An update names the version it read, so that it cannot overwrite a change it has not seen (400 without one). */
  static void requireVersion(Long version) {
    if (version == null) throw new InvalidInput(List.of(new Problem("version", "required; send the version you last read")));
  }

  /** A query's instant ({@code value}), or {@code fallback} when none is given; a bad one is a problem of {@code name}. */
  static Instant instant(String name, String value, Instant fallback, List<Problem> problems) {
    if (value == null || value.isBlank()) return fallback;
    try {
      return Instant.parse(value.trim());
    } catch (DateTimeParseException e) {
      problems.add(new Problem(name, "must be an ISO-8601 instant such as 2026-11-01T00:00:00Z"));
      return fallback;
    }
  }

  /** What the admin API itself refuses in a body, before any service sees it. */
  static final class InvalidInput extends Invalid {
    InvalidInput(List<Problem> problems) { super(problems); }
  }

  /** The new order of routes, by id; routes not named follow in their current order. */
  public record ReorderInput(@NotNull @NotEmpty List<@NotNull Long> ids) {}

  /** A client key, in the config file's names (the key itself is generated). */
  public record ClientKeyInput(
      @NotBlank @Size(max = Sizes.NAME) String name,
      List<@NotBlank @Size(max = Sizes.MODEL) String> allowedModels,
      List<@NotBlank @Size(max = Sizes.TOKEN) String> allowedEndpoints,
      Instant expiresAt,
      Boolean enabled,
      @Size(max = Sizes.NAME) String team,
      @Valid LimitsInput limits,
      Map<@NotBlank @Size(max = Sizes.MODEL) String, @NotNull @Valid LimitsInput> modelLimits,
      @Valid BudgetInput budget,
      @Size(max = Sizes.NAME) String owner,
      Long version) {

    /** Absent or empty {@code allowedEndpoints}: the default reach; names are checked by the spec (400). */
    ClientKeySpec toSpec() {
      return new ClientKeySpec(name, allowedModels, allowedEndpoints, expiresAt, enabled == null || enabled, team,
          policy(limits, modelLimits, budget));
    }
  }

  /** A key a member issues for themselves: no team or owner (theirs), no "enabled" (a new key is). */
  public record MyKeyInput(
      @NotBlank @Size(max = Sizes.NAME) String name,
      List<@NotBlank @Size(max = Sizes.MODEL) String> allowedModels,
      List<@NotBlank @Size(max = Sizes.TOKEN) String> allowedEndpoints,
      Instant expiresAt,
      @Valid LimitsInput limits,
      Map<@NotBlank @Size(max = Sizes.MODEL) String, @NotNull @Valid LimitsInput> modelLimits,
      @Valid BudgetInput budget) {

    ClientKeySpec toSpec() {
      return new ClientKeySpec(name, allowedModels, allowedEndpoints, expiresAt, true, null,
          policy(limits, modelLimits, budget));
    }
  }

  /** Limits in the config file's names; absent fields are no limit. */
  public record LimitsInput(Long rpm, Long tpm, Long maxConcurrent) {
    Limits toLimits() { return new Limits(rpm, tpm, maxConcurrent); }
  }

  /** {@code period}: day, month (the default) or total, in the budget time zone. */
  public record BudgetInput(@NotNull Double usd,
      @Pattern(regexp = Budget.Period.IDS, message = "must be " + Budget.Period.CHOICES) String period) {
    Budget toBudget() {
      // an unknown period stays unknown: the spec's check names it (never silently a month)
      return new Budget(usd, Budget.Period.byId(period == null ? "month" : period).orElse(null));
    }
  }

  /** A team: its name and what limits its keys together. */
  public record TeamInput(
      @NotBlank @Size(max = Sizes.NAME) String name,
      @Valid LimitsInput limits,
      Map<@NotBlank @Size(max = Sizes.MODEL) String, @NotNull @Valid LimitsInput> modelLimits,
      @Valid BudgetInput budget,
      Long version) {
    TeamSpec toSpec() { return new TeamSpec(name, policy(limits, modelLimits, budget)); }
  }

  /** A price row, USD per million tokens; {@code effectiveFrom} a date such as 2026-01-01 (absent: always). */
  public record PriceInput(
      @NotBlank @Size(max = Sizes.MODEL) String model,
      @Size(max = Sizes.TOKEN) String provider,
      @NotNull Double inputPerMTok,
      Double cachedInputPerMTok,
      @NotNull Double outputPerMTok,
      LocalDate effectiveFrom,
      Long version) {
    PriceSpec toSpec() {
      return new PriceSpec(model, provider, inputPerMTok, cachedInputPerMTok, outputPerMTok, effectiveFrom);
    }
  }

  static LimitPolicy policy(LimitsInput limits, Map<String, LimitsInput> modelLimits, BudgetInput budget) {
    Map<String, Limits> perModel = new LinkedHashMap<>();
    if (modelLimits != null) modelLimits.forEach((glob, l) -> perModel.put(glob, l.toLimits()));
    return new LimitPolicy(limits == null ? null : limits.toLimits(), perModel,
        budget == null ? null : budget.toBudget());
  }

  /** An admin token: its name and role (admin when left out, as tokens had before roles). */
  public record AdminTokenInput(@NotBlank @Size(max = Sizes.NAME) String name, @Size(max = 16) String role) {}

  /**
   * A named user. {@code password} is optional on update (unchanged when left out) and on create (single sign-on
   * only); {@code team} is needed for a member; {@code version} on update.
   */
  public record UserInput(@Size(max = Sizes.NAME) String name, @Size(max = 1000) String password, @Size(max = 16) String role,
                          @Size(max = 100) String team, Boolean disabled, Long version) {}

  /** The online test: which model (routed as the proxy routes it) or which route, and what to ask. */
  public record TestInput(
      @NotBlank @Size(max = Sizes.MODEL) String model,
      @Size(max = Sizes.NAME) String route,
      @Size(max = 4000) String prompt,
      @Min(1) @Max(4096) Integer maxTokens) {}
}
