package org.airouter.prices;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.airouter.provider.ProviderKind;
import org.airouter.validation.Problem;
import org.airouter.validation.Sizes;

/**
 * A price as the config file and the admin API write it: {@code model} exact or glob ({@code *}, {@code ?}),
 * {@code provider} null for any, USD per million tokens; {@code cachedInputPerMTok} null means cached input tokens
 * cost what other input tokens cost; {@code effectiveFrom} null means since always.
 */
public record PriceSpec(String model, String provider, double inputPerMTok, Double cachedInputPerMTok,
                        double outputPerMTok, LocalDate effectiveFrom) {
  public static final LocalDate ALWAYS = LocalDate.of(2000, 1, 1);

  public PriceSpec {
    model = model == null ? null : model.trim();
    provider = provider == null || provider.isBlank() ? null : provider.trim().toLowerCase(Locale.ROOT);
    effectiveFrom = effectiveFrom == null ? ALWAYS : effectiveFrom;
  }

  public List<Problem> problems() {
    List<Problem> problems = new ArrayList<>();
    if (model == null || model.isEmpty()) problems.add(new Problem("model", "must not be blank"));
    else if (model.length() > Sizes.MODEL) problems.add(new Problem("model", Sizes.atMost(Sizes.MODEL)));
    if (provider != null && ProviderKind.byId(provider).isEmpty()) {
      problems.add(new Problem("provider", "'" + provider + "' is not a known provider"));
    }
    price(problems, "inputPerMTok", inputPerMTok);
    if (cachedInputPerMTok != null) price(problems, "cachedInputPerMTok", cachedInputPerMTok);
    price(problems, "outputPerMTok", outputPerMTok);
    return problems;
  }

  private static void price(List<Problem> problems, String field, double value) {
    if (!(value >= 0) || value > 1e6) {
      problems.add(new Problem(field, "must be a number of USD per million tokens, 0 to 10^6"));
    }
  }
}
