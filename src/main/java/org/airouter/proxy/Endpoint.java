package org.airouter.proxy;

import org.airouter.keys.EndpointGroup;

/** The /v1 paths the router knows by name; every other path is forwarded as it came, with any method. */
enum Endpoint {
  CHAT_COMPLETIONS("POST", EndpointGroup.CHAT), COMPLETIONS("POST", EndpointGroup.COMPLETIONS),
  EMBEDDINGS("POST", EndpointGroup.EMBEDDINGS), MODELS("GET", EndpointGroup.MODELS), MODEL("GET", EndpointGroup.MODELS),
  IMAGES_GENERATIONS("POST", EndpointGroup.IMAGES), IMAGES_EDITS("POST", EndpointGroup.IMAGES),
  AUDIO_TRANSCRIPTIONS("POST", EndpointGroup.AUDIO), AUDIO_TRANSLATIONS("POST", EndpointGroup.AUDIO),
  AUDIO_SPEECH("POST", EndpointGroup.AUDIO), MODERATIONS("POST", EndpointGroup.MODERATIONS),
  RESPONSES("POST", EndpointGroup.RESPONSES),
  /** Anthropic's Messages API, for Anthropic SDK clients. */
  MESSAGES("POST", EndpointGroup.MESSAGES), MESSAGES_COUNT_TOKENS("POST", EndpointGroup.MESSAGES),
  OTHER(null, null);

  private final String method;
  private final EndpointGroup group;

  Endpoint(String method, EndpointGroup group) {
    this.method = method;
    this.group = group;
  }

  static Endpoint of(String path) {
    return switch (path) {
      case "/chat/completions" -> CHAT_COMPLETIONS;
      case "/completions" -> COMPLETIONS;
      case "/embeddings" -> EMBEDDINGS;
      case "/models" -> MODELS;
      case "/images/generations" -> IMAGES_GENERATIONS;
      case "/images/edits" -> IMAGES_EDITS;
      case "/audio/transcriptions" -> AUDIO_TRANSCRIPTIONS;
      case "/audio/translations" -> AUDIO_TRANSLATIONS;
      case "/audio/speech" -> AUDIO_SPEECH;
      case "/moderations" -> MODERATIONS;
      case "/responses" -> RESPONSES;
      case "/messages" -> MESSAGES;
      case "/messages/count_tokens" -> MESSAGES_COUNT_TOKENS;
      default -> path.startsWith("/models/") && path.length() > 8 ? MODEL : OTHER;
    };
  }

  /** The group a client key's {@code allowedEndpoints} names this request by; {@code path} is the one it came from. */
  EndpointGroup group(String path) { return group != null ? group : EndpointGroup.ofOtherPath(path); }

  boolean allows(String requestMethod) { return method == null || method.equals(requestMethod); }

  /** Anthropic's own API: its clients get errors in Anthropic's shape. */
  boolean anthropic() { return this == MESSAGES || this == MESSAGES_COUNT_TOKENS; }

  /** For the Allow header of a 405. */
  String method() { return method; }
}
