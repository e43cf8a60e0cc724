package dev.konflux.ecosystem.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SnapshotTest {
  @Test
  void parsesKonfluxSnapshot() throws Exception {
    String json =
        """
        {"application":"app","components":[{"name":"rpms","containerImage":"quay.io/ns/rpms@sha256:%s",
         "source":{"git":{"url":"https://github.com/x/y","revision":"abc"}}}]}"""
            .formatted("1".repeat(64));
    Snapshot s = Snapshot.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    assertEquals("app", s.application());
    assertEquals("rpms", s.components().get(0).name());
    assertEquals("https://github.com/x/y", s.components().get(0).gitUrl().orElseThrow());
  }

  @Test
  void rejectsDuplicateAndMissingFields() {
    for (String bad :
        new String[] {
          "{}",
          "{\"application\":\"a\",\"components\":[]}",
          "{\"application\":\"a\",\"components\":[{\"name\":\"x\"}]}",
          "{\"application\":\"a\",\"components\":[{\"name\":\"x\",\"containerImage\":\"q.io/a:b\"},{\"name\":\"x\",\"containerImage\":\"q.io/a:b\"}]}"
        }) {
      assertThrows(
          InvalidInputException.class,
          () -> Snapshot.parse(new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8))),
          bad);
    }
  }

  @Property
  void arbitraryBytesGiveOnlyTypedErrors(@ForAll @Size(max = 1024) byte[] bytes) throws Exception {
    try {
      Snapshot.parse(new ByteArrayInputStream(bytes));
    } catch (InvalidInputException expected) {
      // the only allowed failure
    }
  }
}
