package org.airouter.prices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.airouter.usage.Cost;
import org.airouter.usage.Tokens;
import org.junit.jupiter.api.Test;

class PriceTableTest {
  static final Instant JAN = Instant.parse("2026-01-15T12:00:00Z");
  static final Instant JUL = Instant.parse("2026-07-15T12:00:00Z");

  final PriceTable table = PriceTable.of(List.of(
      new PriceSpec("gpt-4o*", null, 5, null, 15, null),
      new PriceSpec("gpt-4o*", "openai", 2.5, 1.25, 10, LocalDate.of(2026, 1, 1)),
      new PriceSpec("gpt-4o*", "openai", 2, 1.0, 8, LocalDate.of(2026, 6, 1)),
      new PriceSpec("gpt-4o-mini", null, 0.15, 0.075, 0.6, null)));

  @Test
  void exactBeforeGlobProviderBeforeAnyLatestStartedFirst() {
    assertEquals(0.15, table.find("openai", "gpt-4o-mini", JAN).inputPerMTok());
    assertEquals(2.5, table.find("openai", "gpt-4o", JAN).inputPerMTok());
    assertEquals(2, table.find("openai", "gpt-4o", JUL).inputPerMTok(), "a later row takes over on its date");
    assertEquals(5, table.find("azure", "gpt-4o", JUL).inputPerMTok(), "another provider: the row for any");
    assertEquals(5, table.find("openai", "gpt-4o", Instant.parse("2025-12-31T23:00:00Z")).inputPerMTok(),
        "before the provider's first row began");
    assertNull(table.find("openai", "o1", JAN));
  }

  @Test
  void costCountsCachedInputAtItsOwnPriceInBillionthsOfAUsd() {
    // 1000 prompt tokens, 400 of them cached, 200 completion: 600*2.5 + 400*1.25 + 200*10 = 4000 USD/M = 0.004 USD
    Cost cost = table.cost("openai", "gpt-4o", new Tokens(1000, 200, 400, 0), JAN);
    assertTrue(cost.priced());
    assertEquals(4_000_000, cost.nanos());
    // without a cached price, cached tokens cost what input costs
    assertEquals(1000 * 5_000L + 200 * 15_000L, table.cost("azure", "gpt-4o", new Tokens(1000, 200, 400, 0), JAN).nanos());
  }

  @Test
  void aModelWithoutAPriceCostsNothingAndIsFlagged() {
    Cost cost = table.cost("openai", "o1", new Tokens(10, 10, 0, 0), JAN);
    assertFalse(cost.priced());
    assertEquals(0, cost.nanos());
  }
}
