package org.airouter.configfile;

import org.airouter.wire.JsonIo;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.airouter.keys.ClientKey;
import org.airouter.keys.ClientKeyService;
import org.airouter.keys.ClientKeySpec;
import org.airouter.keys.Team;
import org.airouter.keys.TeamService;
import org.airouter.keys.TeamSpec;
import org.airouter.prices.Price;
import org.airouter.prices.PriceService;
import org.airouter.prices.PriceSpec;
import org.airouter.persistence.ConfigVersion;
import org.airouter.persistence.Jpa;
import org.airouter.routing.Failover;
import org.airouter.routing.Route;
import org.airouter.routing.Target;
import org.airouter.routing.TargetSpec;
import org.airouter.routing.RouteService;
import org.airouter.routing.RouteSpec;
import org.airouter.secrets.SecretBox;
import java.util.Set;

/**
 * The whole configuration in the start-up file format: export, a diff of a document against what is stored (the
 * dry run), and import. Client keys are exported without {@code key}: only their hashes are stored.
 */
public final class ConfigTransfer {
  private final Jpa jpa;
  private final RouteService routes;
  private final ClientKeyService keys;
  private final SecretBox box;
  private final TeamService teams;
  private final PriceService prices;

  public ConfigTransfer(Jpa jpa, RouteService routes, ClientKeyService keys, SecretBox box) {
    this(jpa, routes, keys, box, null, null);
  }

  public ConfigTransfer(Jpa jpa, RouteService routes, ClientKeyService keys, SecretBox box, TeamService teams,
                        PriceService prices) {
    this.jpa = jpa;
    this.routes = routes;
    this.keys = keys;
    this.box = box;
    this.teams = teams;
    this.prices = prices;
  }

  /** The counter every configuration change moves. */
  public long version() { return jpa.read(ConfigVersion::read); }

  /** Routes in their order, then client keys; provider keys and extra headers only with {@code includeSecrets}. */
  public JsonObject export(boolean includeSecrets) {
    JsonArrayBuilder routeArray = JsonIo.PROVIDER.createArrayBuilder();
    for (Route r : routes.all()) routeArray.add(exportRoute(r, includeSecrets));
    JsonArrayBuilder keyArray = JsonIo.PROVIDER.createArrayBuilder();
    for (ClientKey k : keys.all()) {
      JsonObjectBuilder o = JsonIo.PROVIDER.createObjectBuilder().add("name", k.name());
      JsonArrayBuilder allowed = JsonIo.PROVIDER.createArrayBuilder();
      k.allowedModels().forEach(allowed::add);
      o.add("allowedModels", allowed);
      if (k.allowedEndpoints() == null) o.addNull("allowedEndpoints");
      else o.add("allowedEndpoints", JsonIo.PROVIDER.createArrayBuilder(k.allowedEndpoints()));
      if (k.expiresAt() == null) o.addNull("expiresAt"); else o.add("expiresAt", k.expiresAt().toString());
      if (k.team() != null) o.add("team", k.team());
      k.policy().addTo(o);
      keyArray.add(o.add("enabled", k.enabled()));
    }
    JsonObjectBuilder root = JsonIo.PROVIDER.createObjectBuilder().add("routes", routeArray).add("clientKeys", keyArray);
    if (teams != null) {
      JsonArrayBuilder teamArray = JsonIo.PROVIDER.createArrayBuilder();
      for (Team t : teams.all()) teamArray.add(t.policy().addTo(JsonIo.PROVIDER.createObjectBuilder().add("name", t.name())));
      root.add("teams", teamArray);
    }
    if (prices != null) {
      JsonArrayBuilder priceArray = JsonIo.PROVIDER.createArrayBuilder();
      for (Price p : prices.all()) priceArray.add(priceJson(p.spec()));
      root.add("prices", priceArray);
    }
    return root.build();
  }

  static JsonObjectBuilder priceJson(PriceSpec p) {
    JsonObjectBuilder o = JsonIo.PROVIDER.createObjectBuilder().add("model", p.model());
    if (p.provider() != null) o.add("provider", p.provider());
    o.add("inputPerMTok", p.inputPerMTok());
    if (p.cachedInputPerMTok() != null) o.add("cachedInputPerMTok", p.cachedInputPerMTok());
    return o.add("outputPerMTok", p.outputPerMTok()).add("effectiveFrom", p.effectiveFrom().toString());
  }

  /** A route in the new form: its targets, then its own flags and failover settings. */
  private JsonObjectBuilder exportRoute(Route r, boolean includeSecrets) {
    JsonArrayBuilder targets = JsonIo.PROVIDER.createArrayBuilder();
    for (Target t : r.targets()) {
      JsonObjectBuilder o = JsonIo.PROVIDER.createObjectBuilder().add("name", t.name()).add("provider", t.provider().id())
          .add("baseUrl", t.baseUrl());
      if (includeSecrets && t.sealedApiKey() != null) o.add("apiKey", box.open(t.sealedApiKey()));
      if (t.upstreamModel() == null) o.addNull("upstreamModel"); else o.add("upstreamModel", t.upstreamModel());
      if (t.apiVersion() != null) o.add("apiVersion", t.apiVersion());
      if (!t.deployments().isEmpty()) o.add("deployments", JsonIo.PROVIDER.createObjectBuilder(new LinkedHashMap<>(t.deployments())));
      if (includeSecrets && t.sealedHeaders() != null) {
        o.add("headers", JsonIo.PROVIDER.createObjectBuilder(new LinkedHashMap<>(t.openHeaders(box))));
      }
      if (!t.query().isEmpty()) o.add("query", JsonIo.PROVIDER.createObjectBuilder(new LinkedHashMap<>(t.query())));
      o.add("priority", t.priority()).add("weight", t.weight()).add("enabled", t.enabled());
      if (!t.timeouts().isEmpty()) o.add("timeouts", t.timeouts().toJson());
      targets.add(o);
    }
    Failover f = r.failover();
    JsonObjectBuilder o = JsonIo.PROVIDER.createObjectBuilder().add("name", r.name()).add("match", r.matchKind().id())
        .add("pattern", r.pattern()).add("targets", targets).add("isDefault", r.isDefault()).add("enabled", r.enabled())
        .add("maxAttempts", f.maxAttempts()).add("retryOnTimeout", f.retryOnTimeout())
        .add("fallbacks", JsonIo.PROVIDER.createArrayBuilder(f.fallbacks()));
    if (f.sticky() == null) o.addNull("sticky"); else o.add("sticky", f.sticky());
    o.add("timeouts", f.timeouts().toJson());
    if (f.keepaliveAfterMs() == null) o.addNull("keepaliveAfterMs"); else o.add("keepaliveAfterMs", f.keepaliveAfterMs());
    return o;
  }

  /** What applying a document would do, entry by entry. Secrets are compared, never shown. */
  public ConfigDiff diff(ConfigDocument document) {
    Map<String, Route> storedRoutes = routes.all().stream().collect(Collectors.toMap(Route::name, Function.identity()));
    Map<String, ClientKey> storedKeys = keys.all().stream().collect(Collectors.toMap(ClientKey::name, Function.identity()));
    List<ConfigDiff.Change> changes = new ArrayList<>();
    for (ConfigDocument.Entry<RouteSpec> entry : document.routes()) {
      RouteSpec spec = entry.spec();
      Route stored = storedRoutes.get(spec.name());
      changes.add(stored == null ? ConfigDiff.Change.added("route", entry.position(), spec.name())
          : ConfigDiff.Change.of("route", entry.position(), spec.name(), routeFields(stored, spec)));
    }
    for (ConfigDocument.KeyEntry entry : document.clientKeys()) {
      ClientKeySpec spec = entry.spec();
      ClientKey stored = storedKeys.get(spec.name());
      changes.add(stored == null ? ConfigDiff.Change.added("clientKey", entry.position(), spec.name())
          : ConfigDiff.Change.of("clientKey", entry.position(), spec.name(), keyFields(stored, spec, entry.key())));
    }
    if (teams != null) {
      Map<String, Team> storedTeams = teams.all().stream().collect(Collectors.toMap(Team::name, Function.identity()));
      for (ConfigDocument.Entry<TeamSpec> entry : document.teams()) {
        Team stored = storedTeams.get(entry.spec().name());
        changes.add(stored == null ? ConfigDiff.Change.added("team", entry.position(), entry.spec().name())
            : ConfigDiff.Change.of("team", entry.position(), entry.spec().name(),
                stored.policy().equals(entry.spec().policy()) ? List.of() : List.of("limits")));
      }
    }
    if (prices != null) {
      List<PriceSpec> storedPrices = prices.all().stream().map(Price::spec).toList();
      for (ConfigDocument.Entry<PriceSpec> entry : document.prices()) {
        PriceSpec spec = entry.spec();
        boolean sameRow = storedPrices.stream().anyMatch(p -> p.model().equals(spec.model())
            && Objects.equals(p.provider(), spec.provider()) && p.effectiveFrom().equals(spec.effectiveFrom()));
        changes.add(!sameRow ? ConfigDiff.Change.added("price", entry.position(), spec.model())
            : ConfigDiff.Change.of("price", entry.position(), spec.model(),
                storedPrices.contains(spec) ? List.of() : List.of("prices")));
      }
    }
    return new ConfigDiff(changes, document.problems());
  }

  /** Applies the document (as at start-up: by name, entry by entry), after taking the diff it is about to apply. */
  public Imported importDocument(ConfigDocument document) {
    ConfigDiff diff = diff(document);
    ConfigImporter.Report report = new ConfigImporter(routes, keys, teams, prices).apply(document);
    return new Imported(diff, report);
  }

  public record Imported(ConfigDiff diff, ConfigImporter.Report report) {}

  /**
   * The fields an import would change. A target's fields are named {@code targets.<name>.field}; when both sides
   * have one target of the same name (a route written the old way), plainly, as before targets existed.
   */
  private List<String> routeFields(Route r, RouteSpec s) {
    List<String> changed = new ArrayList<>();
    if (r.matchKind() != s.match()) changed.add("match");
    if (!Objects.equals(r.pattern(), s.pattern())) changed.add("pattern");
    boolean single = r.targets().size() == 1 && s.targets().size() == 1
        && r.targets().get(0).name().equals(s.targets().get(0).name());
    Map<String, Target> stored = new LinkedHashMap<>();
    r.targets().forEach(t -> stored.put(t.name(), t));
    for (TargetSpec t : s.targets()) {
      Target old = stored.remove(t.name());
      if (old == null) changed.add("targets." + t.name() + " (added)");
      else targetFields(old, t, single ? "" : "targets." + t.name() + ".", changed);
    }
    stored.keySet().forEach(name -> changed.add("targets." + name + " (removed)"));
    List<String> storedOrder = r.targets().stream().map(Target::name).filter(n -> s.targets().stream()
        .anyMatch(t -> t.name().equals(n))).toList();
    List<String> specOrder = s.targets().stream().map(TargetSpec::name).filter(targetNames(r)::contains).toList();
    if (!storedOrder.equals(specOrder)) changed.add("targets (order)");
    if (r.isDefault() != s.isDefault()) changed.add("isDefault");
    if (r.enabled() != s.enabled()) changed.add("enabled");
    Failover a = r.failover();
    Failover b = s.failover();
    if (a.maxAttempts() != b.maxAttempts()) changed.add("maxAttempts");
    if (a.retryOnTimeout() != b.retryOnTimeout()) changed.add("retryOnTimeout");
    if (!a.fallbacks().equals(b.fallbacks())) changed.add("fallbacks");
    if (!Objects.equals(a.sticky(), b.sticky())) changed.add("sticky");
    if (!a.timeouts().equals(b.timeouts())) changed.add("timeouts");
    if (!Objects.equals(a.keepaliveAfterMs(), b.keepaliveAfterMs())) changed.add("keepaliveAfterMs");
    return changed;
  }

  private static Set<String> targetNames(Route r) {
    return r.targets().stream().map(Target::name).collect(Collectors.toSet());
  }

  private void targetFields(Target r, TargetSpec s, String prefix, List<String> changed) {
    if (r.provider() != s.provider()) changed.add(prefix + "provider");
    if (!Objects.equals(r.baseUrl(), s.baseUrl())) changed.add(prefix + "baseUrl");
    if (s.apiKey() != null && !s.apiKey().equals(openQuietly(r.sealedApiKey()))) changed.add(prefix + "apiKey");
    if (!Objects.equals(blankToNull(r.upstreamModel()), blankToNull(s.upstreamModel()))) changed.add(prefix + "upstreamModel");
    if (!Objects.equals(r.apiVersion(), s.apiVersion())) changed.add(prefix + "apiVersion");
    if (!r.deployments().equals(s.deployments())) changed.add(prefix + "deployments");
    if (s.headers() != null && !s.headers().equals(openHeadersQuietly(r))) changed.add(prefix + "headers");
    if (!r.query().equals(s.query())) changed.add(prefix + "query");
    if (r.priority() != s.priority()) changed.add(prefix + "priority");
    if (r.weight() != s.weight()) changed.add(prefix + "weight");
    if (r.enabled() != s.enabled()) changed.add(prefix + "enabled");
    if (!r.timeouts().equals(s.timeouts())) changed.add(prefix + "timeouts");
  }

  private Map<String, String> openHeadersQuietly(Target t) {
    try {
      return t.openHeaders(box);
    } catch (RuntimeException unreadable) {
      return null;
    }
  }

  private List<String> keyFields(ClientKey k, ClientKeySpec s, String key) {
    List<String> changed = new ArrayList<>();
    if (key != null && !keys.holds(k, key)) changed.add("key");
    if (!k.allowedModels().equals(s.allowedModels())) changed.add("allowedModels");
    if (!Objects.equals(k.allowedEndpoints(), s.allowedEndpoints())) changed.add("allowedEndpoints");
    if (!Objects.equals(k.expiresAt() == null ? null : k.expiresAt().getEpochSecond(),
        s.expiresAt() == null ? null : s.expiresAt().getEpochSecond())) changed.add("expiresAt");
    if (k.enabled() != s.enabled()) changed.add("enabled");
    if (!Objects.equals(k.team(), s.team())) changed.add("team");
    if (!k.policy().equals(s.policy())) changed.add("limits");
    return changed;
  }

  private String openQuietly(String sealed) {
    if (sealed == null) return null;
    try {
      return box.open(sealed);
    } catch (RuntimeException unreadable) {
      return null;
    }
  }

  private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s; }
}
