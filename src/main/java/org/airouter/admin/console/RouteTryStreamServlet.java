package org.airouter.admin.console;

import org.airouter.wire.JsonIo;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.airouter.probe.RouteProbe;
import org.airouter.secrets.ConstantTime;
import org.airouter.wire.OpenAiError;

/**
 * The streamed online test for console.js: POST (route, model, message) with the session's token in
 * {@code X-Console-Token}; answers NDJSON, one line per event, flushed as it comes: {@code start}, then one
 * {@code text} per piece of the answer, then {@code done} with status, timings, usage and the error, if any.
 * The request goes upstream through {@link RouteProbe} (JAX-RS client), exactly as the route would send it.
 * Blocking on purpose: one operator's test, not the hot path. The filter has already checked the session.
 */
@WebServlet(urlPatterns = "/console/test/stream")
public class RouteTryStreamServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject RouteProbe tests;

  @Override protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String expected = ConsoleSession.token(request);
    String presented = request.getHeader("X-Console-Token");
    if (expected == null || presented == null || !ConstantTime.equals(expected, presented)) {
      AccessFilter.refuse(response, OpenAiError.permissionDenied("This call needs the console page's token.", null));
      return;
    }
    request.setCharacterEncoding("UTF-8");
    String route = request.getParameter("route");
    String model = request.getParameter("model");
    String message = request.getParameter("message");
    response.setContentType("application/x-ndjson;charset=UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Accel-Buffering", "no");   // a fronting nginx must not hold the lines back
    OutputStream out = response.getOutputStream();
    RouteProbe.Result result;
    try {
      send(out, JsonIo.PROVIDER.createObjectBuilder().add("type", "start").build());
      result = tests.stream(model, route, message == null || message.isBlank() ? "Say hello." : message,
          RouteTryPage.MAX_TOKENS, piece -> send(out, JsonIo.PROVIDER.createObjectBuilder().add("type", "text").add("text", piece).build()));
    } catch (RouteProbe.NoRoute e) {
      send(out, JsonIo.PROVIDER.createObjectBuilder().add("type", "done").add("ok", false).add("status", 0)
          .add("error", e.getMessage()).build());
      return;
    } catch (UncheckedIOException browserLeft) {
      return;   // the operator closed the page; RouteProbe's stream is closed on the way out
    }
    JsonObjectBuilder done = JsonIo.PROVIDER.createObjectBuilder().add("type", "done").add("ok", result.ok())
        .add("route", result.route()).add("model", result.upstreamModel()).add("status", result.status())
        .add("firstTokenMs", result.firstByteMs()).add("totalMs", result.totalMs());
    if (result.usage() != null) done.add("usage", result.usage());
    if (result.error() != null) done.add("error", result.error());
    send(out, done.build());
  }

  private static void send(OutputStream out, JsonObject event) {
    try {
      out.write((event.toString() + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
