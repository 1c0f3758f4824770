package org.airouter.admin.api;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Comparator;
import java.util.List;
import org.airouter.validation.Problem;

/** Bean Validation failures: 400 naming the field ("name: must not be blank"). */
@Provider
public class ValidationErrorMapper implements ExceptionMapper<ConstraintViolationException> {

  @Override public Response toResponse(ConstraintViolationException e) {
    List<Problem> problems = e.getConstraintViolations().stream()
        .map(v -> new Problem(field(v), v.getMessage())).sorted(Comparator.comparing(Problem::toString)).toList();
    return Errors.response(Errors.invalid(problems.isEmpty() ? List.of(new Problem("body", "invalid")) : problems));
  }

  /** "create.input.name" → "name"; "create.input.allowedModels[0].<list element>" → "allowedModels[0]"; a missing body → "body". */
  private static String field(ConstraintViolation<?> violation) {
    String field = null;
    int depth = 0;
    for (Path.Node node : violation.getPropertyPath()) {
      depth++;
      if (node.getKind() == ElementKind.PROPERTY) {
        field = field == null ? node.getName() : field + "." + node.getName();
      } else if (node.getKind() == ElementKind.CONTAINER_ELEMENT && field != null
          && node.getIndex() != null) {
        field = field + "[" + node.getIndex() + "]";
      } else if (node.getKind() == ElementKind.PROPERTY && node.getIndex() != null) {
        field = field + "[" + node.getIndex() + "]";
      }
    }
    return field != null ? field : depth <= 2 ? "body" : "value";
  }
}
