package dev.konflux.ecosystem.rpm.internal.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.konflux.ecosystem.api.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepositoryLayoutTest {
  private final RepositoryLayout layout = new RepositoryLayout(List.of("x86_64", "aarch64"), true);

  @Test
  void routesByArchitectureSourceAndDebug() throws Exception {
    assertEquals(List.of("x86_64"), layout.repositoriesFor(false, "hello", "x86_64", "p"));
    assertEquals(List.of("x86_64", "aarch64"), layout.repositoriesFor(false, "foo", "noarch", "p"));
    assertEquals(List.of("x86_64"), layout.repositoriesFor(false, "hello", "i686", "p"));
    assertEquals(List.of("source"), layout.repositoriesFor(true, "hello", "x86_64", "p"));
    assertEquals(
        List.of("aarch64-debug"), layout.repositoriesFor(false, "hello-debuginfo", "aarch64", "p"));
    assertEquals(
        List.of("x86_64-debug"), layout.repositoriesFor(false, "hello-debugsource", "x86_64", "p"));
    assertEquals(
        List.of("x86_64-debug", "aarch64-debug"),
        layout.repositoriesFor(false, "glibc-debuginfo-common", "noarch", "p"));
    assertEquals(List.of("x86_64"), layout.repositoriesFor(false, "debuginfod", "x86_64", "p"));
  }

  @Test
  void debugRepositoriesCanBeTurnedOff() throws Exception {
    RepositoryLayout flat = new RepositoryLayout(List.of("x86_64"), false);
    assertEquals(List.of("x86_64"), flat.repositoriesFor(false, "hello-debuginfo", "x86_64", "p"));
  }

  @Test
  void unconfiguredArchitectureIsRejected() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> layout.repositoriesFor(false, "hello", "s390x", "package hello"));
    assertEquals(true, e.getMessage().contains("s390x"));
    RepositoryLayout noX86 = new RepositoryLayout(List.of("aarch64"), true);
    assertThrows(
        InvalidInputException.class, () -> noX86.repositoriesFor(false, "hello", "i686", "p"));
    RepositoryLayout ownI686 = new RepositoryLayout(List.of("x86_64", "i686"), true);
    try {
      assertEquals(List.of("i686"), ownI686.repositoriesFor(false, "hello", "i686", "p"));
    } catch (InvalidInputException ex) {
      throw new AssertionError(ex);
    }
  }
}
