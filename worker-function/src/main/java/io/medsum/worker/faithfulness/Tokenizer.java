package io.medsum.worker.faithfulness;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a text into words, numbers, dates, symbols and boundaries, keeping every token's offsets in the original
 * string. Form is normalized here: case, typographic dashes and quotes, dotted abbreviations ("b.i.d." = "bid"),
 * numbers glued to units ("81mg" = 81 mg), thousands separators, "µg" = "ug", possessive "'s".
 */
final class Tokenizer {
    private final String s;
    private final List<Token> out = new ArrayList<>();
    private int i;

    private Tokenizer(String s) {
        this.s = s;
    }

    static List<Token> tokenize(String text) {
        Tokenizer t = new Tokenizer(text);
        t.run();
        return t.out;
    }

    private void run() {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                newline();
            } else if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                i++;
            } else if (isDigit(c) || c == '.' && i + 1 < n && isDigit(s.charAt(i + 1)) && !prevIsDigit()) {
                number();
            } else if (Character.isLetter(c)) {
                word();
            } else {
                symbol(c);
            }
        }
    }

    private boolean prevIsDigit() {
        return i > 0 && isDigit(s.charAt(i - 1));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void add(Token.Type type, int start, int end, String norm) {
        out.add(new Token(type, start, end, norm, false, false, false, null));
    }

    /** A line break ends a sentence when a blank line, a capital, a digit or a bullet follows it. */
    private void newline() {
        int start = i;
        int lines = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            if (s.charAt(i) == '\n') {
                lines++;
            }
            i++;
        }
        if (i >= s.length()) {
            return;
        }
        char next = s.charAt(i);
        boolean ends = lines > 1 || Character.isUpperCase(next) || isDigit(next) || next == '-' || next == '*'
                || next == '\u2022';
        if (ends && !out.isEmpty() && out.get(out.size() - 1).type != Token.Type.END) {
            add(Token.Type.END, start, start, "\n");
        }
    }

    private void symbol(char c) {
        int start = i++;
        switch (c) {
            case '.', '!', '?' -> {
                while (i < s.length() && (s.charAt(i) == '.' || s.charAt(i) == '!' || s.charAt(i) == '?')) {
                    i++;
                }
                add(Token.Type.END, start, i, ".");
            }
            case ';', ':' -> add(Token.Type.CLAUSE, start, i, String.valueOf(c));
            case ',' -> add(Token.Type.COMMA, start, i, ",");
            case '-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212' ->
                    add(Token.Type.SYMBOL, start, i, "-");
            case '%' -> add(Token.Type.SYMBOL, start, i, "%");
            case '\u00b0', '\u00ba' -> {
                if (i < s.length() && "FfCc".indexOf(s.charAt(i)) >= 0
                        && (i + 1 >= s.length() || !Character.isLetter(s.charAt(i + 1)))) {
                    char unit = Character.toLowerCase(s.charAt(i++));
                    add(Token.Type.SYMBOL, start, i, "\u00b0" + unit);
                } else {
                    add(Token.Type.SYMBOL, start, i, "\u00b0");
                }
            }
            case '\u00d7' -> out.add(new Token(Token.Type.WORD, start, i, "x", false, false, false, null));
            default -> {
                if (!Character.isISOControl(c)) {
                    add(Token.Type.SYMBOL, start, i, String.valueOf(c));
                }
            }
        }
    }

    private String digits() {
        int start = i;
        while (i < s.length() && isDigit(s.charAt(i))) {
            i++;
        }
        return s.substring(start, i);
    }

    private boolean at(int pos, char c) {
        return pos < s.length() && s.charAt(pos) == c;
    }

    private boolean digitAt(int pos) {
        return pos < s.length() && isDigit(s.charAt(pos));
    }

    private void number() {
        int start = i;
        StringBuilder whole = new StringBuilder(digits());
        // thousands separators: 1,000 and 12,500 (exactly three digits after each comma)
        while (at(i, ',') && digitAt(i + 1) && digitAt(i + 2) && digitAt(i + 3) && !digitAt(i + 4)
                && whole.length() > 0 && whole.length() <= 3) {
            i++;
            whole.append(digits());
        }
        String value = whole.length() == 0 ? "0" : whole.toString();
        if (at(i, '.') && digitAt(i + 1)) {
            i++;
            value = value + "." + digits();
        }
        if (at(i, '/') && digitAt(i + 1)) {
            int save = i;
            i++;
            String second = digits();
            if (at(i, '.') && digitAt(i + 1)) {
                i++;
                second = second + "." + digits();
            }
            if (at(i, '/') && digitAt(i + 1)) {
                i++;
                String third = digits();
                String iso = Dates.numeric(value, second, third);
                if (iso != null) {
                    add(Token.Type.DATE, start, i, iso);
                    ordinalSuffix();
                    return;
                }
                add(Token.Type.RATIO, start, i, canonical(value) + "/" + canonical(second) + "/" + canonical(third));
                return;
            }
            String monthYear = Dates.monthYear(value, second);
            if (monthYear != null) {
                add(Token.Type.DATE, start, i, monthYear);
                return;
            }
            if (second.isEmpty()) {
                i = save;
            } else {
                add(Token.Type.RATIO, start, i, canonical(value) + "/" + canonical(second));
                return;
            }
        }
        if (value.length() == 4 && at(i, '-') && digitAt(i + 1) && digitAt(i + 2) && at(i + 3, '-')
                && digitAt(i + 4) && digitAt(i + 5)) {
            String iso = Dates.iso(value, s.substring(i + 1, i + 3), s.substring(i + 4, i + 6));
            if (iso != null) {
                i += 6;
                add(Token.Type.DATE, start, i, iso);
                return;
            }
        }
        if (at(i, ':') && digitAt(i + 1) && digitAt(i + 2) && !digitAt(i + 3) && !value.contains(".")) {
            String minutes = s.substring(i + 1, i + 3);
            i += 3;
            add(Token.Type.TIME, start, i, Integer.parseInt(value) + ":" + minutes);
            return;
        }
        BigDecimal number = new BigDecimal(value.startsWith(".") ? "0" + value : value);
        out.add(new Token(Token.Type.NUMBER, start, i, canonical(number), false, false, false, number));
        ordinalSuffix();
    }

    /** "3rd", "14th": the suffix belongs to the number. */
    private void ordinalSuffix() {
        if (i + 1 < s.length()) {
            String two = s.substring(i, i + 2).toLowerCase(Locale.ROOT);
            boolean ordinal = two.equals("st") || two.equals("nd") || two.equals("rd") || two.equals("th");
            if (ordinal && (i + 2 >= s.length() || !Character.isLetterOrDigit(s.charAt(i + 2)))) {
                i += 2;
            }
        }
    }

    static String canonical(String decimal) {
        if (decimal.isEmpty()) {
            return decimal;
        }
        return canonical(new BigDecimal(decimal.startsWith(".") ? "0" + decimal : decimal));
    }

    static String canonical(BigDecimal d) {
        BigDecimal stripped = d.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0).toPlainString() : stripped.toPlainString();
    }

    private void word() {
        int start = i;
        int last = out.size() - 1;
        boolean hyphenated = last >= 1 && out.get(last).type == Token.Type.SYMBOL && out.get(last).end == start
                && out.get(last).start == start - 1 && isHyphen(s.charAt(start - 1))
                && out.get(last - 1).isWord() && out.get(last - 1).end == start - 1;
        if (hyphenated) {
            // the hyphen was emitted as a symbol: drop it, this word is glued to the previous one
            out.remove(out.size() - 1);
        }
        String dotted = dottedAbbreviation();
        if (dotted != null) {
            out.add(new Token(Token.Type.WORD, start, i, dotted, false, true, hyphenated, null));
            return;
        }
        StringBuilder norm = new StringBuilder();
        int capitals = 0;
        int lower = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                if (Character.isUpperCase(c)) {
                    capitals++;
                } else if (Character.isLowerCase(c)) {
                    lower++;
                }
                norm.append(c == '\u00b5' || c == '\u03bc' ? 'u' : Character.toLowerCase(c));
                i++;
            } else if ((c == '\'' || c == '\u2019') && i + 1 < s.length() && Character.isLetter(s.charAt(i + 1))) {
                norm.append('\'');
                i++;
            } else {
                break;
            }
        }
        String w = norm.toString();
        if (w.endsWith("'s")) {
            w = w.substring(0, w.length() - 2);
        }
        // "non-tender" is one word: the prefix negates the rest of it
        Token prev = out.isEmpty() ? null : out.get(out.size() - 1);
        if (hyphenated && prev != null && prev.norm.equals("non")) {
            out.remove(out.size() - 1);
            out.add(new Token(Token.Type.WORD, prev.start, i, "non" + w, prev.upper, false, prev.hyphenated, null));
            return;
        }
        // a letter-first run keeps its digits ("q8h", "b12"); "x3" is the multiplier x and 3
        if (w.length() >= 2 && w.charAt(0) == 'x' && w.substring(1).chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            out.add(new Token(Token.Type.WORD, start, start + 1, "x", false, false, hyphenated, null));
            BigDecimal v = new BigDecimal(w.substring(1));
            out.add(new Token(Token.Type.NUMBER, start + 1, i, canonical(v), false, false, false, v));
            return;
        }
        out.add(new Token(Token.Type.WORD, start, i, w, capitals >= 2 && lower == 0, false, hyphenated, null));
    }

    private static boolean isHyphen(char c) {
        return c == '-' || c == '\u2010' || c == '\u2011';
    }

    /** "b.i.d.", "p.o.", "q.8h.", "a.m.": segments of one or two letters or digits, each followed by a dot. */
    private String dottedAbbreviation() {
        int j = i;
        StringBuilder b = new StringBuilder();
        int segments = 0;
        while (j < s.length()) {
            int segStart = j;
            while (j < s.length() && Character.isLetterOrDigit(s.charAt(j)) && j - segStart < 3) {
                j++;
            }
            int len = j - segStart;
            if (len == 0 || len > 2 || j >= s.length() || s.charAt(j) != '.') {
                break;
            }
            b.append(s, segStart, j);
            j++;
            segments++;
            if (j >= s.length() || !Character.isLetterOrDigit(s.charAt(j))) {
                break;
            }
        }
        if (segments < 2) {
            return null;
        }
        i = j;
        return b.toString().toLowerCase(Locale.ROOT);
    }
}
