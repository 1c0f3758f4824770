package org.airouter.probe;

import jakarta.json.Json;
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
import java.util.concurrent.TimeUnit;
import org.airouter.provider.Provider;
import org.airouter.provider.Providers;
import org.airouter.routing.RouteTarget;
import org.airouter.routing.Router;

/**
 * Sends one small chat completion to the upstream a model routes to (or to a named route) and reports status,
 * timings, the answer's text and usage, or the error. Uses only the portable JAX-RS client API, so the same code runs
 * on the server's client (RESTEasy on WildFly, Payara's Jersey) and, in the Tomcat WAR, on the bundled Jersey over
 * Apache HttpClient 5. Redirects off: the router connects only where a route says.
 */
public final class OnlineTest implements AutoCloseable {
  private final Router router;
  private final Client client;

  public OnlineTest(Router router, int connectTimeoutMs, int readTimeoutMs) {
    this.router = router;
    ClientBuilder builder = ClientBuilder.newBuilder()
        .connectTimeout(connectTimeoutMs, TimeUnit.MILLISECONDS)
        .readTimeout(readTimeoutMs, TimeUnit.MILLISECONDS)
        .property(JERSEY_FOLLOW_REDIRECTS, false);   // Jersey follows redirects by default; RESTEasy does not
    if (APACHE5_CONNECTOR_BUNDLED) builder.property(JERSEY_CONNECTOR_PROVIDER, APACHE5_CONNECTOR);
    this.client = builder.build();
  }

  // Jersey's property names (ClientProperties), as strings: other JAX-RS clients ignore them, and the ee WAR has no
  // Jersey classes to refer to.
  private static final String JERSEY_FOLLOW_REDIRECTS = "jersey.config.client.followRedirects";
  private static final String JERSEY_CONNECTOR_PROVIDER = "jersey.config.client.connector.provider";
  private static final String APACHE5_CONNECTOR = "org.glassfish.jersey.apache5.connector.Apache5ConnectorProvider";
  /** True in the Tomcat WAR, which bundles Jersey and its Apache HttpClient 5 connector (the proxy's engine). */
  private static final boolean APACHE5_CONNECTOR_BUNDLED = present(APACHE5_CONNECTOR);

  private static boolean present(String className) {
    try {
      Class.forName(className, false, OnlineTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError absent) {
      return false;
    }
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
    JsonObject body = Json.createObjectBuilder().add("model", upstreamModel)
        .add("messages", Json.createArrayBuilder().add(Json.createObjectBuilder().add("role", "user").add("content", prompt)))
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
      JsonValue value = Json.createReader(new StringReader(text)).readValue();
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
