package org.airouter.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The console over plain HTTP, no browser: GETs and form posts as a session cookie's holder, redirects not followed
 * (a test checks where they point). For what a browser would not let a test send: forged posts, other roles' actions.
 */
public final class ConsoleForms {
  private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private final URL base;

  private ConsoleForms(URL base) { this.base = base; }

  public static ConsoleForms at(URL base) { return new ConsoleForms(base); }

  /** @param cookie "JSESSIONID=…", or null for none */
  public HttpResponse<String> get(String path, String cookie) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (cookie != null) request.header("Cookie", cookie);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A urlencoded form post, as a Faces form submits it. */
  public HttpResponse<String> post(String path, String cookie, Map<String, String> form)
      throws IOException, InterruptedException {
    String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
    if (cookie != null) request.header("Cookie", cookie);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Signs in through the login form as a browser would post it.
   *
   * @param user a console user's name, or null to leave the field out (the bootstrap admin's form)
   * @return the session cookie ("JSESSIONID=…"), or null when refused
   */
  public String signIn(String user, String password) throws IOException, InterruptedException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("login", "login");
    if (user != null) form.put("login:user", user);
    form.put("login:password", password);
    form.put("login:signin", "Sign in");
    form.put("jakarta.faces.ViewState", "stateless");
    HttpResponse<String> answer = post("login.xhtml", null, form);
    if (answer.statusCode() != 302 && answer.statusCode() != 303) return null;
    return answer.headers().firstValue("Set-Cookie").map(c -> c.substring(0, c.indexOf(';'))).orElse(null);
  }
}
