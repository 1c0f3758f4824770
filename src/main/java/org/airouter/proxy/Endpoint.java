package org.airouter.proxy;

/** The /v1 paths the router knows by name; every other path is forwarded as it came, with any method. */
enum Endpoint {
  CHAT_COMPLETIONS("POST"), COMPLETIONS("POST"), EMBEDDINGS("POST"), MODELS("GET"), MODEL("GET"), OTHER(null);

  private final String method;

  Endpoint(String method) { this.method = method; }

  static Endpoint of(String path) {
    return switch (path) {
      case "/chat/completions" -> CHAT_COMPLETIONS;
      case "/completions" -> COMPLETIONS;
      case "/embeddings" -> EMBEDDINGS;
      case "/models" -> MODELS;
      default -> path.startsWith("/models/") && path.length() > 8 ? MODEL : OTHER;
    };
  }

  boolean allows(String requestMethod) { return method == null || method.equals(requestMethod); }

  /** For the Allow header of a 405. */
  String method() { return method; }
}
