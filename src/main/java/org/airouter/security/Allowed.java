package org.airouter.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The least role an admin API method (or every method of a resource class) needs. A method without it, on a class
 * without it, is for {@link Role#ADMIN} only: a new resource is closed until someone decides otherwise.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Allowed {
  Role value();
}
