package io.medsum.worker.faithfulness;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dosing frequencies and timings in canonical form, so that BID = b.i.d. = twice daily = two times a day = every 12
 * hours = q12h ("2/d"). Canonical forms: "N/d", "N/wk", "N/mo", "qNh" (intervals that do not divide a day), "qNmin",
 * "qod", "hs" (bedtime, nightly), "am", "pm", "prn", "ac"/"pc"/"c" (before, after, with meals, optionally "-breakfast"
 * ...). The HL7 codes (BID, QHS, Q8H ...) come from hl7-dosing-codes.tsv; their definitions are read with the same
 * grammar ({@link #canonicalOfDefinition}), so no code is mapped by hand.
 */
final class Frequencies {
    private static final Pattern Q_CODE = Pattern.compile("q(\\d+)(h|hr|hrs|hour|hours|d|day|days|w|wk|wks|min)");
    private static final Map<String, Integer> COUNTS = Map.of("once", 1, "twice", 2, "thrice", 3);

    private Frequencies() {}

    /** A parsed frequency: tokens [start, end) and the canonical form. */
    record Parsed(int end, String canonical) {}

    /** Reads the HL7 definition of a code ("twice a day at institution-specified times") into canonical form. */
    static String canonicalOfDefinition(String definition) {
        String d = definition.toLowerCase(Locale.ROOT);
        if (d.contains("sleep") || d.contains("bedtime")) {
            return "hs";
        }
        List<Token> tokens = Tokenizer.tokenize(d);
        for (int i = 0; i < tokens.size(); i++) {
            Parsed p = parse(tokens, i, null, null);
            if (p != null) {
                return p.canonical();
            }
        }
        return null;
    }

    static String perPeriod(BigDecimal count, String period) {
        if (count == null || count.signum() <= 0) {
            return null;
        }
        String n = Tokenizer.canonical(count);
        return switch (period) {
            case "d" -> n + "/d";
            case "wk" -> n + "/wk";
            case "mo" -> n + "/mo";
            case "h" -> "q" + Tokenizer.canonical(BigDecimal.ONE.divide(count, 6, RoundingMode.HALF_UP)) + "h";
            default -> null;
        };
    }

    /** Every N units of time, canonical: q8h = 3/d, q24h = 1/d, q48h = qod, q7d = 1/wk. */
    static String every(BigDecimal n, String unit) {
        if (n == null
                || n.signum() <= 0
                || n.scale() > 0 && n.stripTrailingZeros().scale() > 0) {
            return null;
        }
        int v = n.intValue();
        return switch (unit) {
            case "h", "hr", "hrs", "hour", "hours" -> v == 48 ? "qod" : 24 % v == 0 ? 24 / v + "/d" : "q" + v + "h";
            case "d", "day", "days" -> v == 1 ? "1/d" : v == 2 ? "qod" : v == 7 ? "1/wk" : "q" + v + "d";
            case "w", "wk", "wks", "week", "weeks" -> v == 1 ? "1/wk" : "q" + v + "wk";
            case "min", "mins", "minute", "minutes" -> "q" + v + "min";
            case "month", "months" -> v == 1 ? "1/mo" : "q" + v + "mo";
            default -> null;
        };
    }

    private static String period(String word) {
        return switch (word) {
            case "day", "days", "daily", "d" -> "d";
            case "week", "weeks", "weekly", "wk" -> "wk";
            case "month", "months", "monthly" -> "mo";
            case "hour", "hours", "hourly", "hr", "h" -> "h";
            default -> null;
        };
    }

    private static String meal(String word) {
        return switch (word) {
            case "meal", "meals", "food" -> "";
            case "breakfast" -> "-breakfast";
            case "lunch" -> "-lunch";
            case "dinner", "supper" -> "-dinner";
            default -> null;
        };
    }

    private static String norm(List<Token> t, int i) {
        return i < t.size() && t.get(i).isWord() ? t.get(i).norm : "";
    }

    /**
     * A frequency starting at token i, or null. {@code numbers} gives the numeric value of number words (may be null:
     * then only digits count); {@code v} the vocabulary for HL7 codes (may be null while loading it).
     */
    static Parsed parse(List<Token> t, int i, BigDecimal[] numbers, Vocabulary v) {
        Token tok = t.get(i);
        String w = norm(t, i);
        if (tok.isWord() && v != null) {
            Matcher m = Q_CODE.matcher(w);
            if (m.matches()) {
                return new Parsed(i + 1, every(new BigDecimal(m.group(1)), m.group(2)));
            }
            String code = v.frequencyCodes.get(w);
            if (code != null && codeAllowed(tok, v)) {
                return new Parsed(i + 1, code);
            }
            if (w.equals("q") && num(t, i + 1, numbers) != null) {
                String every = every(num(t, i + 1, numbers), norm(t, i + 2));
                if (every != null) {
                    return new Parsed(i + 3, every);
                }
            }
        }
        switch (w) {
            case "every", "each" -> {
                return everyPhrase(t, i, numbers);
            }
            case "daily" -> {
                return new Parsed(i + 1, "1/d");
            }
            case "nightly" -> {
                return new Parsed(i + 1, "hs");
            }
            case "weekly" -> {
                return new Parsed(i + 1, "1/wk");
            }
            case "monthly" -> {
                return new Parsed(i + 1, "1/mo");
            }
            case "hourly" -> {
                return new Parsed(i + 1, "24/d");
            }
            case "as", "when", "if" -> {
                String next = norm(t, i + 1);
                if (next.equals("needed") || next.equals("necessary") || next.equals("required")) {
                    return new Parsed(i + 2, "prn");
                }
                return null;
            }
            case "at" -> {
                String next = norm(t, i + 1);
                if (next.equals("bedtime") || next.equals("night") || next.equals("hs")) {
                    return new Parsed(i + 2, "hs");
                }
                return null;
            }
            case "in" -> {
                if (norm(t, i + 1).equals("the")) {
                    String when = norm(t, i + 2);
                    if (when.equals("morning")) {
                        return new Parsed(i + 3, "am");
                    }
                    if (when.equals("evening") || when.equals("afternoon")) {
                        return new Parsed(i + 3, "pm");
                    }
                }
                return null;
            }
            case "before", "after", "with" -> {
                String meal = meal(norm(t, i + 1));
                if (meal != null) {
                    String prefix = w.equals("before") ? "ac" : w.equals("after") ? "pc" : "c";
                    return new Parsed(i + 2, prefix + meal);
                }
                return null;
            }
            default -> {
                // counts below
            }
        }
        BigDecimal count = COUNTS.containsKey(w) ? BigDecimal.valueOf(COUNTS.get(w)) : num(t, i, numbers);
        if (count == null) {
            return null;
        }
        int j = i + 1;
        boolean times = COUNTS.containsKey(w);
        String n = norm(t, j);
        if (n.equals("times") || n.equals("time") || n.equals("x")) {
            j++;
            times = true;
        }
        if (!times) {
            return null;
        }
        String link = norm(t, j);
        if (link.equals("a")
                || link.equals("per")
                || link.equals("each")
                || link.equals("every")
                || j < t.size()
                        && t.get(j).type == Token.Type.SYMBOL
                        && t.get(j).norm.equals("/")) {
            j++;
        }
        String period = period(norm(t, j));
        if (period == null) {
            return null;
        }
        String c = perPeriod(count, period);
        return c == null ? null : new Parsed(j + 1, c);
    }

    private static Parsed everyPhrase(List<Token> t, int i, BigDecimal[] numbers) {
        int j = i + 1;
        String n = norm(t, j);
        if (n.equals("other")) {
            String p = period(norm(t, j + 1));
            if ("d".equals(p)) {
                return new Parsed(j + 2, "qod");
            }
            if ("wk".equals(p)) {
                return new Parsed(j + 2, "q2wk");
            }
            return null;
        }
        switch (n) {
            case "morning" -> {
                return new Parsed(j + 1, "am");
            }
            case "evening", "afternoon" -> {
                return new Parsed(j + 1, "pm");
            }
            case "night", "bedtime" -> {
                return new Parsed(j + 1, "hs");
            }
            default -> {
                // a number or a period follows
            }
        }
        BigDecimal count = num(t, j, numbers);
        if (count != null) {
            // every 4-6 hours, every 4 to 6 hours
            if (j + 3 < t.size()
                    && (t.get(j + 1).norm.equals("-") || t.get(j + 1).norm.equals("to"))
                    && num(t, j + 2, numbers) != null
                    && period(norm(t, j + 3)) != null) {
                return new Parsed(
                        j + 4,
                        "q" + Tokenizer.canonical(count) + "-" + Tokenizer.canonical(num(t, j + 2, numbers))
                                + period(norm(t, j + 3)));
            }
            String e = every(count, norm(t, j + 1));
            return e == null ? null : new Parsed(j + 2, e);
        }
        String e = every(BigDecimal.ONE, norm(t, j));
        return e == null ? null : new Parsed(j + 1, e);
    }

    private static BigDecimal num(List<Token> t, int i, BigDecimal[] numbers) {
        if (i >= t.size()) {
            return null;
        }
        if (numbers != null) {
            return numbers[i];
        }
        Token tok = t.get(i);
        if (tok.type == Token.Type.NUMBER) {
            return tok.number;
        }
        return NumberWords.value(tok.norm);
    }

    /** A code that is also an ordinary word ("hs" is not, "ac" might be) counts only in capitals or with dots. */
    static boolean codeAllowed(Token tok, Vocabulary v) {
        return tok.upper || tok.dotted || !(v.stopwords.contains(tok.norm) || v.commonStems.contains(tok.stem));
    }
}
