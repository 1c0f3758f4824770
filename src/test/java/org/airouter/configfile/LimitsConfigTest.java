package org.airouter.configfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.airouter.keys.Budget;
import org.airouter.keys.ClientKey;
import org.airouter.keys.LimitPolicy;
import org.airouter.keys.Limits;
import org.airouter.keys.TeamService;
import org.airouter.prices.PriceService;
import org.airouter.prices.PriceSpec;
import org.airouter.testing.DatabaseTarget;
import org.airouter.testing.PerDatabase;
import org.airouter.testing.RouterParts;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Teams, prices and a key's limits and budget: read from the file, stored, exported in the same names. */
@Tag("db")
class LimitsConfigTest {
  @RegisterExtension static final PerDatabase DATABASES = new PerDatabase();

  static final String FILE = """
      {"clientKeys": [{"name": "alice", "key": "ar-alice-000001", "team": "research",
          "limits": {"rpm": 60, "tpm": 100000, "maxConcurrent": 4},
          "modelLimits": {"gpt-4o*": {"rpm": 10}},
          "budget": {"usd": 50, "period": "month"}}],
       "teams": [{"name": "research", "limits": {"rpm": 600}, "budget": {"usd": 500.5, "period": "day"}}],
       "prices": [{"model": "gpt-4o*", "provider": "openai", "inputPerMTok": 2.5, "cachedInputPerMTok": 1.25,
          "outputPerMTok": 10, "effectiveFrom": "2026-01-01"}]}""";

  static final LimitPolicy ALICE = new LimitPolicy(new Limits(60L, 100_000L, 4L),
      Map.of("gpt-4o*", new Limits(10L, null, null)), new Budget(50, Budget.Period.MONTH));

  @Test
  void parsesTheIssuesNames() {
    ConfigDocument doc = ConfigFileParser.parse(FILE);
    assertEquals(List.of(), doc.problems());
    assertEquals("research", doc.clientKeys().get(0).spec().team());
    assertEquals(ALICE, doc.clientKeys().get(0).spec().policy());
    assertEquals(new LimitPolicy(new Limits(600L, null, null), Map.of(), new Budget(500.5, Budget.Period.DAY)),
        doc.teams().get(0).spec().policy());
    assertEquals(new PriceSpec("gpt-4o*", "openai", 2.5, 1.25, 10, LocalDate.of(2026, 1, 1)),
        doc.prices().get(0).spec());
  }

  @Test
  void badLimitsAreReportedWithTheirPlaceAndSkipped() {
    ConfigDocument doc = ConfigFileParser.parse("""
        {"clientKeys": [{"name": "a", "key": "ar-a-00000001", "limits": {"rpm": 0}},
                        {"name": "b", "key": "ar-b-00000001", "limits": {"rpn": 5}},
                        {"name": "c", "key": "ar-c-00000001", "budget": {"usd": 5, "period": "week"}},
                        {"name": "d", "key": "ar-d-00000001", "limits": {"tpm": 1.5}}],
         "teams": [{"name": "", "limits": {}}],
         "prices": [{"model": "m", "inputPerMTok": -1, "outputPerMTok": 1},
                    {"model": "m", "provider": "nope", "inputPerMTok": 1, "outputPerMTok": 1},
                    {"model": "m", "inputPerMTok": 1, "outputPerMTok": 1, "effectiveFrom": "soon"}]}""");
    assertEquals(List.of(), doc.clientKeys());
    assertEquals(List.of(), doc.teams());
    assertEquals(List.of(), doc.prices());
    String all = String.join("\n", doc.problems());
    for (String expected : List.of("clientKeys[0] (client key 'a'): limits.rpm: must be a whole number from 1",
        "clientKeys[1] (client key 'b'): limits.rpn: unknown; use rpm, tpm or maxConcurrent",
        "clientKeys[2] (client key 'c'): budget.period: 'week' is not day, month or total",
        "clientKeys[3] (client key 'd'): limits.tpm: must be a whole number", "teams[0]: name: must not be blank",
        "prices[0]: inputPerMTok: must be a number", "prices[1]: provider: 'nope' is not a known provider",
        "prices[2]: effectiveFrom: must be a date such as 2026-01-01")) {
      assertTrue(all.contains(expected), expected + " in\n" + all);
    }
  }

  @ParameterizedTest
  @MethodSource("org.airouter.testing.DatabaseTarget#all")
  void importStoresAndExportGivesBackTheSameDocument(DatabaseTarget target) {
    RouterParts parts = DATABASES.clean(target);
    TeamService teams = new TeamService(parts.jpa(), () -> { });
    PriceService prices = new PriceService(parts.jpa(), () -> { });
    ConfigTransfer transfer = new ConfigTransfer(parts.jpa(), parts.routes(), parts.keys(), parts.secrets().box(),
        teams, prices);
    ConfigTransfer.Imported imported = transfer.importDocument(ConfigFileParser.parse(FILE));
    assertEquals(List.of(), imported.report().problems());

    ClientKey alice = parts.keys().all().get(0);
    assertEquals("research", alice.team());
    assertEquals(ALICE, alice.policy());
    teams.reload();
    assertEquals(new Limits(600L, null, null), teams.policy("research").limits());

    JsonObject exported = transfer.export(false);
    ConfigDocument again = ConfigFileParser.parse(exported.toString().replace("\"name\":\"alice\"",
        "\"name\":\"alice\",\"key\":\"ar-alice-000001\""));
    assertEquals(List.of(), again.problems());
    assertEquals(ALICE, again.clientKeys().get(0).spec().policy());
    assertEquals(1, again.teams().size());
    assertEquals(1, again.prices().size());
    ConfigDiff diff = transfer.diff(again);
    assertEquals(3, diff.count(ConfigDiff.Kind.UNCHANGED), diff.toString());
    // importing the same file again changes nothing: one price row, not two
    transfer.importDocument(ConfigFileParser.parse(FILE));
    assertEquals(1, prices.all().size());
  }
}
