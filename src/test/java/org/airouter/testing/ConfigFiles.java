package org.airouter.testing;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The router's start-up config file ({"routes":[...],"clientKeys":[...]}), built in code and written to disk.
 *
 * <pre>
 * ConfigFiles.config()
 *     .route(ConfigFiles.route("gpt-4o", "exact", "gpt-4o").at(upstream).apiKey("sk-exact-secret"))
 *     .clientKey(ConfigFiles.clientKey("team-a", KEY))
 *     .json();
 * </pre>
 */
public final class ConfigFiles {
  private ConfigFiles() {}

  public static Config config() { return new Config(); }

  /** A route; provider "openai", enabled, not default, no model rewrite, until changed. */
  public static Route route(String name, String match, String pattern) { return new Route(name, match, pattern); }

  /** An enabled client key that may call every model and never expires, until changed. */
  public static ClientKey clientKey(String name, String key) { return new ClientKey(name, key); }

  /** Writes the text as {@code config.json} in the folder (created if needed) and returns the file. */
  public static Path write(Path folder, String json) {
    try {
      Files.createDirectories(folder);
      Path file = folder.resolve("config.json");
      Files.writeString(file, json, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The whole file. */
  public static final class Config {
    private final List<Route> routes = new ArrayList<>();
    private final List<ClientKey> keys = new ArrayList<>();
    private final List<JsonObject> rawRoutes = new ArrayList<>();   // entries a well-formed builder could not make
    private final List<JsonObject> rawKeys = new ArrayList<>();

    public Config route(Route route) { routes.add(route); rawRoutes.add(null); return this; }

    /** Adds a route entry exactly as given (e.g. a broken one), in file order. */
    public Config rawRoute(String json) {
      routes.add(null);
      rawRoutes.add(Json.createReader(new StringReader(json)).readObject());
      return this;
    }

    public Config clientKey(ClientKey key) { keys.add(key); rawKeys.add(null); return this; }

    /** Adds a client key entry exactly as given (e.g. a broken one), in file order. */
    public Config rawClientKey(String json) {
      keys.add(null);
      rawKeys.add(Json.createReader(new StringReader(json)).readObject());
      return this;
    }

    public String json() {
      JsonArrayBuilder routeArray = Json.createArrayBuilder();
      for (int i = 0; i < routes.size(); i++) routeArray.add(routes.get(i) != null ? routes.get(i).toJson() : rawRoutes.get(i));
      JsonArrayBuilder keyArray = Json.createArrayBuilder();
      for (int i = 0; i < keys.size(); i++) keyArray.add(keys.get(i) != null ? keys.get(i).toJson() : rawKeys.get(i));
      return pretty(Json.createObjectBuilder().add("routes", routeArray).add("clientKeys", keyArray).build());
    }

    public Path writeTo(Path folder) { return write(folder, json()); }
  }

  public static final class Route {
    private final String name;
    private final String match;
    private final String pattern;
    private String provider = "openai";
    private String baseUrl;
    private String apiKey = "sk-upstream-secret";
    private String upstreamModel;
    private boolean isDefault;
    private boolean enabled = true;
    private String apiVersion;
    private Map<String, String> deployments;
    private Map<String, String> headers;
    private Map<String, String> query;

    private Route(String name, String match, String pattern) {
      this.name = name;
      this.match = match;
      this.pattern = pattern;
    }

    /** The mock's base URL with /v1. */
    public Route at(MockUpstream upstream) { return baseUrl(upstream.baseUrl()); }
    public Route baseUrl(String url) { baseUrl = url; return this; }
    public Route provider(String p) { provider = p; return this; }
    public Route apiKey(String key) { apiKey = key; return this; }
    public Route upstreamModel(String model) { upstreamModel = model; return this; }
    public Route asDefault() { isDefault = true; return this; }
    public Route disabled() { enabled = false; return this; }
    public Route apiVersion(String v) { apiVersion = v; return this; }
    public Route deployments(Map<String, String> m) { deployments = m; return this; }
    public Route headers(Map<String, String> m) { headers = m; return this; }
    public Route query(Map<String, String> m) { query = m; return this; }

    private static JsonObjectBuilder map(Map<String, String> m) {
      JsonObjectBuilder b = Json.createObjectBuilder();
      m.forEach(b::add);
      return b;
    }

    JsonObject toJson() {
      JsonObjectBuilder b = Json.createObjectBuilder().add("name", name).add("match", match).add("pattern", pattern)
          .add("provider", provider).add("baseUrl", baseUrl).add("apiKey", apiKey);
      if (upstreamModel == null) b.addNull("upstreamModel"); else b.add("upstreamModel", upstreamModel);
      if (apiVersion != null) b.add("apiVersion", apiVersion);
      if (deployments != null) b.add("deployments", map(deployments));
      if (headers != null) b.add("headers", map(headers));
      if (query != null) b.add("query", map(query));
      return b.add("isDefault", isDefault).add("enabled", enabled).build();
    }
  }

  public static final class ClientKey {
    private final String name;
    private final String key;
    private List<String> allowedModels = List.of();
    private List<String> allowedEndpoints;   // null: left out of the file (the default reach)
    private Instant expiresAt;
    private boolean enabled = true;

    private ClientKey(String name, String key) {
      this.name = name;
      this.key = key;
    }

    public ClientKey allowedModels(String... models) { allowedModels = List.of(models); return this; }
    public ClientKey allowedEndpoints(String... names) { allowedEndpoints = List.of(names); return this; }
    public ClientKey expiresAt(Instant at) { expiresAt = at; return this; }
    public ClientKey disabled() { enabled = false; return this; }

    JsonObject toJson() {
      JsonArrayBuilder allowed = Json.createArrayBuilder();
      allowedModels.forEach(allowed::add);
      JsonObjectBuilder b = Json.createObjectBuilder().add("name", name).add("key", key).add("allowedModels", allowed);
      if (allowedEndpoints != null) b.add("allowedEndpoints", Json.createArrayBuilder(allowedEndpoints));
      if (expiresAt == null) b.addNull("expiresAt"); else b.add("expiresAt", expiresAt.toString());
      return b.add("enabled", enabled).build();
    }
  }

  private static String pretty(JsonObject json) {
    JsonWriterFactory factory = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));
    StringWriter out = new StringWriter();
    try (JsonWriter writer = factory.createWriter(out)) {
      writer.writeObject(json);
    }
    return out.toString();
  }
}
