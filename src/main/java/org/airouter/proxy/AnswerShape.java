package org.airouter.proxy;

import org.airouter.wire.JsonIo;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.airouter.provider.ChunkTranslator;
import org.airouter.provider.TranslatedChat;
import org.airouter.secrets.Redactor;
import org.airouter.wire.OpenAiError;
import org.airouter.wire.Sse;
import org.airouter.wire.SseParser;

/**
 * What the relay does to one exchange's answer: pass it through (the default), translate it, or pass a native answer
 * through while reading its usage. Successful bodies go through a {@link BodyTransform} (none for plain passthrough:
 * bytes stay bytes); error answers through {@link #error}.
 */
abstract class AnswerShape {
  private final String route;

  /** @param route the name of the route the answer comes through, for errors that are the route's fault */
  private AnswerShape(String route) { this.route = route; }

  /**
   * The transform for a successful answer's body, or null to relay it untouched. A stream always gets one: an
   * upstream may send an error frame mid-stream, and that frame is redacted like any other error.
   */
  final BodyTransform body(boolean streaming, UsageTap tap, Redactor redactor) {
    BodyTransform inner = body(streaming, tap);
    return streaming ? new SseErrorRedaction(inner, redactor) : inner;
  }

  /** The shape's own transform for a successful answer's body, or null. */
  abstract BodyTransform body(boolean streaming, UsageTap tap);

  /**
   * An upstream error answer → what the client gets, the route's secrets taken out. An upstream 401 or 403 refused
   * the route's provider key, not the client's: passing it on would tell the client its own key is wrong, so it
   * becomes the router's {@code upstream_auth_failed}, a 502 that tells SDKs not to retry (retrying cannot mend a key).
   */
  final ErrorReply error(int status, byte[] body, int length, Redactor redactor) {
    if (status == 401 || status == 403) {
      ErrorReply own = reply(OpenAiError.upstreamAuthFailed(route, status));
      return new ErrorReply(own.status(), own.body(), own.code(), null, true);
    }
    return upstreamError(status, body, length, redactor);
  }

  /** Any other upstream error answer → what the client gets, the route's secrets taken out. */
  abstract ErrorReply upstreamError(int status, byte[] body, int length, Redactor redactor);

  /** One of the router's own errors, in the shape this exchange's client reads. */
  ErrorReply reply(OpenAiError error) { return ErrorReply.of(error); }

  /** The last frame of a stream that broke after its first byte; the client's SDK raises on it. */
  byte[] streamFailure(OpenAiError error) { return error.toSseFrame(); }

  /**
   * An error answer as the last frame of a stream the client already has open (keepalives went out before it): the
   * same JSON it would have had as a body, on one line (a raw line break in JSON is only whitespace).
   */
  byte[] errorFrame(ErrorReply reply) { return Sse.frame(oneLine(reply)); }

  static String oneLine(ErrorReply reply) {
    return new String(reply.body(), StandardCharsets.UTF_8).replaceAll("[\\r\\n]+", " ");
  }

  /**
   * An error answer: status, body (JSON), the code for the usage record, a retry-after to add if upstream gave none,
   * and whether to tell SDKs not to retry ({@code x-should-retry: false}).
   */
  record ErrorReply(int status, byte[] body, String code, String retryAfter, boolean noRetry) {
    ErrorReply(int status, byte[] body, String code, String retryAfter) { this(status, body, code, retryAfter, false); }

    static ErrorReply of(OpenAiError error) { return new ErrorReply(error.status(), error.toBytes(), error.code(), null); }
  }

  // ---- passthrough ----

  /** OpenAI-compatible upstreams: bytes through; the usage chunk the router asked for is taken out of the stream. */
  static AnswerShape passthrough(String route, boolean dropUsageChunk) {
    return new AnswerShape(route) {
      @Override BodyTransform body(boolean streaming, UsageTap tap) {
        return dropUsageChunk && streaming ? new SseUsageFilter(tap) : null;
      }

      @Override ErrorReply upstreamError(int status, byte[] body, int length, Redactor redactor) {
        return ErrorReply.of(UpstreamErrors.toOpenAi(status, body, length, redactor));
      }
    };
  }

  // ---- translation ----

  /** An OpenAI chat request sent to a provider with its own API: answers and errors come back OpenAI-shaped. */
  static AnswerShape translated(String route, TranslatedChat chat, boolean includeUsage, int maxBody) {
    return new AnswerShape(route) {
      @Override BodyTransform body(boolean streaming, UsageTap tap) {
        return streaming ? new TranslatedStream(chat.chatStream(includeUsage), tap) : new TranslatedBody(chat, maxBody);
      }

      @Override ErrorReply upstreamError(int status, byte[] body, int length, Redactor redactor) {
        OpenAiError e = redactor.redact(chat.chatError(status, new String(body, 0, length, StandardCharsets.UTF_8)));
        // 529 (overloaded) becomes 503, which OpenAI clients retry: tell them when.
        return new ErrorReply(e.status(), e.toBytes(), e.code(), status == 529 || e.status() == 503 ? "1" : null);
      }
    };
  }

  /**
   * A native call to a provider with its own API (Anthropic's /v1/messages from an Anthropic SDK): bytes through,
   * errors in the provider's own shape (key-like strings redacted); usage read on the side, in OpenAI's terms.
   */
  static AnswerShape nativeCall(String route, TranslatedChat chat) {
    return new AnswerShape(route) {
      @Override byte[] streamFailure(OpenAiError error) {
        return ("event: error\ndata: " + chat.nativeError(error) + "\n\n").getBytes(StandardCharsets.UTF_8);
      }

      @Override byte[] errorFrame(ErrorReply reply) {
        return ("event: error\ndata: " + oneLine(reply) + "\n\n").getBytes(StandardCharsets.UTF_8);
      }

      @Override ErrorReply reply(OpenAiError error) {
        return new ErrorReply(error.status(), chat.nativeError(error).getBytes(StandardCharsets.UTF_8), error.code(),
            null);
      }

      @Override BodyTransform body(boolean streaming, UsageTap tap) {
        if (streaming) return new UsageWatch(chat.chatStream(false), tap);
        tap.mapUsage(chat::openAiUsage);   // a whole answer ends with its usage: the tap finds it in the tail
        return null;
      }

      @Override ErrorReply upstreamError(int status, byte[] body, int length, Redactor redactor) {
        String text;
        String code = null;
        try {
          // Decoded, redacted string by string, re-encoded: an escaped key (\u0073k-…) is still a key.
          JsonValue value = redactor.redact(JsonIo.read(body, 0, length).orElseThrow());
          text = value.toString();
          if (value instanceof JsonObject o && o.get("error") instanceof JsonObject e) code = e.getString("type", null);
        } catch (RuntimeException notJson) {
          text = "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":"
              + JsonIo.PROVIDER.createValue("Upstream returned HTTP " + status + ".") + "}}";
        }
        return new ErrorReply(status, text.getBytes(StandardCharsets.UTF_8), code == null ? "upstream_error" : code, null);
      }
    };
  }

  /** Upstream SSE events → translated OpenAI frames; the usage goes to the tap whether the client sees it or not. */
  private static final class TranslatedStream implements BodyTransform {
    private final SseParser parser = new SseParser();
    private final ChunkTranslator translator;
    private final UsageTap tap;

    TranslatedStream(ChunkTranslator translator, UsageTap tap) {
      this.translator = translator;
      this.tap = tap;
    }

    @Override public void accept(byte[] chunk, Consumer<byte[]> out) {
      parser.accept(chunk, event -> translator.translate(event, payload -> out.accept(frame(payload))));
      report();
    }

    @Override public void finish(Consumer<byte[]> out) {
      parser.finish(event -> translator.translate(event, payload -> out.accept(frame(payload))));
      translator.finish(payload -> out.accept(frame(payload)));
      report();
    }

    private static byte[] frame(String payload) {
      return payload.equals(ChunkTranslator.KEEP_ALIVE)
          ? (payload + "\n\n").getBytes(StandardCharsets.US_ASCII) : Sse.frame(payload);
    }

    private void report() {
      if (translator.usage() != null) tap.usage(translator.usage());
    }

    @Override public String errorCode() { return translator.error() == null ? null : translator.error().code(); }
  }

  /** A native stream passes untouched; its events are read on the side for the usage. */
  private static final class UsageWatch implements BodyTransform {
    private final SseParser parser = new SseParser();
    private final ChunkTranslator translator;
    private final UsageTap tap;

    UsageWatch(ChunkTranslator translator, UsageTap tap) {
      this.translator = translator;
      this.tap = tap;
    }

    @Override public void accept(byte[] chunk, Consumer<byte[]> out) {
      out.accept(chunk);
      parser.accept(chunk, event -> translator.translate(event, ignored -> { }));
      if (translator.usage() != null) tap.usage(translator.usage());
    }

    @Override public void finish(Consumer<byte[]> out) {
      parser.finish(event -> translator.translate(event, ignored -> { }));
      if (translator.usage() != null) tap.usage(translator.usage());
    }

    @Override public String errorCode() {
      // A native client reads the provider's own error event; the record still notes it. A stream cut short is the
      // relay's to report, so the translator's "ended early" verdict is not used here.
      OpenAiError e = translator.error();
      return e == null || "upstream_stream_error".equals(e.code()) ? null : e.code();
    }
  }

  /**
   * A whole answer, held (up to airouter.max-answer-bytes) and translated at its end: the one answer that is not held
   * to the relay's window, since it cannot be translated before it is complete. Beyond the bound, a 502.
   */
  private static final class TranslatedBody implements BodyTransform {
    private final TranslatedChat chat;
    private final int max;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private OpenAiError failure;

    TranslatedBody(TranslatedChat chat, int max) {
      this.chat = chat;
      this.max = max;
    }

    @Override public void accept(byte[] chunk, Consumer<byte[]> out) {
      if (failure != null) return;
      if (body.size() + chunk.length > max) {
        failure = OpenAiError.serverError(502, "The upstream answer is larger than " + max + " bytes.",
            "upstream_answer_too_large");
        body.reset();
        return;
      }
      body.write(chunk, 0, chunk.length);
    }

    @Override public void finish(Consumer<byte[]> out) {
      if (failure != null) return;
      try {
        JsonObject answer = JsonIo.readObject(body.toByteArray(), 0, body.size()).orElseThrow();
        out.accept(chat.chatResponse(answer).toString().getBytes(StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        failure = OpenAiError.serverError(502, "The upstream answer could not be translated.", "upstream_bad_answer");
      }
    }

    @Override public boolean holdsHead() { return true; }

    @Override public OpenAiError failure() { return failure; }

    @Override public String errorCode() { return failure == null ? null : failure.code(); }
  }
}
