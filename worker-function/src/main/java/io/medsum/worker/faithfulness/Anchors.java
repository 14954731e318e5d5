package io.medsum.worker.faithfulness;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where each summary sentence comes from: the report sentences it shares the most content with (word stems and
 * concepts, weighted by how rare they are in the report). A side, a negation, a number is true of a sentence, not of a
 * report: "left ureter" in one sentence does not make "left ureter" right where the report says "right ureter". So the
 * comparison verifies those facts against the anchor sentences first.
 *
 * <p>Abstractive summaries merge and reorder sentences, so a summary sentence may have several anchors: every report
 * sentence that scores at least half of the best, and every short report sentence whose content the summary sentence
 * repeats almost entirely (a line break splits "PAST MEDICAL HISTORY: Hypertension" in the report, not in the summary).
 */
final class Anchors {
    /** Below this share of the best score a report sentence is not an anchor. */
    private static final double RELATIVE = 0.5;
    /** A report sentence this much contained in the summary sentence is an anchor whatever its score. */
    private static final double CONTAINED = 0.8;
    /** At most this many anchors by score (merged sentences rarely draw on more). */
    private static final int MAX_BY_SCORE = 4;
    /** The best anchor holds this share of the summary sentence's content: the sentence is its copy, or nearly ... */
    private static final double COPIED = 0.8;
    /**
     * ... and the best anchor, overall, is this much alike (weighted Jaccard): not a longer sentence that contains it.
     */
    private static final double ALIKE = 0.6;
    /** The anchors must hold this share of the summary sentence's content for the sentence to count as placed. */
    private static final double PLACED = 0.5;

    private final boolean[][] anchors;
    private final int[][] ranked;
    private final double[][] likeness;
    private final boolean[] placed;
    private final boolean[] copied;

    private Anchors(boolean[][] anchors, int[][] ranked, double[][] likeness, boolean[] placed, boolean[] copied) {
        this.anchors = anchors;
        this.ranked = ranked;
        this.likeness = likeness;
        this.placed = placed;
        this.copied = copied;
    }

    /**
     * The summary sentence says what its best anchor says, nearly word for word (a copy, or the same with synonyms).
     */
    boolean copied(int summarySentence) {
        return copied[summarySentence];
    }

    /** How alike the k-th anchor of {@link #ranked(int)} is to the summary sentence (1: the same content). */
    double likeness(int summarySentence, int k) {
        return likeness[summarySentence][k];
    }

    /** The anchor sentences of summary sentence {@code summarySentence}, best first (empty when it has none). */
    int[] ranked(int summarySentence) {
        int[] r = ranked[summarySentence];
        return r == null ? new int[0] : r;
    }

    /** Report sentence {@code reportSentence} is an anchor of summary sentence {@code summarySentence}. */
    boolean anchored(int summarySentence, int reportSentence) {
        boolean[] a = anchors[summarySentence];
        return a != null && reportSentence >= 0 && reportSentence < a.length && a[reportSentence];
    }

    /**
     * The summary sentence has anchors that hold most of its content: a fact of it that the anchors lack is not in its
     * source sentence, wherever else the report has it.
     */
    boolean placed(int summarySentence) {
        return placed[summarySentence];
    }

    boolean hasAnchors(int summarySentence) {
        return anchors[summarySentence] != null;
    }

    static Anchors of(Vocabulary v, Analysis report, Analysis summary) {
        Map<Object, IntList> postings = new HashMap<>(report.n * 2);
        double[] selfWeight = new double[report.sentences];
        // distinct keys per report sentence: a key repeated in one sentence counts once
        for (int i = 0; i < report.n; i++) {
            int sentence = report.tok(i).sentence;
            keys(v, report, i, key -> {
                IntList p = postings.computeIfAbsent(key, k -> new IntList());
                if (p.isEmpty() || p.get(p.size() - 1) != sentence) {
                    p.add(sentence);
                }
            });
        }
        Map<Object, Double> idf = new HashMap<>(postings.size() * 2);
        for (Map.Entry<Object, IntList> e : postings.entrySet()) {
            double w = Math.log(1.0 + (double) report.sentences / e.getValue().size());
            idf.put(e.getKey(), w);
            for (int k = 0; k < e.getValue().size(); k++) {
                selfWeight[e.getValue().get(k)] += w;
            }
        }
        boolean[][] anchors = new boolean[summary.sentences][];
        int[][] ranked = new int[summary.sentences][];
        double[][] likeness = new double[summary.sentences][];
        boolean[] placed = new boolean[summary.sentences];
        boolean[] copied = new boolean[summary.sentences];
        double[] score = new double[report.sentences];
        int[] touched = new int[report.sentences];
        int from = 0;
        while (from < summary.n) {
            int sentence = summary.tok(from).sentence;
            int to = from;
            while (to < summary.n && summary.tok(to).sentence == sentence) {
                to++;
            }
            anchor(
                    v,
                    summary,
                    from,
                    to,
                    postings,
                    idf,
                    score,
                    touched,
                    selfWeight,
                    anchors,
                    ranked,
                    likeness,
                    placed,
                    copied);
            from = to;
        }
        return new Anchors(anchors, ranked, likeness, placed, copied);
    }

    private static void anchor(
            Vocabulary v,
            Analysis summary,
            int from,
            int to,
            Map<Object, IntList> postings,
            Map<Object, Double> idf,
            double[] score,
            int[] touched,
            double[] selfWeight,
            boolean[][] anchors,
            int[][] ranked,
            double[][] likeness,
            boolean[] placed,
            boolean[] copied) {
        int sentence = summary.tok(from).sentence;
        Set<Object> seen = new HashSet<>();
        for (int i = from; i < to; i++) {
            keys(v, summary, i, seen::add);
        }
        int nTouched = 0;
        double total = 0;
        for (Object key : seen) {
            IntList p = postings.get(key);
            if (p == null) {
                continue;
            }
            double w = idf.get(key);
            total += w;
            for (int k = 0; k < p.size(); k++) {
                int j = p.get(k);
                if (score[j] == 0) {
                    touched[nTouched++] = j;
                }
                score[j] += w;
            }
        }
        double best = 0;
        for (int k = 0; k < nTouched; k++) {
            best = Math.max(best, score[touched[k]]);
        }
        if (best > 0) {
            // the one that holds most of the summary sentence first; among those, the most alike (weighted Jaccard):
            // of the sentences sharing "complications", the one that says only "There were no complications." and not
            // "Risks and complications were discussed."; ties in report order
            double[] alike = new double[nTouched];
            Integer[] order = new Integer[nTouched];
            for (int k = 0; k < nTouched; k++) {
                order[k] = k;
                int j = touched[k];
                alike[k] = score[j] / Math.max(1e-9, total + selfWeight[j] - score[j]);
            }
            Arrays.sort(order, (x, y) -> {
                double dx = score[touched[x]];
                double dy = score[touched[y]];
                if (Math.abs(dx - dy) > 1e-9) {
                    return Double.compare(dy, dx);
                }
                return alike[x] != alike[y] ? Double.compare(alike[y], alike[x]) : touched[x] - touched[y];
            });
            boolean[] a = new boolean[score.length];
            IntList list = new IntList();
            double[] like = new double[nTouched];
            int byScoreTaken = 0;
            for (int k = 0; k < nTouched; k++) {
                int j = touched[order[k]];
                boolean byScore = byScoreTaken < MAX_BY_SCORE && score[j] >= RELATIVE * best;
                boolean contained = selfWeight[j] > 0 && score[j] >= CONTAINED * selfWeight[j];
                if (byScore || contained) {
                    byScoreTaken += byScore ? 1 : 0;
                    a[j] = true;
                    like[list.size()] = alike[order[k]];
                    list.add(j);
                }
            }
            anchors[sentence] = a;
            ranked[sentence] = list.toArray();
            likeness[sentence] = Arrays.copyOf(like, list.size());
            placed[sentence] = total > 0 && best >= PLACED * total;
            copied[sentence] =
                    total > 0 && list.size() > 0 && alike[order[0]] >= ALIKE && score[list.get(0)] >= COPIED * total;
        }
        for (int k = 0; k < nTouched; k++) {
            score[touched[k]] = 0;
        }
    }

    /**
     * The content keys of token i: its stem when it is a content word, and the concepts of the mention it starts (so
     * that a synonym, "high blood pressure" for "hypertension", still places its sentence).
     */
    private static void keys(Vocabulary v, Analysis a, int i, Consumer<Object> out) {
        Analysis.Mention m = a.mentionAt(i);
        if (m != null && m.start() == i && !m.ambiguous()) {
            for (int c : m.concepts()) {
                out.accept(c);
            }
        }
        Token t = a.tok(i);
        // negation and speculation cues are what the anchors serve to compare, so they do not place a sentence
        if (t.isWord() && t.norm.length() >= 2 && !a.cue[i] && !v.stopwords.contains(t.norm)) {
            out.accept(t.stem);
        } else if (t.isNumeric()) {
            // "the left epididymis measures 9 mm" and "the right epididymis measures 5 mm" differ by their numbers
            out.accept("#" + t.norm);
        }
    }
}
