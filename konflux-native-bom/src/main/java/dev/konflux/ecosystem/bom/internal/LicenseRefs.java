package dev.konflux.ecosystem.bom.internal;

/** Turns a licence name that is no SPDX id into an SPDX {@code LicenseRef-} id. */
final class LicenseRefs {
  private LicenseRefs() {}

  static String of(String name) {
    StringBuilder b = new StringBuilder("LicenseRef-");
    for (int i = 0; i < name.length() && b.length() < 128; i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '-';
      b.append(ok ? c : '-');
    }
    return b.toString();
  }
}
