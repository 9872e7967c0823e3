package dev.sentinelforwarder.table;

/** UTF-8 length and truncation of Java strings without encoding them. */
final class Utf8 {
    private Utf8() {
    }

    /**
     * The longest prefix of {@code s} whose UTF-8 encoding fits in {@code maxBytes}, never splitting a
     * surrogate pair; {@code s} itself when it already fits.
     */
    static String truncate(String s, int maxBytes) {
        if (s.length() <= maxBytes / 3) {
            return s; // even all 3-byte characters fit: skip the scan
        }
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int width;
            if (c < 0x80) {
                width = 1;
            } else if (c < 0x800) {
                width = 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                width = 4;
            } else {
                width = 3;
            }
            if (bytes + width > maxBytes) {
                return s.substring(0, i);
            }
            bytes += width;
            if (width == 4) {
                i++;
            }
        }
        return s;
    }
}
