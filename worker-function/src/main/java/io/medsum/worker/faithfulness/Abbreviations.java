package io.medsum.worker.faithfulness;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds where a text spells out an abbreviation, in the manner of Schwartz and Hearst (2003): each letter of the
 * abbreviation opens a word or follows earlier letters of the same word, in order. LVEF = left ventricular ejection
 * fraction, COPD, CHF, SOB = shortness of breath (stop words may be skipped), HTN = hypertension, afib = atrial
 * fibrillation. Pure initialisms of two or more words are accepted as they are; a match where one word supplies several
 * letters ("HTN") must contain a clinical or uncommon word, so that ordinary words do not spell it by chance.
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
        return abbreviation.length() >= 3 && clinical;
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
            int take = 1;
            int p = 1;
            for (int q = k + 1; q < a.length(); q++) {
                int f = word.indexOf(a.charAt(q), p);
                if (f < 0) {
                    break;
                }
                p = f + 1;
                take++;
            }
            for (int t = take; t >= 1; t--) {
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
