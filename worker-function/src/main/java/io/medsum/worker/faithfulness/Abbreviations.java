package io.medsum.worker.faithfulness;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds where a text spells out an abbreviation, after Schwartz and Hearst (2003) but stricter: the letters open
 * consecutive words (LVEF = left ventricular ejection fraction, COPD, CHF; SOB = shortness of breath, stop words may be
 * skipped), or a word gives a prefix (afib = atrial fibrillation), or one word holds them all in order with the same
 * first and last letter (HTN = hypertension, but INR is not infarction), or begins with them (temp = temperature). Pure
 * initialisms of two or more words and truncations of four letters or more are accepted as they are; the other matches
 * must contain a clinical or uncommon word.
 */
final class Abbreviations {
    private Abbreviations() {}

    /** Token spans [start, end) of {@code text} that spell out {@code abbreviation} (lower-case letters). */
    static List<int[]> expansions(String abbreviation, Analysis text) {
        List<int[]> spans = new ArrayList<>();
        if (abbreviation.length() < 2 || abbreviation.length() > 6) {
            return spans;
        }
        char first = abbreviation.charAt(0);
        for (int w = 0; w < text.n; w++) {
            if (!text.word(w)
                    || text.norm(w).isEmpty()
                    || text.norm(w).charAt(0) != first
                    || text.v.stopwords.contains(text.norm(w))
                    || text.norm(w).equals(abbreviation)) {
                continue;
            }
            int[] state = {0}; // words that supplied more than one letter
            int end = match(abbreviation, 0, text, w, w, state);
            if (end > w && accept(abbreviation, text, w, end, state[0])) {
                spans.add(new int[] {w, end});
            }
        }
        return spans;
    }

    private static boolean accept(String abbreviation, Analysis text, int start, int end, int multi) {
        int words = 0;
        boolean clinical = false;
        for (int i = start; i < end; i++) {
            if (!text.v.stopwords.contains(text.norm(i))) {
                words++;
            }
            clinical |= text.mentionAt(i) != null && !text.mentionAt(i).ambiguous() || text.rare(i);
        }
        if (multi == 0) {
            return words >= 2;
        }
        if (end - start == 1 && abbreviation.length() >= 4 && text.norm(start).startsWith(abbreviation)) {
            return true; // a truncation: temp, resp
        }
        return abbreviation.length() >= 3 && clinical;
    }

    private static boolean subsequence(String a, String word) {
        int p = 0;
        for (int q = 0; q < a.length(); q++) {
            p = word.indexOf(a.charAt(q), p);
            if (p < 0) {
                return false;
            }
            p++;
        }
        return true;
    }

    private static int match(String a, int k, Analysis text, int w, int start, int[] multi) {
        if (k == a.length()) {
            return w;
        }
        if (w >= text.n || w - start > a.length() + 2 || !text.word(w)) {
            return -1;
        }
        String word = text.norm(w);
        if (!word.isEmpty() && word.charAt(0) == a.charAt(k)) {
            if (k == 0
                    && a.length() >= 3
                    && word.length() >= a.length() + 2
                    && (word.charAt(word.length() - 1) == a.charAt(a.length() - 1) && subsequence(a, word)
                            || word.startsWith(a))) {
                multi[0]++;
                return w + 1; // one word holds every letter, first and last included (HTN), or begins with them (temp)
            }
            int prefix = 1;
            while (k + prefix < a.length() && prefix < word.length() && word.charAt(prefix) == a.charAt(k + prefix)) {
                prefix++; // a word may give a prefix: afib, atrial fibrillation
            }
            for (int t = prefix; t >= 1; t--) {
                if (t > 1 && word.length() < t + 2) {
                    continue;
                }
                int saved = multi[0];
                if (t > 1) {
                    multi[0]++;
                }
                int end = match(a, k + t, text, w + 1, start, multi);
                if (end >= 0) {
                    return end;
                }
                multi[0] = saved;
            }
        }
        if (w > start && text.v.stopwords.contains(word)) {
            return match(a, k, text, w + 1, start, multi);
        }
        return -1;
    }
}
