package dev.konflux.ecosystem.serve.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exempts one class or method from forbidden-apis (configured as this module's {@code
 * suppressAnnotation}); every use says why.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface SuppressForbidden {
  /**
   * @return why the forbidden API is needed here
   */
  String reason();
}
