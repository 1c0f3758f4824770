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
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.airouter.provider.ChunkTranslator;
import org.airouter.provider.InvalidTarget;
import org.airouter.provider.Providers;
import org.airouter.provider.TranslatedChat;
import org.airouter.provider.UpstreamRequest;
import org.airouter.routing.LastProbe;
import org.airouter.routing.ActiveRoute;
import org.airouter.routing.Router;
import org.airouter.wire.SseEvent;
import org.airouter.wire.SseParser;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import org.airouter.routing.MatchKind;
import org.airouter.validation.NotFound;

/**
 * Sends one small chat completion to the upstream a model routes to (or to a named route) and reports status,
 * timings, the answer's text and usage, or the error. Uses only the portable JAX-RS client API, so the same code runs
 * on the server's client (RESTEasy on WildFly, Payara's Jersey) and, in the Tomcat WAR, on the bundled Jersey over
 * Apache HttpClient 5. Redirects off: the router connects only where a route says.
 */
public final class RouteProbe implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(RouteProbe.class.getName());

  private final Router router;
  private final BiConsumer<Long, LastProbe> keep;
  private final Client client;

  /** @param keep where each route's last result goes (its row: {@code RouteService::recordProbe}) */
  public RouteProbe(Router router, BiConsumer<Long, LastProbe> keep, int connectTimeoutMs, int readTimeoutMs) {
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
      Class.forName(className, false, RouteProbe.class.getClassLoader());
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
    LastProbe last = new LastProbe(Instant.now(), result.ok(), result.status(), clamp(result.firstByteMs()),
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
    return parse(error).filter(json -> json.get("error") instanceof JsonObject).map(RouteProbe::errorMessage)
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
    JsonObject body = chatRequest(upstreamModel, prompt, maxTokens, true);
    UpstreamRequest.Chat chat;
    try {
      chat = UpstreamRequest.chat(target.upstream(), body, null, upstreamModel);
    } catch (RuntimeException refused) {
      return kept(target, refused(target, upstreamModel, refused));
    }
    long start = System.nanoTime();
    Result result;
    try (Response response = request(target, chat, MediaType.SERVER_SENT_EVENTS_TYPE, MediaType.APPLICATION_JSON_TYPE)
        .post(Entity.entity(chat.body(), MediaType.APPLICATION_JSON_TYPE))) {
      if (response.getStatus() / 100 != 2) {
        String text = response.readEntity(String.class);
        long totalMs = (System.nanoTime() - start) / 1_000_000;
        // The upstream's own words, verbatim but for secrets: the operator is debugging that upstream.
        String message = text.isBlank() ? "HTTP " + response.getStatus() + " with an empty body" : abbreviate(text);
        result = new Result(false, target.name(), upstreamModel, response.getStatus(), -1, totalMs, null, null,
            target.redactor().redactJson(message));
      } else {
        result = readStream(response, target, chat.translation(), upstreamModel, start, onText);
      }
    } catch (ProcessingException e) {
      result = unreachable(target, upstreamModel, start, e);
    }
    return kept(target, result);
  }

  /** The call as the proxy would make it: the same address, headers and body ({@link UpstreamRequest}). */
  private Invocation.Builder request(ActiveRoute target, UpstreamRequest.Chat chat, MediaType... accept) {
    Invocation.Builder call = client.target(chat.uri()).request(accept);
    UpstreamRequest.routerHeaders(Providers.of(target.upstream().kind()), target.upstream()).forEach(call::header);
    return call;
  }

  private static JsonObject chatRequest(String upstreamModel, String prompt, int maxTokens, boolean stream) {
    var body = JsonIo.PROVIDER.createObjectBuilder().add("model", upstreamModel)
        .add("messages", JsonIo.PROVIDER.createArrayBuilder().add(JsonIo.PROVIDER.createObjectBuilder()
            .add("role", "user").add("content", prompt)))
        .add("max_tokens", maxTokens).add("stream", stream);
    if (stream) body.add("stream_options", JsonIo.PROVIDER.createObjectBuilder().add("include_usage", true));
    return body.build();
  }

  private Result readStream(Response response, ActiveRoute target, TranslatedChat translation, String upstreamModel,
                            long start, Consumer<String> onText) {
    StringBuilder text = new StringBuilder();
    long[] firstToken = {-1};
    JsonObject[] usage = {null};
    String[] error = {null};
    boolean[] done = {false};
    // Each OpenAI chunk's data payload, as the proxy's client would get it (translated back when the route translates).
    Consumer<String> payload = data -> {
      if (done[0]) return;
      if (data.equals("[DONE]")) {
        done[0] = true;
        return;
      }
      Optional<JsonObject> chunk = parse(data);
      if (chunk.isEmpty()) return;
      if (chunk.get().containsKey("error")) {
        error[0] = target.redactor().redact(errorMessage(chunk.get()));
        done[0] = true;
        return;
      }
      if (chunk.get().get("usage") instanceof JsonObject u) usage[0] = u;
      String piece = delta(chunk.get());
      if (piece != null && !piece.isEmpty()) {
        if (firstToken[0] < 0) firstToken[0] = (System.nanoTime() - start) / 1_000_000;
        text.append(piece);
        onText.accept(piece);
      }
    };
    ChunkTranslator translator = translation == null ? null : translation.chatStream(true);
    SseParser events = new SseParser();
    // A native stream's data events are the payloads; a translated one's go through its translator first.
    Consumer<SseEvent> onEvent = translator != null ? event -> translator.translate(event, payload)
        : event -> payload.accept(event.data().trim());
    try (InputStream in = response.readEntity(InputStream.class)) {
      byte[] buffer = new byte[8192];
      for (int n = in.read(buffer); n >= 0 && !done[0]; n = in.read(buffer)) {
        events.accept(Arrays.copyOf(buffer, n), onEvent);
      }
      if (!done[0]) {
        events.finish(onEvent);
        if (translator != null) translator.finish(payload);
      }
    } catch (IOException | ProcessingException e) {
      error[0] = "The stream broke off (" + e.getClass().getSimpleName() + ").";
    }
    long totalMs = (System.nanoTime() - start) / 1_000_000;
    return new Result(error[0] == null, target.name(), upstreamModel, response.getStatus(), firstToken[0], totalMs,
        text.toString(), usage[0], error[0]);
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
    if (target.match() == MatchKind.EXACT) return target.pattern();
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
      if (!(chunk.get("choices") instanceof JsonArray choices) || choices.isEmpty()) return null;
      JsonValue content = choices.getJsonObject(0).getJsonObject("delta").get("content");
      return content instanceof JsonString s ? s.getString() : null;
    } catch (RuntimeException unexpectedShape) {
      return null;
    }
  }

  private static String abbreviate(String text) { return text.length() > 4000 ? text.substring(0, 4000) + "…" : text; }

  private Result call(ActiveRoute target, String model, String prompt, int maxTokens) {
    String upstreamModel = target.upstreamModelFor(model == null || model.isBlank() ? defaultModel(target) : model);
    JsonObject body = chatRequest(upstreamModel, prompt, maxTokens, false);
    UpstreamRequest.Chat chat;
    try {
      chat = UpstreamRequest.chat(target.upstream(), body, null, upstreamModel);
    } catch (RuntimeException refused) {
      return refused(target, upstreamModel, refused);
    }
    long start = System.nanoTime();
    try (Response response = request(target, chat, MediaType.APPLICATION_JSON_TYPE)
        .post(Entity.entity(chat.body(), MediaType.APPLICATION_JSON_TYPE))) {
      long firstByte = System.nanoTime();
      String text = response.readEntity(String.class);
      long end = System.nanoTime();
      long firstByteMs = (firstByte - start) / 1_000_000;
      long totalMs = (end - start) / 1_000_000;
      Optional<JsonObject> json = parse(text);
      if (response.getStatus() / 100 != 2) {
        String message = json.map(RouteProbe::errorMessage).orElse("HTTP " + response.getStatus());
        return new Result(false, target.name(), upstreamModel, response.getStatus(), firstByteMs, totalMs, null, null,
            target.redactor().redact(message));
      }
      if (json.isPresent() && chat.translation() != null) json = translated(chat.translation(), json.get());
      if (json.isEmpty()) {
        return new Result(false, target.name(), upstreamModel, response.getStatus(), firstByteMs, totalMs, null, null,
            "The upstream's answer is not JSON" + (chat.translation() == null ? "." : " the router can translate."));
      }
      return new Result(true, target.name(), upstreamModel, response.getStatus(), firstByteMs, totalMs,
          content(json.get()), json.get().get("usage") instanceof JsonObject u ? u : null, null);
    } catch (ProcessingException e) {
      return unreachable(target, upstreamModel, start, e);
    }
  }

  /** A whole upstream answer in the provider's own shape → OpenAI's, as the proxy's client would get it. */
  private static Optional<JsonObject> translated(TranslatedChat translation, JsonObject upstreamAnswer) {
    try {
      return Optional.of(translation.chatResponse(upstreamAnswer));
    } catch (RuntimeException unexpectedShape) {
      return Optional.empty();
    }
  }

  /** The route cannot make the call at all (its address or the translation refused it): nothing went upstream. */
  private static Result refused(ActiveRoute target, String upstreamModel, RuntimeException why) {
    String message = why instanceof InvalidTarget invalid ? invalid.error().message() : why.getMessage();
    return new Result(false, target.name(), upstreamModel, 0, -1, 0, null, null,
        target.redactor().redact("The router cannot make this call: " + message));
  }

  private static Optional<JsonObject> parse(String text) { return JsonIo.readObject(text); }

  private static String content(JsonObject json) {
    try {
      JsonValue content = json.getJsonArray("choices").getJsonObject(0).getJsonObject("message").get("content");
      return content instanceof JsonString s ? s.getString() : null;
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
  public static final class NoRoute extends NotFound {
    public NoRoute(String message) { super(message); }
  }
}
