package org.airouter.prices;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.LocalDate;

/** One row of the price table: USD per million tokens of an upstream model (exact or glob), from a date on. */
@Entity
@Table(name = "price")
public class Price {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "price_seq")
  @SequenceGenerator(name = "price_seq", sequenceName = "price_seq", allocationSize = 50)
  private Long id;

  @Column(nullable = false, length = 200) private String model;
  @Column(length = 40) private String provider;
  @Column(name = "input_per_mtok", nullable = false) private double inputPerMTok;
  @Column(name = "cached_input_per_mtok") private Double cachedInputPerMTok;
  @Column(name = "output_per_mtok", nullable = false) private double outputPerMTok;
  @Column(name = "effective_from", nullable = false) private LocalDate effectiveFrom;
  @Version private long version;

  protected Price() {}   // for JPA

  Price(PriceSpec spec) { apply(spec); }

  void apply(PriceSpec spec) {
    model = spec.model();
    provider = spec.provider();
    inputPerMTok = spec.inputPerMTok();
    cachedInputPerMTok = spec.cachedInputPerMTok();
    outputPerMTok = spec.outputPerMTok();
    effectiveFrom = spec.effectiveFrom();
  }

  public Long id() { return id; }
  public long version() { return version; }
  public PriceSpec spec() {
    return new PriceSpec(model, provider, inputPerMTok, cachedInputPerMTok, outputPerMTok, effectiveFrom);
  }
}
