package org.airouter.testing;

import java.lang.reflect.Field;

/** For unit tests that build entities without a database: the id the database would have given. */
public final class Entities {
  private Entities() {}

  public static <T> T withId(T entity, long id) {
    try {
      Field field = entity.getClass().getDeclaredField("id");
      field.setAccessible(true);
      field.set(entity, id);
      return entity;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot set the id of " + entity.getClass().getName(), e);
    }
  }
}
