package org.airouter.admin.console;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A page that sends the browser on to another URL by itself (a meta refresh, so no script under the console's CSP),
 * for the two hops a redirect cannot make. After the form post of "Sign out", a redirect to the identity provider
 * would break the CSP's {@code form-action 'self'}; a page that navigates is a new navigation. And a return from the
 * identity provider is a cross-site navigation that carries no SameSite=Strict session cookie: the same URL, asked
 * again from our own page, is same-site and carries it.
 */
final class MetaRefresh {
  private MetaRefresh() {}

  static void send(HttpServletResponse response, String url, String text) throws IOException {
    String href = escape(url);
    byte[] body = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"referrer\" "
        + "content=\"no-referrer\"><meta http-equiv=\"refresh\" content=\"0;url=" + href + "\"><title>" + escape(text)
        + " · ai-router</title></head><body><p>" + escape(text) + " <a id=\"continue\" href=\"" + href
        + "\">Continue</a></p></body></html>").getBytes(StandardCharsets.UTF_8);
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("text/html;charset=UTF-8");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("'", "&#39;");
  }
}
