package org.airouter.provider;

/**
 * Where one route sends its calls, with the provider key already opened. Lives only in the in-memory route snapshot,
 * never in a response or a log line: {@link #toString()} leaves the key out.
 */
public record Upstream(String routeName, ProviderKind kind, String baseUrl, String apiKey) {

  public Upstream {
    baseUrl = normalizeBaseUrl(baseUrl);
  }

  /**
   * The base URL without a trailing slash or {@code /v1}, so that "https://host" and "https://host/v1" both lead to
   * "https://host/v1/…" and never to "/v1/v1".
   */
  public static String normalizeBaseUrl(String baseUrl) {
    String url = baseUrl.trim();
    while (url.endsWith("/")) url = url.substring(0, url.length() - 1);
    if (url.endsWith("/v1")) url = url.substring(0, url.length() - 3);
    return url;
  }

  @Override public String toString() {
    return "Upstream[" + routeName + ", " + kind.id() + ", " + baseUrl + "]";
  }
}
