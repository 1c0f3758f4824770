package org.airouter.limits;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.airouter.keys.ActiveKey;
import org.airouter.keys.Budget;
import org.airouter.keys.EndpointGroup;
import org.airouter.keys.LimitPolicy;
import org.airouter.keys.Limits;

/** Client keys as the hot path sees them, with fresh ids so tests sharing a Redis never share a counter. */
final class Keys {
  private Keys() {}

  static ActiveKey key(String team, LimitPolicy policy) {
    long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    return new ActiveKey(id, "key-" + id, "ar-x", null, true, List.of(), m -> true, EndpointGroup.ALL, team, policy);
  }

  static LimitPolicy limits(Long rpm, Long tpm, Long maxConcurrent) {
    return new LimitPolicy(new Limits(rpm, tpm, maxConcurrent), Map.of(), null);
  }

  static LimitPolicy budget(double usd, Budget.Period period) {
    return new LimitPolicy(Limits.NONE, Map.of(), new Budget(usd, period));
  }
}
