package io.medsum.worker.summary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Picks the most representative sentences of a medical report, verbatim, within a character budget.
 *
 * <p>Deterministic (same input, same output), stateless (one instance may serve many threads) and dependency free, so
 * the same "model" can run inside the local Bedrock stand-in and in unit tests. Work is linear in the input apart from
 * sorting the sentences.
 *
 * <p>Sentences are ranked by the document frequency of their content words. Sentences under an ASSESSMENT, IMPRESSION,
 * DIAGNOSIS, PLAN, FINDINGS or CONCLUSION header rank above all others, because that is where a clinician looks first.
 * The chosen sentences are returned in document order, separated by one space.
 *
 * <p>Lengths are {@link String#length()} units. The result never exceeds {@code maxChars} and is non-empty for
 * non-blank input; the only exception is {@code maxChars == 1} with a report that starts with a character outside the
 * Basic Multilingual Plane, which cannot be cut without splitting a surrogate pair.
 */
public final class ExtractiveSummarizer {

    /** The summary and whether the budget was too small for even one whole sentence. */
    public record Summary(String text, boolean truncated) {
        public Summary {
            Objects.requireNonNull(text, "text");
        }
    }

    static final String ELLIPSIS = "\u2026";

    /**
     * @param text the report; blank input gives an empty summary
     * @param maxChars the largest summary length allowed, at least 1
     */
    public String summarize(String text, int maxChars) {
        return summarizeDetailed(text, maxChars).text();
    }

    /** As {@link #summarize}, also telling whether the summary had to be cut mid-sentence. */
    public Summary summarizeDetailed(String text, int maxChars) {
        Objects.requireNonNull(text, "text");
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be at least 1, was " + maxChars);
        }
        if (text.isBlank()) {
            return new Summary("", false);
        }
        List<Sentence> sentences = new SentenceSplitter(text).split();
        if (sentences.isEmpty()) {
            // Only headers or punctuation: still say something rather than nothing.
            String collapsed = Whitespace.collapse(text);
            sentences = List.of(new Sentence(0, collapsed.isEmpty() ? text : collapsed, false));
        }
        List<Sentence> chosen = selectWithinBudget(rank(sentences), maxChars);
        if (chosen.isEmpty()) {
            return new Summary(Truncation.cut(sentences.get(0).text(), maxChars), true);
        }
        chosen.sort(Comparator.comparingInt(Sentence::index));
        StringBuilder summary = new StringBuilder(Math.min(maxChars, text.length()));
        for (Sentence sentence : chosen) {
            if (summary.length() > 0) {
                summary.append(' ');
            }
            summary.append(sentence.text());
        }
        return new Summary(summary.toString(), false);
    }

    private static List<Sentence> rank(List<Sentence> sentences) {
        List<List<String>> wordsPerSentence = new ArrayList<>(sentences.size());
        Map<String, Integer> frequency = new HashMap<>();
        for (Sentence sentence : sentences) {
            List<String> words = ContentWords.of(sentence.text());
            wordsPerSentence.add(words);
            for (String word : words) {
                frequency.merge(word, 1, Integer::sum);
            }
        }
        double maxFrequency =
                frequency.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        double[] score = new double[sentences.size()];
        for (int i = 0; i < sentences.size(); i++) {
            List<String> words = wordsPerSentence.get(i);
            double sum = 0;
            for (String word : words) {
                sum += frequency.get(word) / maxFrequency;
            }
            // Square-root damping: long sentences carry more content, but should not win on length alone.
            score[i] = words.isEmpty() ? 0 : sum / Math.sqrt(words.size());
        }
        List<Sentence> ranked = new ArrayList<>(sentences);
        ranked.sort(Comparator.comparing((Sentence s) -> !s.inKeySection())
                .thenComparing(s -> -score[s.index()])
                .thenComparingInt(Sentence::index));
        return ranked;
    }

    /** Greedy: a sentence too long for what is left is skipped so a shorter, lower one may still fit. */
    private static List<Sentence> selectWithinBudget(List<Sentence> ranked, int maxChars) {
        List<Sentence> chosen = new ArrayList<>();
        int used = 0;
        for (Sentence sentence : ranked) {
            int cost = sentence.text().length() + (chosen.isEmpty() ? 0 : 1);
            if (used + cost <= maxChars) {
                chosen.add(sentence);
                used += cost;
            }
        }
        return chosen;
    }

    /** A sentence in document order; index is its position among all sentences. */
    record Sentence(int index, String text, boolean inKeySection) {}

    /**
     * Splits transcription text into sentences and tracks the section each belongs to.
     *
     * <p>Written as a single forward scan with bounded look-around, not regular expressions, so that pathological input
     * (50 KB of dots, no spaces) stays linear.
     */
    static final class SentenceSplitter {
        /** How far back a period looks for the word it ends, and forward for what follows. */
        private static final int LOOK_AROUND = 24;

        private static final int MAX_HEADER_LENGTH = 60;
        private static final int MAX_MIXED_CASE_HEADER_WORDS = 4;
        private static final String CLOSERS = ")]}\"'\u201d\u2019\u00bb";

        private final String text;
        private final List<Sentence> sentences = new ArrayList<>();
        private int pos;
        private boolean inKeySection;

        SentenceSplitter(String text) {
            this.text = text;
        }

        List<Sentence> split() {
            while (pos < text.length()) {
                skipSeparatorsAndHeaders();
                if (pos >= text.length()) {
                    break;
                }
                int start = pos;
                int end = scanToSentenceEnd(start);
                String sentence = Whitespace.collapse(text.substring(start, end));
                if (hasLetterOrDigit(sentence)) {
                    sentences.add(new Sentence(sentences.size(), sentence, inKeySection));
                }
            }
            return sentences;
        }

        private void skipSeparatorsAndHeaders() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (Character.isWhitespace(c) || c == ',') {
                    pos++;
                    continue;
                }
                int headerEnd = headerEndAt(pos);
                if (headerEnd < 0) {
                    return;
                }
                inKeySection = SectionNames.isKey(text.substring(pos, headerEnd - 1));
                pos = headerEnd;
            }
        }

        /** Returns the exclusive end of the sentence starting at start and moves pos past its boundary. */
        private int scanToSentenceEnd(int start) {
            int i = start;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '\u3002' || c == '\uff01' || c == '\uff1f') {
                    pos = i + 1;
                    return i + 1;
                }
                if (c == '.' || c == '!' || c == '?') {
                    int afterRun = skipWhile(i, ".!?");
                    int afterClosers = skipWhile(afterRun, CLOSERS);
                    boolean followedByBreak = afterClosers == text.length()
                            || Character.isWhitespace(text.charAt(afterClosers))
                            || text.charAt(afterClosers) == ',';
                    if (followedByBreak && !isAbbreviationOrListMarker(start, i, afterRun, afterClosers)) {
                        pos = afterClosers;
                        return afterClosers;
                    }
                    i = afterClosers;
                    continue;
                }
                if (c == ',' && commaIsSectionBreak(i)) {
                    pos = i + 1;
                    return i;
                }
                if (c == '\n' && newlineIsBreak(i)) {
                    pos = i + 1;
                    return i;
                }
                i++;
            }
            pos = text.length();
            return text.length();
        }

        /** The scraper marks section breaks with a comma and two spaces, or a comma right before a header. */
        private boolean commaIsSectionBreak(int comma) {
            int next = comma + 1;
            if (next + 1 < text.length()
                    && Character.isWhitespace(text.charAt(next))
                    && Character.isWhitespace(text.charAt(next + 1))) {
                return true;
            }
            return headerEndAt(skipSpaces(next)) >= 0;
        }

        private boolean newlineIsBreak(int newline) {
            int next = skipSpaces(newline + 1);
            return (next < text.length() && text.charAt(next) == '\n') || headerEndAt(next) >= 0;
        }

        /**
         * A period that does not end a sentence: "Dr. Smith", "20 mg. daily", "e.g., aspirin", "J. Doe", and the "1."
         * that opens a numbered item. Decimals never get here because a period followed by a digit is not followed by a
         * break.
         */
        private boolean isAbbreviationOrListMarker(int sentenceStart, int period, int afterRun, int afterClosers) {
            if (text.charAt(period) != '.' || afterRun != period + 1) {
                return false;
            }
            String word = wordBefore(period, sentenceStart);
            if (word.isEmpty()) {
                return false;
            }
            if (isDigits(word)) {
                boolean opensSentence = period - word.length() == sentenceStart;
                return opensSentence && word.length() <= 2;
            }
            String lower = word.toLowerCase(Locale.ROOT);
            if (Abbreviations.TITLES.contains(lower)) {
                return true;
            }
            if (word.length() == 1 && Character.isUpperCase(word.charAt(0))) {
                return true; // an initial
            }
            boolean known = Abbreviations.COMMON.contains(lower) || lower.indexOf('.') > 0;
            int next = skipSpaces(afterClosers);
            if (next >= text.length()) {
                return false;
            }
            char following = text.charAt(next);
            if (Character.isLowerCase(following)) {
                return true;
            }
            return known && (Character.isDigit(following) || following == ',');
        }

        /** The word (letters, digits, inner dots) ending right before position end, looking back a bounded distance. */
        private String wordBefore(int end, int floor) {
            int limit = Math.max(floor, end - LOOK_AROUND);
            int begin = end;
            while (begin > limit) {
                char c = text.charAt(begin - 1);
                if (Character.isLetterOrDigit(c) || (c == '.' && begin < end)) {
                    begin--;
                } else {
                    break;
                }
            }
            while (begin < end && text.charAt(begin) == '.') {
                begin++;
            }
            return text.substring(begin, end);
        }

        /**
         * If a section header ("HISTORY OF PRESENT ILLNESS:", "Impression:") starts at position at, returns the
         * position after its colon, else -1. All-caps labels are always headers; mixed-case ones only when they name a
         * key section, so "Neck: Supple." keeps its label.
         */
        private int headerEndAt(int at) {
            if (at >= text.length() || !Character.isLetter(text.charAt(at))) {
                return -1;
            }
            int limit = Math.min(text.length(), at + MAX_HEADER_LENGTH);
            int letters = 0;
            boolean allCaps = true;
            int i = at;
            while (i < limit) {
                char c = text.charAt(i);
                if (Character.isLetter(c)) {
                    letters++;
                    allCaps &= Character.isUpperCase(c);
                } else if (!(Character.isDigit(c) || c == ' ' || "/&()'-".indexOf(c) >= 0)) {
                    break;
                }
                i++;
            }
            if (i >= text.length() || text.charAt(i) != ':' || letters < 3) {
                return -1;
            }
            String label = text.substring(at, i);
            boolean header = allCaps
                    || (Character.isUpperCase(text.charAt(at))
                            && SectionNames.isKey(label)
                            && label.trim().split("\\s+").length <= MAX_MIXED_CASE_HEADER_WORDS);
            return header ? i + 1 : -1;
        }

        private int skipWhile(int from, String chars) {
            int i = from;
            while (i < text.length() && chars.indexOf(text.charAt(i)) >= 0) {
                i++;
            }
            return i;
        }

        /** Skips blanks and tabs but not newlines, a bounded distance. */
        private int skipSpaces(int from) {
            int limit = Math.min(text.length(), from + LOOK_AROUND);
            int i = from;
            while (i < limit && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '\r')) {
                i++;
            }
            return i;
        }

        private static boolean isDigits(String s) {
            for (int i = 0; i < s.length(); i++) {
                if (!Character.isDigit(s.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        private static boolean hasLetterOrDigit(String s) {
            return s.codePoints().anyMatch(Character::isLetterOrDigit);
        }
    }

    /** Section names whose sentences a reader of the summary needs most. */
    static final class SectionNames {
        private static final Set<String> KEY_WORDS = Set.of(
                "assessment",
                "assessments",
                "impression",
                "impressions",
                "diagnosis",
                "diagnoses",
                "plan",
                "plans",
                "findings",
                "finding",
                "conclusion",
                "conclusions");

        private SectionNames() {}

        static boolean isKey(String label) {
            for (String word : label.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")) {
                if (KEY_WORDS.contains(word)) {
                    return true;
                }
            }
            return false;
        }
    }

    static final class Abbreviations {
        /** Never end a sentence, whatever follows. */
        static final Set<String> TITLES = Set.of("dr", "mr", "mrs", "ms", "prof", "st");

        /** End a sentence only when followed by a capital letter. */
        static final Set<String> COMMON = Set.of(
                "vs", "etc", "approx", "appt", "dept", "no", "nos", "fig", "ca", "cf", "al", "jr", "sr", "mg", "mcg",
                "ml", "kg", "g", "cm", "mm", "lb", "lbs", "oz", "hr", "hrs", "min", "sec", "wk", "wks", "mo", "mos",
                "yr", "yrs", "pt", "pts", "hx", "dx", "tx", "rx", "sx", "fx", "bid", "tid", "qid", "qd", "qhs", "prn",
                "po", "iv", "im", "sq", "subq", "am", "pm");

        private Abbreviations() {}
    }

    /** Lowercased words that carry content; function words and bare numbers say nothing about the case. */
    static final class ContentWords {
        private static final Set<String> STOPWORDS = Set.of(
                "a",
                "about",
                "above",
                "after",
                "again",
                "against",
                "all",
                "also",
                "am",
                "an",
                "and",
                "any",
                "are",
                "as",
                "at",
                "be",
                "because",
                "been",
                "before",
                "being",
                "below",
                "between",
                "both",
                "but",
                "by",
                "can",
                "could",
                "did",
                "do",
                "does",
                "doing",
                "done",
                "down",
                "during",
                "each",
                "few",
                "for",
                "from",
                "further",
                "had",
                "has",
                "have",
                "having",
                "he",
                "her",
                "here",
                "hers",
                "herself",
                "him",
                "himself",
                "his",
                "how",
                "i",
                "if",
                "in",
                "into",
                "is",
                "it",
                "its",
                "itself",
                "just",
                "may",
                "me",
                "might",
                "more",
                "most",
                "much",
                "must",
                "my",
                "no",
                "nor",
                "not",
                "now",
                "of",
                "off",
                "on",
                "once",
                "only",
                "or",
                "other",
                "our",
                "ours",
                "out",
                "over",
                "own",
                "per",
                "same",
                "she",
                "should",
                "so",
                "some",
                "such",
                "than",
                "that",
                "the",
                "their",
                "theirs",
                "them",
                "then",
                "there",
                "these",
                "they",
                "this",
                "those",
                "through",
                "to",
                "too",
                "under",
                "until",
                "up",
                "upon",
                "very",
                "was",
                "we",
                "were",
                "what",
                "when",
                "where",
                "which",
                "while",
                "who",
                "whom",
                "why",
                "will",
                "with",
                "within",
                "without",
                "would",
                "you",
                "your",
                "yours",
                // Present in nearly every transcription, so they cannot tell sentences apart.
                "patient",
                "patients",
                "pt",
                "mr",
                "mrs",
                "ms",
                "dr",
                "noted",
                "states",
                "reports",
                "denies");

        private ContentWords() {}

        static List<String> of(String sentence) {
            List<String> words = new ArrayList<>();
            StringBuilder word = new StringBuilder();
            sentence.codePoints().forEach(cp -> {
                if (Character.isLetterOrDigit(cp)) {
                    word.appendCodePoint(cp);
                } else {
                    addIfContent(word, words);
                }
            });
            addIfContent(word, words);
            return words;
        }

        private static void addIfContent(StringBuilder word, List<String> words) {
            if (word.length() == 0) {
                return;
            }
            String lower = word.toString().toLowerCase(Locale.ROOT);
            word.setLength(0);
            if (lower.length() > 1
                    && !STOPWORDS.contains(lower)
                    && !lower.chars().allMatch(Character::isDigit)) {
                words.add(lower);
            }
        }
    }

    static final class Whitespace {
        private Whitespace() {}

        static String collapse(String s) {
            StringBuilder out = new StringBuilder(s.length());
            boolean pendingSpace = false;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                    pendingSpace = out.length() > 0;
                } else {
                    if (pendingSpace) {
                        out.append(' ');
                        pendingSpace = false;
                    }
                    out.append(c);
                }
            }
            return out.toString();
        }
    }

    /** Cuts a sentence that is longer than the whole budget, at a word boundary where one is near. */
    static final class Truncation {
        private Truncation() {}

        static String cut(String sentence, int maxChars) {
            if (sentence.length() <= maxChars) {
                return sentence;
            }
            int room = maxChars - ELLIPSIS.length();
            if (room < 1) {
                return safePrefix(sentence, maxChars);
            }
            int cut = sentence.lastIndexOf(' ', room);
            if (cut < room / 2) {
                cut = room; // one enormous word: a hard cut reads better than almost nothing
            }
            return safePrefix(sentence, cut).stripTrailing() + ELLIPSIS;
        }

        /** Never leaves half of a surrogate pair at the end. */
        private static String safePrefix(String s, int length) {
            int end = length;
            if (end > 0 && end < s.length() && Character.isHighSurrogate(s.charAt(end - 1))) {
                end--;
            }
            return s.substring(0, end);
        }
    }
}
