package org.airouter.health;

import org.airouter.wire.JsonIo;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code /health/live}: the process answers. {@code /health/ready}: it can serve (503 otherwise). JSON, no auth. */
@WebServlet(urlPatterns = {"/health/live", "/health/ready"})
public class HealthServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject Health health;

  @Override protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    JsonObject body;
    int status;
    if (request.getServletPath().endsWith("/live")) {
      body = JsonIo.PROVIDER.createObjectBuilder().add("status", "UP").build();
      status = 200;
    } else {
      Health.Readiness r = health.readiness();
      status = r.ready() ? 200 : 503;
      body = JsonIo.PROVIDER.createObjectBuilder().add("status", r.ready() ? "UP" : "DOWN")
          .add("checks", JsonIo.PROVIDER.createObjectBuilder()
              .add("database", r.database() ? "UP" : "DOWN")
              .add("config", r.config() ? "UP" : "DOWN")
              .add("draining", r.draining() ? "DOWN" : "UP"))   // DOWN: shutdown began, the instance is leaving
          .build();
    }
    response.setStatus(status);
    response.setContentType("application/json");
    response.setHeader("Cache-Control", "no-store");
    response.getOutputStream().write(body.toString().getBytes(StandardCharsets.UTF_8));
  }
}
