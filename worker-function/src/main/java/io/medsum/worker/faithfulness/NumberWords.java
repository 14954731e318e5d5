package io.medsum.worker.faithfulness;

import java.math.BigDecimal;
import java.util.Map;

/** English number words: "two" = 2, "twenty" = 20 ("twenty-five" is composed by the caller). */
final class NumberWords {
    private static final Map<String, Integer> WORDS = Map.ofEntries(
            Map.entry("zero", 0),
            Map.entry("two", 2),
            Map.entry("three", 3),
            Map.entry("four", 4),
            Map.entry("five", 5),
            Map.entry("six", 6),
            Map.entry("seven", 7),
            Map.entry("eight", 8),
            Map.entry("nine", 9),
            Map.entry("ten", 10),
            Map.entry("eleven", 11),
            Map.entry("twelve", 12),
            Map.entry("thirteen", 13),
            Map.entry("fourteen", 14),
            Map.entry("fifteen", 15),
            Map.entry("sixteen", 16),
            Map.entry("seventeen", 17),
            Map.entry("eighteen", 18),
            Map.entry("nineteen", 19),
            Map.entry("twenty", 20),
            Map.entry("thirty", 30),
            Map.entry("forty", 40),
            Map.entry("fifty", 50),
            Map.entry("sixty", 60),
            Map.entry("seventy", 70),
            Map.entry("eighty", 80),
            Map.entry("ninety", 90));

    /** Words that are 1 only before a unit or "time(s)": "one", "a", "an", "single". */
    private static final Map<String, Integer> ONE = Map.of("one", 1, "a", 1, "an", 1, "single", 1);

    private NumberWords() {}

    static BigDecimal value(String word) {
        Integer v = WORDS.get(word);
        return v == null ? null : BigDecimal.valueOf(v);
    }

    static boolean isOne(String word) {
        return ONE.containsKey(word);
    }

    static boolean isTens(String word) {
        Integer v = WORDS.get(word);
        return v != null && v >= 20 && v % 10 == 0;
    }
}
