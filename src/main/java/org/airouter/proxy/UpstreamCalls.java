package org.airouter.proxy;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Set;
import org.airouter.provider.InvalidTarget;
import org.airouter.provider.Provider;
import org.airouter.provider.Providers;
import org.airouter.provider.TranslatedChat;
import org.airouter.provider.UpstreamRequest;
import org.airouter.routing.ActiveTarget;
import org.airouter.wire.JsonIo;
import org.airouter.wire.OpenAiError;
import org.apache.hc.core5.http.message.BasicHttpRequest;

/**
 * The upstream call one attempt makes for a client request: the target's own address, key, headers and model, the
 * body as the client sent it (or translated, for a provider with its own API), and the {@link AnswerShape} its answer
 * takes on the way back. A fresh call per attempt; the client's request and body are only read.
 */
final class UpstreamCalls {
  private final HttpServletRequest request;
  private final RequestBody body;
  private final String path;
  private final String contentType;
  private final JsonModel.Found found;
  private final String requestedModel;
  private final boolean anthropicIngress;
  private final int maxAnswerBytes;

  /** One attempt's call: what to send, and how its answer reaches the client. */
  record Call(BasicHttpRequest request, BodyProducer entity, AnswerShape shape, String upstreamModel) {}

  /** The target cannot serve this request: the client's error, no upstream call (nor another attempt). */
  static final class Refused extends Exception {
    final transient OpenAiError error;

    Refused(OpenAiError error) {
      super(error.message(), null, false, false);
      this.error = error;
    }
  }

  UpstreamCalls(HttpServletRequest request, RequestBody body, String path, String contentType, JsonModel.Found found,
                String requestedModel, boolean anthropicIngress, int maxAnswerBytes) {
    this.request = request;
    this.body = body;
    this.path = path;
    this.contentType = contentType;
    this.found = found;
    this.requestedModel = requestedModel;
    this.anthropicIngress = anthropicIngress;
    this.maxAnswerBytes = maxAnswerBytes;
  }

  /** The call to {@code target} of the route named {@code routeName}. */
  Call to(String routeName, ActiveTarget target) throws Refused {
    Provider provider = Providers.of(target.upstream().kind());
    String model = requestedModel;
    String upstreamModel = model == null ? null : target.upstreamModelFor(model);
    TranslatedChat chat = provider instanceof TranslatedChat t ? t : null;
    if (anthropicIngress && chat == null) {
      throw new Refused(OpenAiError.invalidRequest("The model '" + model + "' is served by a route of provider "
          + target.upstream().kind().id() + "; /v1" + path + " reaches Anthropic routes only.", "model",
          "unsupported_route"));
    }
    if (chat != null && path.equals("/chat/completions")) return translateChat(routeName, target, provider, chat, upstreamModel);
    if (chat != null && !anthropicIngress) {
      throw new Refused(OpenAiError.invalidRequest("The model '" + model + "' is served by a route of provider "
          + target.upstream().kind().id() + ", which does not serve /v1" + path + ".", null, "unsupported_endpoint"));
    }

    URI uri;
    try {
      uri = provider.target(target.upstream(), path, request.getQueryString(), upstreamModel);
    } catch (InvalidTarget refused) {
      throw new Refused(refused.error());
    }
    BasicHttpRequest upstreamRequest = upstreamRequest(provider, target, uri);

    BodyProducer entity = null;
    // The router needs the usage of every stream; a client that did not ask for it will not see it.
    boolean askForUsage = found.stream() && !found.streamOptions()
        && (path.equals("/chat/completions") || path.equals("/completions"));
    if (body.size() > 0) {
      String encoding = request.getHeader("Content-Encoding");
      boolean rewrite = found.kind() == JsonModel.Kind.STRING && !upstreamModel.equals(model);
      if (rewrite || askForUsage) {
        byte[] bytes = rewrite ? JsonModel.rewrite(body.array(), body.arrayLength(), found, upstreamModel)
            : Arrays.copyOf(body.array(), body.arrayLength());
        if (askForUsage) bytes = JsonModel.askForUsage(bytes, bytes.length);
        entity = new BodyProducer(bytes, bytes.length, contentType, encoding);
      } else {
        entity = new BodyProducer(body, contentType, encoding);   // a fresh producer per attempt: the body is held
      }
    }
    return new Call(upstreamRequest, entity, anthropicIngress ? AnswerShape.nativeCall(routeName, chat)
        : AnswerShape.passthrough(routeName, askForUsage), upstreamModel);
  }

  /**
   * An OpenAI chat request to a provider with its own API: the one place a request body is rebuilt (parsed, model
   * rewritten, translated); the answer is translated back by the relay's {@link AnswerShape}.
   */
  private Call translateChat(String routeName, ActiveTarget target, Provider provider, TranslatedChat chat,
                             String upstreamModel) throws Refused {
    JsonObject openAi = JsonIo.readObject(body.array(), 0, body.arrayLength())
        .orElseThrow(() -> new Refused(OpenAiError.invalidJson("expected one JSON object")));
    if (upstreamModel != null) openAi = JsonIo.PROVIDER.createObjectBuilder(openAi).add("model", upstreamModel).build();
    boolean includeUsage = openAi.get("stream_options") instanceof JsonObject options
        && options.get("include_usage") == JsonValue.TRUE;
    UpstreamRequest.Chat call;
    try {
      call = UpstreamRequest.chat(target.upstream(), openAi, request.getQueryString(), upstreamModel);
    } catch (InvalidTarget refused) {
      throw new Refused(refused.error());
    } catch (TranslatedChat.UnsupportedRequest e) {
      throw new Refused(OpenAiError.invalidRequest(e.getMessage(), e.param(), "unsupported_parameter"));
    } catch (RuntimeException e) {   // a field of the wrong JSON type, say
      throw new Refused(OpenAiError.invalidRequest("The request could not be translated for this model's provider: "
          + e.getMessage(), null, "invalid_request"));
    }
    return new Call(upstreamRequest(provider, target, call.uri()),
        new BodyProducer(call.body(), call.body().length, "application/json", null),
        AnswerShape.translated(routeName, chat, includeUsage, maxAnswerBytes), upstreamModel);
  }

  /**
   * The upstream request: the client's forwardable headers, then the provider's credentials, defaults and the route's
   * headers, as {@link UpstreamRequest} says for every upstream call.
   */
  private BasicHttpRequest upstreamRequest(Provider provider, ActiveTarget target, URI uri) {
    BasicHttpRequest upstreamRequest = new BasicHttpRequest(request.getMethod(), uri);
    Set<String> connectionScoped = ForwardedHeaders.namedInConnection(request.getHeaders("Connection"));
    for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
      String name = names.nextElement();
      if (!ForwardedHeaders.toUpstream(name) || connectionScoped.contains(name.toLowerCase(Locale.ROOT))) continue;
      for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); ) {
        upstreamRequest.addHeader(name, values.nextElement());
      }
    }
    UpstreamRequest.addRouterHeaders(provider, target.upstream(), new UpstreamRequest.Headers() {
      @Override public void set(String name, String value) { upstreamRequest.setHeader(name, value); }

      @Override public boolean has(String name) { return upstreamRequest.containsHeader(name); }
    });
    return upstreamRequest;
  }
}
