package org.airouter.metrics;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.airouter.config.Settings;
import org.airouter.secrets.ConstantTime;
import org.airouter.wire.OpenAiError;

/** Prometheus' scrape target. Open unless {@code airouter.metrics-token} is set; then it needs that Bearer token. */
@WebServlet(urlPatterns = "/metrics")
public class MetricsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject Metrics metrics;
  private String token;

  @Override public void init() { token = Settings.fromEnvironment().get("airouter.metrics-token").orElse(null); }

  @Override protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (token != null) {
      String header = request.getHeader("Authorization");
      String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
      if (!ConstantTime.equals(token, presented)) {
        OpenAiError error = OpenAiError.unauthorized(
            "/metrics needs the metrics token (Authorization: Bearer …).", "invalid_api_key");
        response.setStatus(401);
        response.setContentType("application/json");
        response.getOutputStream().write(error.toBytes());
        return;
      }
    }
    response.setContentType("text/plain; version=0.0.4; charset=utf-8");
    response.setHeader("Cache-Control", "no-store");
    response.getOutputStream().write(metrics.scrape().getBytes(StandardCharsets.UTF_8));
  }
}
