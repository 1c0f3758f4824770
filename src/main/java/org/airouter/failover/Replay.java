package org.airouter.failover;

/**
 * Which requests may be sent upstream twice. Only those that change nothing upstream but the bill; the request body
 * is held whole (memory or temporary file) until the exchange ends, so these can be resent as they came:
 * <ul>
 *   <li>POST {@code /chat/completions}, {@code /completions}, {@code /messages}: stateless generation, unless the
 *       body says {@code "store": true} (chat completions then keep a stored completion upstream);</li>
 *   <li>POST {@code /responses} only with {@code "store": false} and without {@code "background": true}: the API
 *       stores responses by default, and a replayed stored or background response is a second response (shunt
 *       PR #122);</li>
 *   <li>POST {@code /embeddings}, {@code /moderations}, {@code /messages/count_tokens}: stateless, cheap;</li>
 *   <li>POST {@code /images/generations}, {@code /images/edits}, {@code /audio/speech},
 *       {@code /audio/transcriptions}, {@code /audio/translations}: stateless (they cost per call, which is why a
 *       timeout after sending is retried only with {@code retryOnTimeout}).</li>
 * </ul>
 * Never: files, uploads, batches, fine-tuning, vector stores, assistants, threads, conversations, containers,
 * realtime sessions, anything else not listed, and any method but POST.
 */
public final class Replay {
  private Replay() {}

  /**
   * @param v1Path     the path below {@code /v1}, e.g. "/chat/completions"
   * @param store      the body's {@code store} flag, or null when it has none
   * @param background the body's {@code background} flag, or null when it has none
   */
  public static boolean allowed(String method, String v1Path, Boolean store, Boolean background) {
    if (!"POST".equals(method)) return false;
    return switch (v1Path) {
      case "/chat/completions", "/completions", "/messages" -> !Boolean.TRUE.equals(store);
      case "/responses" -> Boolean.FALSE.equals(store) && !Boolean.TRUE.equals(background);
      case "/embeddings", "/moderations", "/messages/count_tokens", "/images/generations", "/images/edits",
          "/audio/speech", "/audio/transcriptions", "/audio/translations" -> true;
      default -> false;
    };
  }
}
