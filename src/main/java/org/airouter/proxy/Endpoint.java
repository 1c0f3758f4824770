package org.airouter.proxy;

/** The /v1 paths the router knows by name; every other path is forwarded as it came, with any method. */
enum Endpoint {
  CHAT_COMPLETIONS("POST"), COMPLETIONS("POST"), EMBEDDINGS("POST"), MODELS("GET"), MODEL("GET"),
  IMAGES_GENERATIONS("POST"), IMAGES_EDITS("POST"), AUDIO_TRANSCRIPTIONS("POST"), AUDIO_TRANSLATIONS("POST"),
  AUDIO_SPEECH("POST"), MODERATIONS("POST"), RESPONSES("POST"),
  /** Anthropic's Messages API, for Anthropic SDK clients. */
  MESSAGES("POST"), MESSAGES_COUNT_TOKENS("POST"),
  OTHER(null);

  private final String method;

  Endpoint(String method) { this.method = method; }

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

  boolean allows(String requestMethod) { return method == null || method.equals(requestMethod); }

  /** Anthropic's own API: its clients get errors in Anthropic's shape. */
  boolean anthropic() { return this == MESSAGES || this == MESSAGES_COUNT_TOKENS; }

  /** For the Allow header of a 405. */
  String method() { return method; }
}
