package org.airouter.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.airouter.persistence.Database;
import org.airouter.persistence.Jpa;
import org.airouter.persistence.Migrations;
import org.airouter.testing.DatabaseTarget;
import org.airouter.testing.ScratchDatabase;
import org.junit.jupiter.api.Test;

/** Scrubbing by name and by shape, paging and filters, JSON lines, and retention, on H2. */
class AuditLogTest {
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  @Test void secretsGoByNameAndByShapeAndTheRestStays() {
    String scrubbed = AuditScrub.scrub(Json.createObjectBuilder().add("name", "r1").add("apiKey", "anything-at-all")
        .add("hasApiKey", true).add("headers", Json.createObjectBuilder().add("X-Auth", "hdr-1"))
        .add("login:password", "pw-123456789").add("note", "sk-proj-abcdefghijklmnop1234 was pasted").build()).toString();
    assertTrue(scrubbed.contains("\"name\":\"r1\""), scrubbed);
    assertTrue(scrubbed.contains("\"hasApiKey\":true"), scrubbed);
    for (String secret : List.of("anything-at-all", "hdr-1", "pw-123456789", "sk-proj-abcdefghijklmnop1234")) {
      assertFalse(scrubbed.contains(secret), secret + " in " + scrubbed);
    }
  }

  @Test void eventsPageNewestFirstFilterExportAsLinesAndExpireAfterTheRetention() throws Exception {
    try (ScratchDatabase scratch = DatabaseTarget.H2.create(); Database database = scratch.pooled()) {
      Migrations.migrate(database);
      try (Jpa jpa = new Jpa(database, List.of(AuditEvent.class))) {
        AuditLog old = new AuditLog(jpa, 30, Clock.fixed(NOW.minus(Duration.ofDays(31)), ZoneOffset.UTC));
        old.record("admin", "10.0.0.1", "routes.create", "routes", "1", null);
        AuditLog log = new AuditLog(jpa, 30, Clock.fixed(NOW, ZoneOffset.UTC));
        log.record("user:bob", "10.0.0.2", "teams.create", "teams", "2",
            Json.createObjectBuilder().add("after", Json.createObjectBuilder().add("password", "p4ssw0rd-x")).build());
        log.record("admin", "10.0.0.1", "signin.failed", "admin-api", null, null);

        AuditLog.Page page = log.page(AuditLog.Filter.ALL, 0, 2);
        assertEquals(3, page.total());
        assertEquals("signin.failed", page.events().get(0).action(), "newest first");
        assertEquals(1, log.page(new AuditLog.Filter("user:bob", null, null, null, null, null), 0, 50).total());
        assertEquals(2, log.page(new AuditLog.Filter(null, null, null, "10.0.0.1", null, null), 0, 50).total());
        assertEquals(2, log.page(new AuditLog.Filter(null, null, null, null, NOW.minusSeconds(1), null), 0, 50).total());

        StringWriter lines = new StringWriter();
        log.export(AuditLog.Filter.ALL, lines);
        String[] split = lines.toString().split("\n");
        assertEquals(3, split.length);
        assertTrue(split[0].contains("routes.create"), "oldest first: " + split[0]);
        assertFalse(lines.toString().contains("p4ssw0rd-x"));

        assertEquals(1, log.purge(), "only the event older than 30 days goes");
        assertEquals(2, log.page(AuditLog.Filter.ALL, 0, 50).total());
        assertEquals(0, new AuditLog(jpa, 0, Clock.fixed(NOW.plus(Duration.ofDays(999)), ZoneOffset.UTC)).purge(),
            "retention 0 keeps everything");
      }
    }
  }
}
