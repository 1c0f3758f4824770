package org.airouter.persistence;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Named values that every instance on this database must agree with (table {@code instance_check}): check values of
 * the server secrets, the hash of the config file last applied. Each row says which instance wrote it.
 */
public final class InstanceChecks {
  private final Jpa jpa;

  public InstanceChecks(Jpa jpa) { this.jpa = jpa; }

  public record Check(String value, String writtenBy, Instant writtenAt) {}

  public Optional<Check> read(String name) {
    return jpa.read(em -> em.createNativeQuery(
            "select check_value, written_by, written_at from instance_check where name = ?1")
        .setParameter(1, name).getResultStream().findFirst().map(InstanceChecks::check));
  }

  /** Writes the value unless a row of that name exists; false when one did (another instance was first). */
  public boolean insert(String name, String value, String writtenBy) {
    try {
      jpa.run(em -> em.createNativeQuery("insert into instance_check (name, check_value, written_by, written_at)"
              + " values (?1, ?2, ?3, ?4)")
          .setParameter(1, name).setParameter(2, value).setParameter(3, clip(writtenBy))
          .setParameter(4, Timestamp.from(Instant.now())).executeUpdate());
      return true;
    } catch (RuntimeException e) {
      if (read(name).isPresent()) return false;   // the primary key refused it: someone else's row is there
      throw e;
    }
  }

  /** Writes the value, replacing any row of that name. */
  public void put(String name, String value, String writtenBy) {
    int updated = jpa.inTransaction(em -> em.createNativeQuery(
            "update instance_check set check_value = ?2, written_by = ?3, written_at = ?4 where name = ?1")
        .setParameter(1, name).setParameter(2, value).setParameter(3, clip(writtenBy))
        .setParameter(4, Timestamp.from(Instant.now())).executeUpdate());
    if (updated == 0 && !insert(name, value, writtenBy)) put(name, value, writtenBy);
  }

  private static Check check(Object row) {
    Object[] columns = (Object[]) row;
    Object at = columns[2];
    Instant writtenAt = at instanceof Timestamp t ? t.toInstant()
        : at instanceof OffsetDateTime o ? o.toInstant()
        : at instanceof LocalDateTime l ? l.toInstant(ZoneOffset.UTC)
        : at instanceof Instant i ? i : Instant.EPOCH;
    return new Check(columns[0].toString(), columns[1].toString(), writtenAt);
  }

  private static String clip(String s) { return s.length() <= 500 ? s : s.substring(0, 500); }
}
