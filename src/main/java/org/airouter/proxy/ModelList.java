package org.airouter.proxy;

import org.airouter.wire.JsonIo;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.airouter.keys.ActiveKey;
import org.airouter.provider.Providers;
import org.airouter.routing.MatchKind;
import org.airouter.routing.RouteTable;
import org.airouter.routing.ActiveRoute;

/**
 * {@code GET /v1/models}: the models a key may call. Exact routes name their model; glob and keyword routes (and the
 * default route) contribute the upstream's own list, filtered by the route's pattern, fetched and cached.
 */
final class ModelList {
  private static final Logger LOG = Logger.getLogger(ModelList.class.getName());
  private static final long FAILURE_CACHE_MS = 30_000;

  private final UpstreamClient client;
  private final long cacheMs;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(long until, List<JsonObject> models) {}

  ModelList(UpstreamClient client, long cacheMs) {
    this.client = client;
    this.cacheMs = cacheMs;
  }

  /** The list the key may see, in route order, without duplicates. */
  CompletableFuture<List<JsonObject>> visibleTo(ActiveKey key, RouteTable table) {
    List<CompletableFuture<List<JsonObject>>> parts = new ArrayList<>();
    for (ActiveRoute route : table.all()) {
      if (route.match() == MatchKind.EXACT) {
        parts.add(CompletableFuture.completedFuture(List.of(model(route.pattern(), route.upstream().kind().id(), 0))));
        if (!route.isDefault()) continue;
      }
      parts.add(upstreamModels(route).thenApply(models -> models.stream()
          .filter(m -> route.isDefault() || route.serves(m.getString("id"))).toList()));
    }
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> {
      Map<String, JsonObject> byId = new LinkedHashMap<>();
      for (CompletableFuture<List<JsonObject>> part : parts) {
        for (JsonObject m : part.join()) {
          String id = m.getString("id");
          if (key.mayUse(id)) byId.putIfAbsent(id, m);
        }
      }
      return List.copyOf(byId.values());
    });
  }

  static JsonObject listBody(List<JsonObject> models) {
    JsonArrayBuilder data = JsonIo.PROVIDER.createArrayBuilder();
    models.forEach(data::add);
    return JsonIo.PROVIDER.createObjectBuilder().add("object", "list").add("data", data).build();
  }

  private CompletableFuture<List<JsonObject>> upstreamModels(ActiveRoute route) {
    String cacheKey = route.name() + "\n" + route.upstream().baseUrl();
    Cached cached = cache.get(cacheKey);
    if (cached != null && cached.until() > System.currentTimeMillis()) {
      return CompletableFuture.completedFuture(cached.models());
    }
    URI uri = Providers.of(route.upstream().kind()).target(route.upstream(), "/models", null);
    Map<String, String> headers = new LinkedHashMap<>();
    Providers.of(route.upstream().kind()).authenticate(route.upstream(), headers::put);
    Providers.of(route.upstream().kind()).defaultHeaders().forEach(headers::putIfAbsent);
    headers.putAll(route.upstream().headers());
    return client.get(uri, headers).handle((response, failure) -> {
      List<JsonObject> models = List.of();
      long ttl = FAILURE_CACHE_MS;
      if (failure == null && response.getCode() == 200) {
        try {
          JsonObject body = JsonIo.readObject(response.getBodyText()).orElseThrow();
          models = body.getJsonArray("data").stream().map(JsonValue::asJsonObject)
              .filter(m -> m.containsKey("id"))
              .map(m -> model(m.getString("id"), m.getString("owned_by", route.upstream().kind().id()),
                  m.getJsonNumber("created") == null ? 0 : m.getJsonNumber("created").longValue()))
              .toList();
          ttl = cacheMs;
        } catch (RuntimeException e) {
          LOG.warning("Route '" + route.name() + "': the upstream model list is not in OpenAI's shape");
        }
      } else {
        LOG.warning("Route '" + route.name() + "': upstream model list unavailable ("
            + (failure != null ? failure.getClass().getSimpleName() : "HTTP " + response.getCode()) + ")");
      }
      cache.put(cacheKey, new Cached(System.currentTimeMillis() + ttl, models));
      return models;
    });
  }

  private static JsonObject model(String id, String ownedBy, long created) {
    return JsonIo.PROVIDER.createObjectBuilder().add("id", id).add("object", "model").add("created", created)
        .add("owned_by", ownedBy).build();
  }
}
