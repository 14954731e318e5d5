package io.medsum.common.validation;

/** The rules every free text the API accepts follows (report text, metadata values, review comments). */
public final class TextRules {
    private TextRules() {}

    /**
     * Control characters (Unicode category Cc) other than tab, CR and LF: C0, DEL, and C1 such as U+0085 NEL and U+009B
     * CSI, which terminals read as an escape just like ESC [.
     */
    public static boolean hasForbiddenControlCharacters(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.getType(c) == Character.CONTROL && c != '\t' && c != '\n' && c != '\r') {
                return true;
            }
        }
        return false;
    }

    /**
     * Blank in the Unicode sense, not only {@link String#isBlank()}'s: whitespace and space separators (including the
     * no-break spaces U+00A0, U+2007, U+202F that {@code isBlank} keeps) and invisible format characters (zero-width
     * space U+200B, byte order mark U+FEFF, word joiner U+2060, ...).
     */
    public static boolean hasNoVisibleCharacter(String s) {
        return s.codePoints()
                .allMatch(cp -> Character.isWhitespace(cp)
                        || Character.isSpaceChar(cp)
                        || Character.getType(cp) == Character.FORMAT);
    }

    public static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
