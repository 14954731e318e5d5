package io.medsum.local.bedrock;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stand-in's contextual grounding score: the share of the guarded text's content words (and numbers) that occur in
 * the grounding source. Deterministic and crude on purpose: a changed dose, an added drug or diagnosis lowers it, a
 * verbatim extract scores 1. It is not Bedrock's model and its scores are not comparable to Bedrock's; it exists so the
 * grounding path runs end to end on the local stack.
 */
final class GroundingScorer {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:[.,][\\p{N}]+)?");
    /** Function words carry no fact; without them a short invented clause would hide among "the" and "and". */
    private static final Set<String> FUNCTION_WORDS = Set.of(
            "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "had", "have", "he", "her", "his",
            "in", "is", "it", "its", "of", "on", "or", "she", "that", "the", "their", "they", "this", "to", "was",
            "were", "with", "who", "which", "patient");

    private GroundingScorer() {}

    /** 0..1, rounded to two decimals as Bedrock reports; 1 when the text has no content word at all. */
    static double score(String source, String guarded) {
        Set<String> known = words(source);
        int total = 0;
        int supported = 0;
        Matcher word = WORD.matcher(guarded);
        while (word.find()) {
            String token = word.group().toLowerCase(Locale.ROOT);
            if (FUNCTION_WORDS.contains(token)) {
                continue;
            }
            total++;
            if (known.contains(token)) {
                supported++;
            }
        }
        return total == 0 ? 1.0 : Math.floor(100.0 * supported / total) / 100.0;
    }

    private static Set<String> words(String text) {
        Set<String> words = new HashSet<>();
        Matcher word = WORD.matcher(text);
        while (word.find()) {
            words.add(word.group().toLowerCase(Locale.ROOT));
        }
        return words;
    }
}
