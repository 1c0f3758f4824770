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
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.airouter.provider.Provider;
import org.airouter.provider.Providers;
import org.airouter.routing.LastTest;
import org.airouter.routing.ActiveRoute;
import org.airouter.routing.Router;

/**
 * Sends one small chat completion to the upstream a model routes to (or to a named route) and reports status,
 * timings, the answer's text and usage, or the error. Uses only the portable JAX-RS client API, so the same code runs
 * on the server's client (RESTEasy on WildFly, Payara's Jersey) and, in the Tomcat WAR, on the bundled Jersey over
 * Apache HttpClient 5. Redirects off: the router connects only where a route says.
 */
public final class OnlineTest implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(OnlineTest.class.getName());

  private final Router router;
  private final BiConsumer<Long, LastTest> keep;
  private final Client client;

  /** @param keep where each route's last result goes (its row: {@code RouteService::recordTest}) */
  public OnlineTest(Router router, BiConsumer<Long, LastTest> keep, int connectTimeoutMs, int readTimeoutMs) {
    this.router = router;
    this.keep = keep;
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
    ActiveRoute target = target(model, routeName);
    return kept(target, call(target, model, prompt, maxTokens));
  }

  /**
   * Hands the result to the route's row. A database that fails here must not cost the operator the answer they are
   * waiting for: logged, and the result still returned.
   */
  private Result kept(ActiveRoute target, Result result) {
    LastTest last = new LastTest(Instant.now(), result.ok(), result.status(), clamp(result.firstByteMs()),
        clamp(result.totalMs()), result.ok() ? result.text() : shortError(result.error()));
    try {
      keep.accept(target.routeId(), last);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "The online test of route " + target.name() + " could not be recorded", e);
    }
    return result;
  }

  /** An OpenAI-shaped error body (already redacted) is kept as its message; any other text as it is. */
  private static String shortError(String error) {
    if (error == null) return null;
    return parse(error).filter(json -> json.get("error") instanceof JsonObject).map(OnlineTest::errorMessage)
        .orElse(error);
  }

  private static int clamp(long ms) { return (int) Math.max(-1, Math.min(Integer.MAX_VALUE, ms)); }

  /**
   * The same test, streamed: asks upstream for {@code stream: true} (with usage) and hands each piece of the answer's
   * text to {@code onText} as it arrives. {@code firstByteMs} of the result is the time to the first token.
   * A blank model with a named route asks for the route's own model (its rewrite, or an exact pattern).
   */
  public Result stream(String model, String routeName, String prompt, int maxTokens, Consumer<String> onText) {
    ActiveRoute target = target(model, routeName);
    String upstreamModel = target.upstreamModelFor(model == null || model.isBlank() ? defaultModel(target) : model);
    JsonObject body = JsonIo.PROVIDER.createObjectBuilder().add("model", upstreamModel)
        .add("messages", JsonIo.PROVIDER.createArrayBuilder().add(JsonIo.PROVIDER.createObjectBuilder().add("role", "user").add("content", prompt)))
        .add("max_tokens", maxTokens).add("stream", true)
        .add("stream_options", JsonIo.PROVIDER.createObjectBuilder().add("include_usage", true)).build();
    Provider provider = Providers.of(target.upstream().kind());
    Invocation.Builder call = client.target(provider.target(target.upstream(), "/chat/completions", null))
        .request(MediaType.SERVER_SENT_EVENTS_TYPE, MediaType.APPLICATION_JSON_TYPE);
    provider.authenticate(target.upstream(), call::header);
    long start = System.nanoTime();
    Result result;
    try (Response response = call.post(Entity.json(body.toString()))) {
      if (response.getStatus() / 100 != 2) {
        String text = response.readEntity(String.class);
        long totalMs = (System.nanoTime() - start) / 1_000_000;
        // The upstream's own words, verbatim but for secrets: the operator is debugging that upstream.
        String message = text.isBlank() ? "HTTP " + response.getStatus() + " with an empty body" : abbreviate(text);
        result = new Result(false, target.name(), upstreamModel, response.getStatus(), -1, totalMs, null, null,
            target.redactor().redactJson(message));
      } else {
        result = readStream(response, target, upstreamModel, start, onText);
      }
    } catch (ProcessingException e) {
      result = unreachable(target, upstreamModel, start, e);
    }
    return kept(target, result);
  }

  private Result readStream(Response response, ActiveRoute target, String upstreamModel, long start,
                            Consumer<String> onText) {
    StringBuilder text = new StringBuilder();
    long firstToken = -1;
    JsonObject usage = null;
    String error = null;
    try (InputStream in = response.readEntity(InputStream.class);
         BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!line.startsWith("data:")) continue;
        String data = line.substring(5).trim();
        if (data.equals("[DONE]")) break;
        Optional<JsonObject> chunk = parse(data);
        if (chunk.isEmpty()) continue;
        if (chunk.get().containsKey("error")) {
          error = target.redactor().redact(errorMessage(chunk.get()));
          break;
        }
        if (chunk.get().get("usage") instanceof JsonObject u) usage = u;
        String piece = delta(chunk.get());
        if (piece != null && !piece.isEmpty()) {
          if (firstToken < 0) firstToken = (System.nanoTime() - start) / 1_000_000;
          text.append(piece);
          onText.accept(piece);
        }
      }
    } catch (IOException | ProcessingException e) {
      error = "The stream broke off (" + e.getClass().getSimpleName() + ").";
    }
    long totalMs = (System.nanoTime() - start) / 1_000_000;
    return new Result(error == null, target.name(), upstreamModel, response.getStatus(), firstToken, totalMs,
        text.toString(), usage, error);
  }

  private ActiveRoute target(String model, String routeName) {
    boolean byRoute = routeName != null && !routeName.isBlank();
    if (!byRoute && (model == null || model.isBlank())) throw new NoRoute("Pick a route or type a model name.");
    return (byRoute
        ? router.table().all().stream().filter(r -> r.name().equals(routeName)).findFirst()
        : router.route(model)).orElseThrow(() -> new NoRoute(byRoute
            ? "No enabled route is named '" + routeName + "'." : "No route serves the model '" + model + "'."));
  }

  private static String defaultModel(ActiveRoute target) {
    if (target.primary().upstreamModel() != null) return target.primary().upstreamModel();
    if (target.match() == org.airouter.routing.MatchKind.EXACT) return target.pattern();
    throw new NoRoute("The route '" + target.name() + "' matches many models: type a model name.");
  }

  private static Result unreachable(ActiveRoute target, String upstreamModel, long start, ProcessingException e) {
    long totalMs = (System.nanoTime() - start) / 1_000_000;
    String why = e.getCause() instanceof SocketTimeoutException ? "The upstream did not answer in time."
        : "The upstream could not be reached (" + (e.getCause() != null ? e.getCause().getClass().getSimpleName()
            : e.getClass().getSimpleName()) + ").";
    return new Result(false, target.name(), upstreamModel, 0, -1, totalMs, null, null, why);
  }

  private static String delta(JsonObject chunk) {
    try {
      if (!(chunk.get("choices") instanceof jakarta.json.JsonArray choices) || choices.isEmpty()) return null;
      JsonValue content = choices.getJsonObject(0).getJsonObject("delta").get("content");
      return content instanceof jakarta.json.JsonString s ? s.getString() : null;
    } catch (RuntimeException unexpectedShape) {
      return null;
    }
  }

  private static String abbreviate(String text) { return text.length() > 4000 ? text.substring(0, 4000) + "…" : text; }

  private Result call(ActiveRoute target, String model, String prompt, int maxTokens) {
    String upstreamModel = target.upstreamModelFor(model == null || model.isBlank() ? defaultModel(target) : model);
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
            target.redactor().redact(message));
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

  @Override public void close() { client.close(); }

  /** Nothing to send the test to. */
  public static final class NoRoute extends RuntimeException {
    public NoRoute(String message) { super(message); }
  }
}
