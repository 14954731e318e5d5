package io.medsum.worker.faithfulness;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Calendar dates in any of the usual forms, normalized to ISO: 03/14/2024, 3/14/24, 2024-03-14, March 14, 2024, 14
 * March 2024, Mar 14th 2024 all become 2024-03-14; "March 2024" and 03/2024 become 2024-03. Numeric dates are read
 * month first (US usage). Two-digit years are 19xx above 50 and 20xx otherwise, the same in both texts.
 */
final class Dates {
    private static final Map<String, Integer> MONTHS = new HashMap<>();

    static {
        for (Month m : Month.values()) {
            MONTHS.put(m.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT), m.getValue());
            MONTHS.put(m.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT), m.getValue());
        }
        MONTHS.put("sept", 9);
    }

    private Dates() {}

    static String numeric(String month, String day, String year) {
        return iso(year, month, day);
    }

    static String iso(String year, String month, String day) {
        try {
            int y = year(year);
            if (y < 0) {
                return null;
            }
            return LocalDate.of(y, Integer.parseInt(month), Integer.parseInt(day))
                    .toString();
        } catch (NumberFormatException | DateTimeException e) {
            return null;
        }
    }

    static String monthYear(String month, String year) {
        try {
            int m = Integer.parseInt(month);
            if (year.length() != 4 || m < 1 || m > 12 || month.contains(".")) {
                return null;
            }
            return String.format(Locale.ROOT, "%s-%02d", year, m);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int year(String y) {
        if (y.contains(".")) {
            return -1;
        }
        int v = Integer.parseInt(y);
        if (y.length() == 2) {
            return v > 50 ? 1900 + v : 2000 + v;
        }
        return y.length() == 4 ? v : -1;
    }

    /** The month a word names (full or three-letter name), or 0. */
    static int month(String word) {
        return MONTHS.getOrDefault(word, 0);
    }

    /**
     * A date written with a month name starting at token {@code at}: returns {end token (exclusive), iso} or null.
     * "May" needs a day or year after it to count as a month.
     */
    static Object[] named(List<Token> tokens, int at) {
        Token t = tokens.get(at);
        int month = t.isWord() ? month(t.norm) : 0;
        if (month > 0) {
            int j = at + 1;
            Token dot = j < tokens.size() ? tokens.get(j) : null;
            if (dot != null && dot.type == Token.Type.END && dot.end - dot.start == 1 && t.norm.length() == 3) {
                j++; // "Mar. 14"
            }
            Integer day = j < tokens.size() ? small(tokens.get(j), 31) : null;
            if (day != null) {
                j++;
                if (j < tokens.size() && tokens.get(j).type == Token.Type.COMMA) {
                    j++;
                }
                Integer year = j < tokens.size() ? fourDigitYear(tokens.get(j)) : null;
                if (year != null) {
                    return safe(j + 1, year, month, day);
                }
                return new Object[] {
                    j - (tokens.get(j - 1).type == Token.Type.COMMA ? 1 : 0),
                    String.format(Locale.ROOT, "--%02d-%02d", month, day)
                };
            }
            Integer year = j < tokens.size() ? fourDigitYear(tokens.get(j)) : null;
            if (year != null) {
                return new Object[] {j + 1, String.format(Locale.ROOT, "%d-%02d", year, month)};
            }
            return null;
        }
        Integer day = small(t, 31);
        if (day != null && at + 2 < tokens.size()) {
            Token m = tokens.get(at + 1);
            int mm = m.isWord() ? month(m.norm) : 0;
            Integer year = fourDigitYear(tokens.get(at + 2));
            if (mm > 0 && year != null) {
                return safe(at + 3, year, mm, day);
            }
        }
        return null;
    }

    private static Object[] safe(int end, int year, int month, int day) {
        try {
            return new Object[] {end, LocalDate.of(year, month, day).toString()};
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static Integer small(Token t, int max) {
        if (t.type != Token.Type.NUMBER
                || t.number.scale() > 0
                || t.number.signum() <= 0
                || t.number.intValue() > max
                || t.norm.contains(".")) {
            return null;
        }
        return t.number.intValue();
    }

    private static Integer fourDigitYear(Token t) {
        if (t.type != Token.Type.NUMBER || t.norm.length() != 4 || t.norm.contains(".")) {
            return null;
        }
        int y = t.number.intValue();
        return y >= 1900 && y <= 2100 ? y : null;
    }
}
