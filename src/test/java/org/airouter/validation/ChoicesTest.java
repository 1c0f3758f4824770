package org.airouter.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.airouter.keys.Budget;
import org.airouter.provider.ProviderKind;
import org.airouter.routing.MatchKind;
import org.junit.jupiter.api.Test;

/**
 * The enumerations' ids are written once as constants (a Bean Validation pattern must be one): they stay the enum's
 * values, so a new provider, match kind or budget period cannot be left out of the admin API's check or a message.
 */
class ChoicesTest {

  private static <E extends Enum<E>> void sameAsValues(E[] values, Function<E, String> id, String ids, String choices) {
    List<String> all = Arrays.stream(values).map(id).toList();
    assertEquals(String.join("|", all), ids);
    String words = all.size() == 1 ? all.get(0)
        : all.subList(0, all.size() - 1).stream().collect(Collectors.joining(", ")) + " or " + all.get(all.size() - 1);
    assertEquals(words, choices);
  }

  @Test void providerIdsAreTheProviderKinds() {
    sameAsValues(ProviderKind.values(), ProviderKind::id, ProviderKind.IDS, ProviderKind.CHOICES);
  }

  @Test void matchIdsAreTheMatchKinds() {
    sameAsValues(MatchKind.values(), MatchKind::id, MatchKind.IDS, MatchKind.CHOICES);
  }

  @Test void periodIdsAreTheBudgetPeriods() {
    sameAsValues(Budget.Period.values(), Budget.Period::id, Budget.Period.IDS, Budget.Period.CHOICES);
  }
}
