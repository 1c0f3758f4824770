package org.airouter.probe;

import org.airouter.wire.JsonIo;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.net.SocketTimeoutException;
import java.util.Optional;
import org.airouter.provider.Provider;
import org.airouter.provider.Providers;
import org.airouter.routing.RouteTarget;
import org.airouter.routing.Router;
import org.glassfish.jersey.apache5.connector.Apache5ConnectorProvider;
import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.client.ClientProperties;

/**
 * Sends one small chat completion to the upstream a model routes to (or to a named route) and reports status,
 * timings, the answer's text and usage, or the error. Runs on Jersey's client over Apache HttpClient 5, redirects
 * off: the router connects only where a route says.
 */
public final class OnlineTest implements AutoCloseable {
  private final Router router;
  private final Client client;

  public OnlineTest(Router router, int connectTimeoutMs, int readTimeoutMs) {
    this.router = router;
    ClientConfig config = new ClientConfig().connectorProvider(new Apache5ConnectorProvider())
        .property(ClientProperties.CONNECT_TIMEOUT, connectTimeoutMs)
        .property(ClientProperties.READ_TIMEOUT, readTimeoutMs)
        .property(ClientProperties.FOLLOW_REDIRECTS, false);
    this.client = ClientBuilder.newClient(config);
  }

  /** What one test call showed. {@code text}, {@code usage} and {@code error} are null when absent. */
  public record Result(boolean ok, String route, String upstreamModel, int status, long firstByteMs, long totalMs,
                       String text, JsonObject usage, String error) {}

  /**
   * @param model     the model to ask for, routed as the proxy would route it
   * @param routeName a route to use instead of routing by model, or null
   */
  public Result run(String model, String routeName, String prompt, int maxTokens) {
    RouteTarget target = (routeName != null
        ? router.table().all().stream().filter(r -> r.name().equals(routeName)).findFirst()
        : router.route(model)).orElseThrow(() -> new NoRoute(routeName != null
            ? "No enabled route is named '" + routeName + "'." : "No route serves the model '" + model + "'."));
    String upstreamModel = target.upstreamModelFor(model);
    JsonObject body = JsonIo.PROVIDER.createObjectBuilder().add("model", upstreamModel)
        .add("messages", JsonIo.PROVIDER.createArrayBuilder().add(JsonIo.PROVIDER.createObjectBuilder().add("role", "user").add("content", prompt)))
        .add("max_tokens", maxTokens).add("stream", false).build();
    Provider provider = Providers.of(target.upstream().kind());
    Invocation.Builder call = client.target(provider.target(target.upstream(), "/chat/completions", null))
        .request(MediaType.APPLICATION_JSON_TYPE);
    provider.authenticate(target.upstream(), call::header);
    long start = System.nanoTime();
    try (Response response = call.post(Entity.json(body.toString()))) {
      long firstByte = System.nanoTime();
      String text = response.readEntity(String.class);
      long end = System.nanoTime();
      long firstByteMs = (firstByte - start) / 1_000_000;
      long totalMs = (end - start) / 1_000_000;
      Optional<JsonObject> json = parse(text);
      if (response.getStatus() / 100 != 2) {
        String message = json.map(OnlineTest::errorMessage).orElse("HTTP " + response.getStatus());
        return new Result(false, target.name(), upstreamModel, response.getStatus(), firstByteMs, totalMs, null, null,
            redact(message, target.upstream().apiKey()));
      }
      if (json.isEmpty()) {
        return new Result(false, target.name(), upstreamModel, response.getStatus(), firstByteMs, totalMs, null, null,
            "The upstream's answer is not JSON.");
      }
      return new Result(true, target.name(), upstreamModel, response.getStatus(), firstByteMs, totalMs,
          content(json.get()), json.get().get("usage") instanceof JsonObject u ? u : null, null);
    } catch (ProcessingException e) {
      long totalMs = (System.nanoTime() - start) / 1_000_000;
      String why = e.getCause() instanceof SocketTimeoutException ? "The upstream did not answer in time."
          : "The upstream could not be reached (" + (e.getCause() != null ? e.getCause().getClass().getSimpleName()
              : e.getClass().getSimpleName()) + ").";
      return new Result(false, target.name(), upstreamModel, 0, -1, totalMs, null, null, why);
    }
  }

  private static Optional<JsonObject> parse(String text) {
    try {
      JsonValue value = JsonIo.PROVIDER.createReader(new StringReader(text)).readValue();
      return value instanceof JsonObject o ? Optional.of(o) : Optional.empty();
    } catch (RuntimeException notJson) {
      return Optional.empty();
    }
  }

  private static String content(JsonObject json) {
    try {
      JsonValue content = json.getJsonArray("choices").getJsonObject(0).getJsonObject("message").get("content");
      return content instanceof jakarta.json.JsonString s ? s.getString() : null;
    } catch (RuntimeException unexpectedShape) {
      return null;
    }
  }

  private static String errorMessage(JsonObject json) {
    try {
      return json.getJsonObject("error").getString("message");
    } catch (RuntimeException unexpectedShape) {
      return "The upstream answered with an error.";
    }
  }

  /** An upstream may echo the key it was sent (OpenAI shows part of it); never pass that on. */
  private static String redact(String message, String apiKey) {
    String out = message;
    if (apiKey != null && apiKey.length() >= 4) out = out.replace(apiKey, "[redacted]");
    return out.replaceAll("(sk|ar|art)-[A-Za-z0-9_*\\-]{6,}", "[redacted]");
  }

  @Override public void close() { client.close(); }

  /** Nothing to send the test to. */
  public static final class NoRoute extends RuntimeException {
    public NoRoute(String message) { super(message); }
  }
}
