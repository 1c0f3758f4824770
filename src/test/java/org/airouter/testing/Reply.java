package org.airouter.testing;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What the mock upstream answers to one request, shaped like the OpenAI API. Built with the static factories, then
 * adjusted with the fluent modifiers ({@link #header}, {@link #every}, {@link #resetAfter} ...). A reply is a
 * script, not state: the same instance may answer many requests.
 */
public final class Reply {
  /** The vector every default embeddings reply carries. */
  public static final float[] EMBEDDING = {0.125f, -0.5f, 0.75f};
  /** {@link #EMBEDDING} as OpenAI's base64 form: little-endian float32. */
  public static final String EMBEDDING_BASE64 = base64(EMBEDDING);

  enum Kind { FIXED, STREAM, HANG, RESET, CLOSE }

  final Kind kind;
  final int status;
  final List<Map.Entry<String, String>> headers = new ArrayList<>();
  final Function<RecordedRequest, byte[]> body;            // FIXED
  final Function<RecordedRequest, List<String>> frames;     // STREAM: the data payloads, "[DONE]" included
  Duration headDelay = Duration.ZERO;
  Duration firstFrameDelay = Duration.ZERO;
  Duration interval = Duration.ZERO;
  int resetAfterFrames = -1;
  boolean rawFrames;            // STREAM: each frame is a whole SSE event ("event: x\ndata: {...}"), not a data payload
  Predicate<RecordedRequest> accepts = r -> !isModelsList(r);

  private Reply(Kind kind, int status, Function<RecordedRequest, byte[]> body, Function<RecordedRequest, List<String>> frames) {
    this.kind = kind;
    this.status = status;
    this.body = body;
    this.frames = frames;
  }

  // ---- factories -------------------------------------------------------------------------------------------------

  /** A JSON answer with this status. */
  public static Reply json(int status, String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return new Reply(Kind.FIXED, status, r -> bytes, null).header("content-type", "application/json");
  }

  public static Reply json(String json) {
    return json(200, json);
  }

  /** Any bytes with a content type. */
  public static Reply bytes(int status, String contentType, byte[] body) {
    return new Reply(Kind.FIXED, status, r -> body, null).header("content-type", contentType);
  }

  /** A chat.completion whose message content is the text; the model echoes the request's. */
  public static Reply chat(String content) {
    return computed(r -> Json.createObjectBuilder()
        .add("id", "chatcmpl-mock").add("object", "chat.completion").add("created", 1_700_000_000L)
        .add("model", modelOf(r)).add("system_fingerprint", "fp_mock")
        .add("choices", Json.createArrayBuilder().add(Json.createObjectBuilder().add("index", 0)
            .add("message", Json.createObjectBuilder().add("role", "assistant").add("content", content).addNull("refusal"))
            .addNull("logprobs").add("finish_reason", "stop")))
        .add("usage", usage(5, 3)).build());
  }

  /** A legacy text_completion. */
  public static Reply completion(String text) {
    return computed(r -> Json.createObjectBuilder()
        .add("id", "cmpl-mock").add("object", "text_completion").add("created", 1_700_000_000L).add("model", modelOf(r))
        .add("choices", Json.createArrayBuilder().add(Json.createObjectBuilder().add("text", text).add("index", 0)
            .addNull("logprobs").add("finish_reason", "stop")))
        .add("usage", usage(4, 2)).build());
  }

  /** An embeddings list with {@link #EMBEDDING} per input, as floats or as base64 when the request asked for it. */
  public static Reply embeddings() {
    return computed(r -> {
      JsonObject req = r.json();
      boolean base64 = req != null && "base64".equals(req.getString("encoding_format", null));
      int inputs = req != null && req.containsKey("input") && req.get("input").getValueType() == JsonValue.ValueType.ARRAY
          ? req.getJsonArray("input").size() : 1;
      JsonArrayBuilder data = Json.createArrayBuilder();
      for (int i = 0; i < inputs; i++) {
        JsonObjectBuilder item = Json.createObjectBuilder().add("object", "embedding").add("index", i);
        if (base64) item.add("embedding", EMBEDDING_BASE64);
        else {
          JsonArrayBuilder vector = Json.createArrayBuilder();
          for (float f : EMBEDDING) vector.add((double) f);
          item.add("embedding", vector);
        }
        data.add(item);
      }
      return Json.createObjectBuilder().add("object", "list").add("data", data).add("model", modelOf(r))
          .add("usage", Json.createObjectBuilder().add("prompt_tokens", 2).add("total_tokens", 2)).build();
    });
  }

  /** GET /v1/models: an OpenAI model list with these ids. Answers only model-list requests. */
  public static Reply models(String... ids) {
    JsonArrayBuilder data = Json.createArrayBuilder();
    for (String id : ids) {
      data.add(Json.createObjectBuilder().add("id", id).add("object", "model").add("created", 1_700_000_000L).add("owned_by", "mock"));
    }
    String json = Json.createObjectBuilder().add("object", "list").add("data", data).build().toString();
    return json(json).when(Reply::isModelsList);
  }

  /** An OpenAI error body: {"error":{"message","type","param":null,"code"}}. */
  public static Reply error(int status, String type, String code, String message) {
    JsonObjectBuilder error = Json.createObjectBuilder().add("message", message).add("type", type).addNull("param");
    if (code == null) error.addNull("code"); else error.add("code", code);
    return json(status, Json.createObjectBuilder().add("error", error).build().toString());
  }

  /**
   * A chat.completion.chunk SSE stream: a role frame, one content frame per piece, a finish frame, a usage frame
   * (choices empty) and {@code data: [DONE]}. Sent with Transfer-Encoding chunked, each frame flushed on its own.
   */
  public static Reply stream(String... pieces) {
    return new Reply(Kind.STREAM, 200, null, r -> chatChunks(modelOf(r), List.of(pieces)))
        .header("content-type", "text/event-stream; charset=utf-8").header("cache-control", "no-cache");
  }

  /** An SSE stream of these exact data payloads (add "[DONE]" yourself if wanted). */
  public static Reply sse(String... dataPayloads) {
    List<String> frames = List.of(dataPayloads);
    return new Reply(Kind.STREAM, 200, null, r -> frames)
        .header("content-type", "text/event-stream; charset=utf-8").header("cache-control", "no-cache");
  }

  /**
   * An SSE stream of whole events, as Anthropic writes them ({@code event:} and {@code data:} lines): the text is
   * split at its blank lines and each event is sent (and flushed) on its own.
   */
  public static Reply events(String sseText) {
    List<String> frames = new ArrayList<>();
    for (String event : sseText.replace("\r\n", "\n").split("\n\n")) if (!event.isBlank()) frames.add(event.strip());
    Reply reply = new Reply(Kind.STREAM, 200, null, r -> frames)
        .header("content-type", "text/event-stream; charset=utf-8").header("cache-control", "no-cache");
    reply.rawFrames = true;
    return reply;
  }

  /** An Anthropic streamed answer recorded in {@code src/test/resources/fixtures/anthropic/NAME}. */
  public static Reply anthropicStream(String fixture) {
    return events(Fixtures.text("anthropic/" + fixture)).header("request-id", "req_mock");
  }

  /** An Anthropic whole answer (a fixture under fixtures/anthropic/). */
  public static Reply anthropicMessage(String fixture) {
    return json(Fixtures.text("anthropic/" + fixture));
  }

  /** An Anthropic error: {"type":"error","error":{"type","message"}}. */
  public static Reply anthropicError(int status, String type, String message) {
    return json(status, Json.createObjectBuilder().add("type", "error").add("error", Json.createObjectBuilder()
        .add("type", type).add("message", message)).build().toString());
  }

  /** Reads the request, then never answers; the connection stays open until the peer closes it. */
  public static Reply hang() {
    return new Reply(Kind.HANG, 0, null, null);
  }

  /** Reads the request, then resets the connection (RST, via SO_LINGER 0) before any byte of the answer. */
  public static Reply reset() {
    return new Reply(Kind.RESET, 0, null, null);
  }

  /** Reads the request, then closes the connection cleanly (FIN) without answering. */
  public static Reply closeWithoutAnswer() {
    return new Reply(Kind.CLOSE, 0, null, null);
  }

  // ---- modifiers -------------------------------------------------------------------------------------------------

  /** Adds a response header (replacing a default one of the same name). */
  public Reply header(String name, String value) {
    headers.removeIf(h -> h.getKey().equalsIgnoreCase(name));
    headers.add(Map.entry(name, value));
    return this;
  }

  /** Waits this long before sending the response head. */
  public Reply after(Duration delay) {
    headDelay = delay;
    return this;
  }

  /** Streams: the pause between the response head and the first frame. */
  public Reply firstAfter(Duration delay) {
    firstFrameDelay = delay;
    return this;
  }

  /** Streams: the pause between two frames. */
  public Reply every(Duration pause) {
    interval = pause;
    return this;
  }

  /** Streams: send this many frames, then reset the connection (RST) instead of the next. */
  public Reply resetAfter(int frames) {
    resetAfterFrames = frames;
    return this;
  }

  /** Which requests this reply may answer when queued; by default any but a model list (GET .../models). */
  public Reply when(Predicate<RecordedRequest> condition) {
    accepts = condition;
    return this;
  }

  /** Shorthand for {@link #when}: only requests whose path ends with the suffix. */
  public Reply forPath(String pathSuffix) {
    return when(r -> r.path().endsWith(pathSuffix));
  }

  // ---- shared pieces ---------------------------------------------------------------------------------------------

  static boolean isModelsList(RecordedRequest r) {
    return "GET".equals(r.method()) && r.path().endsWith("/models");
  }

  static String modelOf(RecordedRequest r) {
    String model = r.model();
    return model != null ? model : "mock-model";
  }

  private static Reply computed(Function<RecordedRequest, JsonObject> json) {
    return new Reply(Kind.FIXED, 200, r -> json.apply(r).toString().getBytes(StandardCharsets.UTF_8), null)
        .header("content-type", "application/json");
  }

  private static JsonObjectBuilder usage(int prompt, int completion) {
    return Json.createObjectBuilder().add("prompt_tokens", prompt).add("completion_tokens", completion)
        .add("total_tokens", prompt + completion);
  }

  /** The data payloads OpenAI sends for a streamed chat answer made of these pieces. */
  public static List<String> chatChunks(String model, List<String> pieces) {
    List<String> out = new ArrayList<>();
    out.add(chunk(model, Json.createObjectBuilder().add("role", "assistant").add("content", ""), null));
    for (String piece : pieces) out.add(chunk(model, Json.createObjectBuilder().add("content", piece), null));
    out.add(chunk(model, Json.createObjectBuilder(), "stop"));
    out.add(base(model).add("choices", Json.createArrayBuilder()).add("usage", usage(5, pieces.size())).build().toString());
    out.add("[DONE]");
    return out;
  }

  private static String chunk(String model, JsonObjectBuilder delta, String finishReason) {
    JsonObjectBuilder choice = Json.createObjectBuilder().add("index", 0).add("delta", delta).addNull("logprobs");
    if (finishReason == null) choice.addNull("finish_reason"); else choice.add("finish_reason", finishReason);
    return base(model).add("choices", Json.createArrayBuilder().add(choice)).build().toString();
  }

  private static JsonObjectBuilder base(String model) {
    return Json.createObjectBuilder().add("id", "chatcmpl-mock").add("object", "chat.completion.chunk")
        .add("created", 1_700_000_000L).add("model", model).add("system_fingerprint", "fp_mock");
  }

  private static String base64(float[] vector) {
    ByteBuffer buffer = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : vector) buffer.putFloat(f);
    return Base64.getEncoder().encodeToString(buffer.array());
  }

  @Override public String toString() {
    return "Reply[" + kind + (status > 0 ? " " + status : "") + "]";
  }
}
