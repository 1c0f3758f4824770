package org.airouter.configfile;

import org.airouter.wire.JsonIo;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.airouter.keys.ClientKey;
import org.airouter.keys.ClientKeyService;
import org.airouter.keys.ClientKeySpec;
import org.airouter.persistence.ConfigVersion;
import org.airouter.persistence.Jpa;
import org.airouter.routing.Route;
import org.airouter.routing.RouteService;
import org.airouter.routing.RouteSpec;
import org.airouter.secrets.SecretBox;

/**
 * The whole configuration in the start-up file format: export, a diff of a document against what is stored (the
 * dry run), and import. Client keys are exported without {@code key}: only their hashes are stored.
 */
public final class ConfigTransfer {
  private final Jpa jpa;
  private final RouteService routes;
  private final ClientKeyService keys;
  private final SecretBox box;

  public ConfigTransfer(Jpa jpa, RouteService routes, ClientKeyService keys, SecretBox box) {
    this.jpa = jpa;
    this.routes = routes;
    this.keys = keys;
    this.box = box;
  }

  /** The counter every configuration change moves. */
  public long version() { return jpa.read(ConfigVersion::read); }

  /** Routes in their order, then client keys; provider keys and extra headers only with {@code includeSecrets}. */
  public JsonObject export(boolean includeSecrets) {
    JsonArrayBuilder routeArray = JsonIo.PROVIDER.createArrayBuilder();
    for (Route r : routes.all()) {
      JsonObjectBuilder o = JsonIo.PROVIDER.createObjectBuilder().add("name", r.name()).add("match", r.matchKind().id())
          .add("pattern", r.pattern()).add("provider", r.provider().id()).add("baseUrl", r.baseUrl());
      if (includeSecrets && r.sealedApiKey() != null) o.add("apiKey", box.open(r.sealedApiKey()));
      if (r.upstreamModel() == null) o.addNull("upstreamModel"); else o.add("upstreamModel", r.upstreamModel());
      if (r.apiVersion() != null) o.add("apiVersion", r.apiVersion());
      if (!r.deployments().isEmpty()) o.add("deployments", JsonIo.PROVIDER.createObjectBuilder(new java.util.LinkedHashMap<>(r.deployments())));
      if (includeSecrets && r.sealedHeaders() != null) {
        o.add("headers", JsonIo.PROVIDER.createObjectBuilder(new java.util.LinkedHashMap<>(r.openHeaders(box))));
      }
      if (!r.query().isEmpty()) o.add("query", JsonIo.PROVIDER.createObjectBuilder(new java.util.LinkedHashMap<>(r.query())));
      routeArray.add(o.add("isDefault", r.isDefault()).add("enabled", r.enabled()));
    }
    JsonArrayBuilder keyArray = JsonIo.PROVIDER.createArrayBuilder();
    for (ClientKey k : keys.all()) {
      JsonObjectBuilder o = JsonIo.PROVIDER.createObjectBuilder().add("name", k.name());
      JsonArrayBuilder allowed = JsonIo.PROVIDER.createArrayBuilder();
      k.allowedModels().forEach(allowed::add);
      o.add("allowedModels", allowed);
      if (k.allowedEndpoints() == null) o.addNull("allowedEndpoints");
      else o.add("allowedEndpoints", JsonIo.PROVIDER.createArrayBuilder(k.allowedEndpoints()));
      if (k.expiresAt() == null) o.addNull("expiresAt"); else o.add("expiresAt", k.expiresAt().toString());
      keyArray.add(o.add("enabled", k.enabled()));
    }
    return JsonIo.PROVIDER.createObjectBuilder().add("routes", routeArray).add("clientKeys", keyArray).build();
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
    return new ConfigDiff(changes, document.problems());
  }

  /** Applies the document (as at start-up: by name, entry by entry), after taking the diff it is about to apply. */
  public Imported importDocument(ConfigDocument document) {
    ConfigDiff diff = diff(document);
    ConfigImporter.Report report = new ConfigImporter(routes, keys).apply(document);
    return new Imported(diff, report);
  }

  public record Imported(ConfigDiff diff, ConfigImporter.Report report) {}

  private List<String> routeFields(Route r, RouteSpec s) {
    List<String> changed = new ArrayList<>();
    if (r.matchKind() != s.match()) changed.add("match");
    if (!Objects.equals(r.pattern(), s.pattern())) changed.add("pattern");
    if (r.provider() != s.provider()) changed.add("provider");
    if (!Objects.equals(r.baseUrl(), s.baseUrl())) changed.add("baseUrl");
    if (s.apiKey() != null && !s.apiKey().equals(openQuietly(r.sealedApiKey()))) changed.add("apiKey");
    if (!Objects.equals(blankToNull(r.upstreamModel()), blankToNull(s.upstreamModel()))) changed.add("upstreamModel");
    if (r.isDefault() != s.isDefault()) changed.add("isDefault");
    if (r.enabled() != s.enabled()) changed.add("enabled");
    return changed;
  }

  private List<String> keyFields(ClientKey k, ClientKeySpec s, String key) {
    List<String> changed = new ArrayList<>();
    if (key != null && !keys.holds(k, key)) changed.add("key");
    if (!k.allowedModels().equals(s.allowedModels())) changed.add("allowedModels");
    if (!Objects.equals(k.allowedEndpoints(), s.allowedEndpoints())) changed.add("allowedEndpoints");
    if (!Objects.equals(k.expiresAt() == null ? null : k.expiresAt().getEpochSecond(),
        s.expiresAt() == null ? null : s.expiresAt().getEpochSecond())) changed.add("expiresAt");
    if (k.enabled() != s.enabled()) changed.add("enabled");
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
