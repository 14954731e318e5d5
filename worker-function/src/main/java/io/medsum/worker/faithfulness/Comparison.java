package io.medsum.worker.faithfulness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Looks up every checkable fact of one summary in the index of its report. */
final class Comparison {
    private final Vocabulary v;
    private final Analysis r;
    private final Analysis s;
    private final String summary;
    private final boolean[] covered;
    private final Map<String, Finding> findings = new LinkedHashMap<>();
    private final List<int[]> order = new ArrayList<>();
    private final Map<String, List<Analysis.Fact>> reportQuantities = new HashMap<>();
    private final Map<String, List<Analysis.Fact>> reportFacts = new HashMap<>();
    private final Anchors anchors;
    /** Summary tokens whose assertion (negated, possible) was already compared as a clinical term. */
    private final boolean[] asserted;

    Comparison(Vocabulary v, Analysis report, Analysis summary, String summaryText) {
        this.v = v;
        this.r = report;
        this.s = summary;
        this.summary = summaryText;
        this.covered = new boolean[summary.n];
        this.asserted = new boolean[summary.n];
        this.anchors = Anchors.of(v, report, summary);
        for (Analysis.Fact f : r.facts) {
            if (f.type == Analysis.FactType.QUANTITY) {
                reportQuantities
                        .computeIfAbsent(f.value, k -> new ArrayList<>())
                        .add(f);
                if (f.base != null) {
                    reportQuantities
                            .computeIfAbsent(f.base, k -> new ArrayList<>())
                            .add(f);
                }
            } else {
                reportFacts
                        .computeIfAbsent(f.type + ":" + f.value, k -> new ArrayList<>())
                        .add(f);
            }
        }
    }

    List<Finding> run() {
        abbreviations();
        facts();
        modifiers();
        sides();
        terms();
        words();
        List<Finding> all = new ArrayList<>(findings.values());
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            idx.add(i);
        }
        idx.sort(Comparator.comparingInt((Integer i) -> order.get(i)[0]).thenComparingInt(i -> order.get(i)[1]));
        // adjacent findings of one kind are one fragment: "Pleural" + "effusion" = "Pleural effusion"
        List<Finding> merged = new ArrayList<>();
        int lastStart = -1;
        int lastEnd = -1;
        for (int i : idx) {
            Finding f = all.get(i);
            int start = order.get(i)[0];
            int end = order.get(i)[1];
            Finding last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null
                    && last.kind() == f.kind()
                    && start >= lastEnd
                    && summary.substring(lastEnd, start).chars().allMatch(c -> c == '-' || Character.isWhitespace(c))) {
                merged.set(merged.size() - 1, new Finding(f.kind(), summary.substring(lastStart, end)));
                lastEnd = end;
            } else if (last == null || start >= lastEnd || last.kind() != f.kind()) {
                merged.add(f);
                lastStart = start;
                lastEnd = end;
            }
        }
        return merged;
    }

    private void add(FindingKind kind, int fromToken, int toToken) {
        int start = s.tok(fromToken).start;
        int end = s.tok(toToken - 1).end;
        String key = kind + ":" + start + ":" + end;
        if (!findings.containsKey(key)) {
            findings.put(key, new Finding(kind, summary.substring(start, end)));
            order.add(new int[] {start, end});
        }
    }

    // ------------------------------------------------------------------------------------------------ term lookup
    /** Where the report has the summary's term at token i (a concept mention or a word). */
    IntList positions(int i) {
        IntList out = new IntList();
        Analysis.Mention m = s.mentionAt(i);
        if (m != null) {
            for (int c : m.concepts()) {
                out.addAll(r.byConcept.get(c));
            }
            if (!out.isEmpty()) {
                return out;
            }
            if (m.end() - m.start() > 1) {
                return together(m.start(), m.end());
            }
        }
        Token t = s.tok(i);
        out.addAll(r.byKey.get(t.stem));
        String fallback = v.fallbackStem(t.norm);
        if (fallback != null) {
            out.addAll(r.byKey.get(fallback));
        }
        if (s.word(i + 1) && s.tok(i + 1).hyphenated) {
            out.addAll(r.byKey.get(v.stem(t.norm + s.norm(i + 1))));
        }
        return out;
    }

    /** Report positions of the first word of [from, to) where every other content word shares its sentence. */
    private IntList together(int from, int to) {
        IntList out = new IntList();
        IntList first = null;
        List<IntList> others = new ArrayList<>();
        for (int k = from; k < to; k++) {
            if (!s.word(k) || v.stopwords.contains(s.norm(k))) {
                continue;
            }
            IntList p = r.byKey.get(s.tok(k).stem);
            if (p == null) {
                return out;
            }
            if (first == null) {
                first = p;
            } else {
                others.add(p);
            }
        }
        if (first == null) {
            return out;
        }
        for (int a = 0; a < first.size(); a++) {
            int sentence = r.tok(first.get(a)).sentence;
            boolean all = true;
            for (IntList o : others) {
                boolean found = false;
                for (int b = 0; b < o.size() && !found; b++) {
                    found = r.tok(o.get(b)).sentence == sentence;
                }
                all &= found;
            }
            if (all) {
                out.add(first.get(a));
            }
        }
        return out;
    }

    private boolean inReport(int summaryToken) {
        return !positions(summaryToken).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------------ scope
    /**
     * The report positions among {@code pos} that lie in the anchor sentences of summary token i's sentence: a term is
     * verified where the summary sentence came from. All of {@code pos} when none does (the term came from elsewhere: a
     * merged sentence, or anchors that missed it).
     */
    private IntList scoped(IntList pos, int i) {
        IntList in = inBestAnchor(pos, i);
        return in.isEmpty() ? pos : in;
    }

    /**
     * The positions among {@code pos} in the best anchor that has any: where a report repeats a sentence for the other
     * side ("the right ureter was ...", then "the left ureter was ..."), the sentence the summary copied or rephrased
     * is the one that decides.
     */
    private IntList inBestAnchor(IntList pos, int i) {
        IntList in = new IntList();
        if (pos == null) {
            return in;
        }
        int summarySentence = s.tok(i).sentence;
        int[] ranked = anchors.ranked(summarySentence);
        double found = -1;
        for (int a = 0; a < ranked.length; a++) {
            double like = anchors.likeness(summarySentence, a);
            if (!in.isEmpty() && like < found) {
                break; // sentences as alike as the first that has the term decide together
            }
            for (int k = 0; k < pos.size(); k++) {
                if (r.tok(pos.get(k)).sentence == ranked[a]) {
                    in.add(pos.get(k));
                    found = like;
                }
            }
        }
        return in;
    }

    private IntList inAnchors(IntList pos, int i) {
        IntList in = new IntList();
        int sentence = s.tok(i).sentence;
        if (pos == null || !anchors.hasAnchors(sentence)) {
            return in;
        }
        for (int k = 0; k < pos.size(); k++) {
            if (anchors.anchored(sentence, r.tok(pos.get(k)).sentence)) {
                in.add(pos.get(k));
            }
        }
        return in;
    }

    private boolean inAnchors(Analysis.Fact reportFact, int i) {
        return anchors.anchored(s.tok(i).sentence, reportFact.sentence);
    }

    // ------------------------------------------------------------------------------------------------ abbreviations
    private void abbreviations() {
        Set<String> summaryStems = new HashSet<>();
        for (Token t : s.tokens) {
            summaryStems.add(t.stem);
        }
        for (int i = 0; i < s.n; i++) {
            Token t = s.tok(i);
            if (s.rare(i) && letters(t.norm) && t.norm.length() <= 6 && s.mentionAt(i) == null && !inReport(i)) {
                for (int[] span : Abbreviations.expansions(t.norm, r)) {
                    for (int p = span[0]; p < span[1]; p++) {
                        r.addKey(t.stem, p);
                    }
                }
            }
        }
        for (int j = 0; j < r.n; j++) {
            Token t = r.tok(j);
            if (!t.upper || !letters(t.norm) || t.norm.length() > 6 || !r.rare(j) || summaryStems.contains(t.stem)) {
                continue;
            }
            for (int[] span : Abbreviations.expansions(t.norm, s)) {
                for (int k = span[0]; k < span[1]; k++) {
                    covered[k] = true;
                    if (s.word(k)) {
                        r.addKey(s.tok(k).stem, j);
                    }
                    Analysis.Mention m = s.mentionAt(k);
                    if (m != null) {
                        r.addConcepts(m.concepts(), j);
                    }
                }
            }
        }
    }

    private static boolean letters(String w) {
        for (int i = 0; i < w.length(); i++) {
            if (w.charAt(i) < 'a' || w.charAt(i) > 'z') {
                return false;
            }
        }
        return true;
    }

    // --------------------------------------------------------------------------------------------------------- facts
    private void facts() {
        for (Analysis.Fact f : s.facts) {
            switch (f.type) {
                case DATE, TIME -> date(f);
                case QUANTITY -> quantity(f);
                case FREQUENCY -> anchored(f, FindingKind.FREQUENCY);
                case ROUTE -> {
                    if (f.drug >= 0 || doseInClause(f)) {
                        anchored(f, FindingKind.ROUTE);
                    }
                }
                default -> {
                    // every fact type is handled above
                }
            }
        }
    }

    private boolean doseInClause(Analysis.Fact route) {
        int clause = s.tok(route.start).clause;
        for (Analysis.Fact f : s.facts) {
            if (f.type == Analysis.FactType.QUANTITY && Units.isDose(f.unit) && s.tok(f.start).clause == clause) {
                return true;
            }
        }
        return false;
    }

    private void date(Analysis.Fact f) {
        for (Analysis.Fact g : r.facts) {
            if (g.type != f.type) {
                continue;
            }
            boolean same = g.value.equals(f.value)
                    || f.value.startsWith("--") && g.value.endsWith(f.value.substring(1))
                    || f.value.length() == 7 && g.value.startsWith(f.value);
            if (same) {
                return;
            }
        }
        add(FindingKind.DATE, f.start, f.end);
    }

    private FindingKind kindOf(Analysis.Fact q) {
        if (Units.isTime(q.unit)) {
            return q.age ? FindingKind.NUMBER : FindingKind.DURATION;
        }
        if (Units.isDose(q.unit) || q.drug >= 0 && q.unit != null) {
            return FindingKind.DOSE;
        }
        return FindingKind.NUMBER;
    }

    private void quantity(Analysis.Fact q) {
        List<Analysis.Fact> byValue = reportQuantities.getOrDefault(q.value, List.of());
        List<Analysis.Fact> candidates = new ArrayList<>(byValue);
        if (q.base != null) {
            candidates.addAll(reportQuantities.getOrDefault(q.base, List.of()));
        }
        boolean scoped = numberScoped(q, candidates);
        if (scoped) {
            byValue = inAnchors(byValue, q);
            candidates = inAnchors(candidates, q);
        }
        List<Analysis.Fact> same = new ArrayList<>();
        for (Analysis.Fact f : candidates) {
            if (q.unit == null
                    || f.unit != null
                            && (f.unit.code().equals(q.unit.code()) || q.base != null && q.base.equals(f.base))) {
                same.add(f);
            }
        }
        if (same.isEmpty()) {
            boolean otherUnit = false;
            for (Analysis.Fact f : byValue) {
                // 81 mcg for 81 mg is a unit error; 10 days for 10 mg is another number
                otherUnit |= q.unit != null
                        && f.unit != null
                        && Units.isTime(q.unit) == Units.isTime(f.unit)
                        && Units.isDose(q.unit) == Units.isDose(f.unit);
            }
            add(otherUnit ? FindingKind.UNIT : kindOf(q), q.start, q.end);
            return;
        }
        IntList drug = drugPositions(q);
        if (!drug.isEmpty()) {
            for (Analysis.Fact f : same) {
                if (sameDrug(drug, f)) {
                    return;
                }
            }
            add(
                    q.unit == null
                            ? FindingKind.NUMBER
                            : kindOf(q) == FindingKind.DURATION ? FindingKind.DURATION : FindingKind.DOSE,
                    q.start,
                    q.end);
            return;
        }
        if (q.anchor >= 0) {
            IntList anchor = positions(q.anchor);
            if (anchor.isEmpty()) {
                return;
            }
            IntList near = inAnchors(anchor, q.anchor);
            for (Analysis.Fact f : same) {
                // in a copied sentence the number sits by its term as in the source; a rephrased one may move it
                boolean copy = anchors.copied(s.tok(q.start).sentence);
                if (scoped && copy && !near.isEmpty() ? measures(near, f) : nearby(anchor, f)) {
                    return;
                }
            }
            add(kindOf(q), q.start, q.end);
        }
    }

    /**
     * Whether a number is verified in its sentence's anchors rather than the whole report: when the term it measures
     * (its medication, or the clinical term before it) is there, or when the sentence is placed and the anchors give
     * the same value in some unit. Otherwise the number may come from anywhere (a merged or rephrased sentence).
     */
    private boolean numberScoped(Analysis.Fact q, List<Analysis.Fact> candidates) {
        int sentence = s.tok(q.start).sentence;
        if (!anchors.hasAnchors(sentence)) {
            return false;
        }
        IntList drug = drugPositions(q);
        if (!drug.isEmpty()) {
            return !inAnchors(drug, q.start).isEmpty();
        }
        if (q.anchor >= 0 && !inAnchors(positions(q.anchor), q.anchor).isEmpty()) {
            return true;
        }
        if (anchors.placed(sentence)) {
            for (Analysis.Fact f : candidates) {
                if (inAnchors(f, q.start)) {
                    return true;
                }
            }
        }
        return false;
    }

    private List<Analysis.Fact> inAnchors(List<Analysis.Fact> facts, Analysis.Fact q) {
        List<Analysis.Fact> in = new ArrayList<>();
        for (Analysis.Fact f : facts) {
            if (inAnchors(f, q.start)) {
                in.add(f);
            }
        }
        return in;
    }

    /** The report number f measures the term at one of these positions: the first number after it in its sentence. */
    private boolean measures(IntList term, Analysis.Fact f) {
        for (int a = 0; a < term.size(); a++) {
            int p = term.get(a);
            if (f.anchor == p) {
                return true;
            }
            if (p >= f.start || r.tok(p).sentence != f.sentence || f.start - p > 12) {
                continue;
            }
            boolean first = true;
            for (int k = p + 1; k < f.start && first; k++) {
                first = !r.tok(k).isNumeric() && r.numbers[k] == null;
            }
            if (first) {
                return true;
            }
        }
        return false;
    }

    /** The report number f is near an occurrence of the term (the same or the next sentence). */
    private boolean nearby(IntList term, Analysis.Fact f) {
        for (int a = 0; a < term.size(); a++) {
            if (Math.abs(r.tok(term.get(a)).sentence - f.sentence) <= 1) {
                return true;
            }
        }
        return false;
    }

    /** Where the report names the medication of a summary fact (any word of its name), empty if nowhere. */
    private IntList drugPositions(Analysis.Fact f) {
        IntList out = new IntList();
        if (f.drug >= 0) {
            for (int k = f.drugFrom; k <= f.drug; k++) {
                out.addAll(positions(k));
            }
        }
        return out;
    }

    /** The report fact belongs to a medication named at one of these positions. */
    private static boolean sameDrug(IntList drug, Analysis.Fact g) {
        if (g.drug < 0) {
            return false;
        }
        for (int i = 0; i < drug.size(); i++) {
            if (drug.get(i) >= g.drugFrom && drug.get(i) <= g.drug) {
                return true;
            }
        }
        return false;
    }

    /** A frequency or route: the report must give it, and for the same medication when it names that one. */
    private void anchored(Analysis.Fact f, FindingKind kind) {
        List<Analysis.Fact> candidates = reportFacts.getOrDefault(f.type + ":" + f.value, List.of());
        if (candidates.isEmpty()) {
            add(kind, f.start, f.end);
            return;
        }
        IntList drug = drugPositions(f);
        if (!drug.isEmpty()) {
            for (Analysis.Fact g : candidates) {
                if (sameDrug(drug, g)) {
                    return;
                }
            }
            add(kind, f.start, f.end);
        }
    }

    // ------------------------------------------------------------------------------------------------------ modifiers
    private void modifiers() {
        Map<String, Integer> sidesSoFar = new HashMap<>();
        for (Analysis.Mod mod : s.mods) {
            if (covered[mod.token()] || covered[mod.target()]) {
                continue;
            }
            Analysis.Mention target = s.mentionAt(mod.target());
            int targetEnd = target != null ? target.end() : mod.target() + 1;
            IntList all = positions(mod.target());
            IntList pos = scoped(all, mod.target());
            for (Vocabulary.Modifier m : mod.modifiers()) {
                if (!verified(m, pos, mod) || pos != all && !counted(m, pos, mod, sidesSoFar)) {
                    add(FindingKind.LATERALITY, mod.token(), Math.max(targetEnd, mod.token() + 1));
                    break;
                }
            }
        }
    }

    /**
     * A side may be given once per time its source sentence gives it for that term: "right and right pelvic lymph
     * nodes" where the source says "right and left", "the right total knee ... the right total knee" where it names
     * each knee once.
     */
    private boolean counted(Vocabulary.Modifier m, IntList pos, Analysis.Mod mod, Map<String, Integer> sidesSoFar) {
        if (m.axis() != Vocabulary.Axis.SIDE || m.value().equals("BIL") || mod.token() == mod.target()) {
            return true;
        }
        int given = 0;
        for (int k = 0; k < pos.size(); k++) {
            Set<String> at = r.modifiersOf(pos.get(k)).get(Vocabulary.Axis.SIDE);
            if (at != null && at.contains("BIL")) {
                return true;
            }
            if (at != null && at.contains(m.value())) {
                given++;
            }
        }
        Analysis.Mention target = s.mentionAt(mod.target());
        String key = s.tok(mod.token()).sentence + ":" + m.value() + ":"
                + (target != null ? Arrays.toString(target.concepts()) : s.tok(mod.target()).stem);
        // "on the left with the left uterine cornu": two side words, one cornu; count the terms given a side
        if (sidesSoFar.put(key + "@" + mod.target(), 1) != null) {
            return true;
        }
        int used = sidesSoFar.merge(key, 1, Integer::sum);
        return used <= given;
    }

    private boolean verified(Vocabulary.Modifier m, IntList pos, Analysis.Mod mod) {
        if (pos.isEmpty()) {
            // the report lacks the term (a finding of its own); the side must at least appear in it
            return mod.token() == mod.target() || sideInSource(mod.token(), m);
        }
        Set<String> values = new HashSet<>();
        for (int i = 0; i < pos.size(); i++) {
            Set<String> at = r.modifiersOf(pos.get(i)).get(m.axis());
            if (at != null) {
                values.addAll(at);
            }
        }
        if (values.contains(m.value())) {
            return true;
        }
        if (m.axis() == Vocabulary.Axis.SIDE) {
            if (values.contains("BIL") || m.value().equals("BIL") && values.contains("L") && values.contains("R")) {
                return true;
            }
            return false;
        }
        return values.isEmpty();
    }

    /**
     * A side word that qualifies no term the check knows ("on the right.", "stone left at the end"): its sentence's
     * anchors must give that side; when the sentence is not placed, the report anywhere.
     */
    private void sides() {
        sideOrder();
        boolean[] modifying = new boolean[s.n];
        for (Analysis.Mod mod : s.mods) {
            modifying[mod.token()] = true;
        }
        for (int i = 0; i < s.n; i++) {
            if (!s.word(i) || covered[i] || modifying[i] || s.mentionAt(i) != null) {
                continue;
            }
            List<Vocabulary.Modifier> ms = s.modifiers(i);
            if (ms == null) {
                continue;
            }
            for (Vocabulary.Modifier m : ms) {
                if (m.axis() == Vocabulary.Axis.SIDE && !sideInSource(i, m)) {
                    add(FindingKind.LATERALITY, i, i + 1);
                    break;
                }
            }
        }
    }

    /**
     * In a sentence copied from one report sentence, the sides come in the same order as there: "from left to right"
     * made "from right to right", "the right ear with the head turned to the left" made "... to the right". The first
     * side that differs from the best anchor that gives as many sides is the finding, unless another anchor gives the
     * same sides in the same order (a report may describe each side in near-identical sentences).
     */
    private void sideOrder() {
        int from = 0;
        while (from < s.n) {
            int sentence = s.tok(from).sentence;
            int to = from;
            while (to < s.n && s.tok(to).sentence == sentence) {
                to++;
            }
            int[] ranked = anchors.ranked(sentence);
            if (anchors.copied(sentence) && ranked.length > 0) {
                IntList mine = sideWords(s, from, to);
                int differs = -1;
                for (int a = 0; a < ranked.length; a++) {
                    IntList source = sideWords(r, sentenceStart(ranked[a]), sentenceEnd(ranked[a]));
                    if (mine.size() != source.size()) {
                        continue;
                    }
                    int first = -1;
                    for (int k = 0; k < mine.size() && first < 0; k++) {
                        first = side(s, mine.get(k)).equals(side(r, source.get(k))) ? -1 : mine.get(k);
                    }
                    if (first < 0) {
                        differs = -1;
                        break; // an anchor gives the same sides in the same order
                    }
                    differs = differs < 0 ? first : differs;
                }
                if (differs >= 0 && !covered[differs]) {
                    add(FindingKind.LATERALITY, differs, differs + 1);
                }
            }
            from = to;
        }
    }

    /** The words of [from, to) that name one side, left or right ("bilateral" and "both" are not compared). */
    private static IntList sideWords(Analysis a, int from, int to) {
        IntList out = new IntList();
        for (int i = from; i < to; i++) {
            String side = side(a, i);
            if (side.equals("L") || side.equals("R")) {
                out.add(i);
            }
        }
        return out;
    }

    private static String side(Analysis a, int i) {
        List<Vocabulary.Modifier> ms = a.word(i) ? a.modifiers(i) : null;
        if (ms != null) {
            for (Vocabulary.Modifier m : ms) {
                if (m.axis() == Vocabulary.Axis.SIDE) {
                    return m.value();
                }
            }
        }
        return "";
    }

    private int sentenceStart(int sentence) {
        return r.sentenceStarts[sentence];
    }

    private int sentenceEnd(int sentence) {
        return sentence + 1 < r.sentences ? r.sentenceStarts[sentence + 1] : r.n;
    }

    /** The report gives this side in the anchors of summary token i's sentence (anywhere if it is not placed). */
    private boolean sideInSource(int i, Vocabulary.Modifier m) {
        IntList pos = r.byKey.get(s.tok(i).stem);
        if (pos == null || pos.isEmpty()) {
            return sideAnywhere(m);
        }
        if (!anchors.placed(s.tok(i).sentence)) {
            return true;
        }
        if (!inAnchors(pos, i).isEmpty()) {
            return true;
        }
        // "bilaterally" for "bilateral", "both sides": the same side in another word
        int sentence = s.tok(i).sentence;
        for (int j = 0; j < r.n; j++) {
            if (anchors.anchored(sentence, r.tok(j).sentence) && r.word(j)) {
                List<Vocabulary.Modifier> rm = r.modifiers(j);
                if (rm != null && rm.contains(m)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean sideAnywhere(Vocabulary.Modifier m) {
        for (int j = 0; j < r.n; j++) {
            List<Vocabulary.Modifier> rm = r.word(j) ? r.modifiers(j) : null;
            if (rm != null && rm.contains(m)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------------------------- terms
    private void terms() {
        for (int i = 0; i < s.n; i++) {
            Analysis.Mention m = s.mentionAt(i);
            if (m != null) {
                i = m.end() - 1;
                if (m.ambiguous() || anyConsumed(m.start(), m.end())) {
                    continue;
                }
                IntList pos = positions(m.start());
                if (pos.isEmpty()) {
                    missing(m.start(), m.end(), m.drug());
                } else if (otherSide(m, pos)) {
                    add(FindingKind.LATERALITY, m.start(), m.end());
                } else if (!bodyOnly(m) && head(m.end() - 1)) {
                    polarity(m.start(), m.end(), scoped(pos, m.start()));
                    Arrays.fill(asserted, m.start(), m.end(), true);
                }
            } else if (s.rare(i)) {
                IntList pos = positions(i);
                if (pos.isEmpty()) {
                    missing(i, i + 1, s.drugWord[i]);
                } else if (head(i)) {
                    polarity(i, i + 1, scoped(pos, i));
                    asserted[i] = true;
                }
            }
        }
    }

    /**
     * Every other content word the summary asserts, in a sentence copied from the report, against the same word in its
     * source sentence: "there were complications" where the source says "there were no complications", "with
     * difficulty" for "without difficulty". Only the source counts; a word it lacks is not compared. A word the summary
     * negates is left to the terms: a summary sentence may join report lines ("None" and "Cystoscopy: ..."), which
     * stretches a cue's scope over words the report never negated.
     */
    private void words() {
        for (int i = 0; i < s.n; i++) {
            if (asserted[i]
                    || covered[i]
                    || !s.word(i)
                    || s.cue[i]
                    || s.consumed[i]
                    || s.numbers[i] != null
                    || s.tok(i).norm.length() < 3
                    || v.stopwords.contains(s.tok(i).norm)
                    || s.negatedAt(i)
                    || s.possible[i]
                    || s.modifierWord[i]
                    || s.mentionAt(i) != null
                    || !anchors.copied(s.tok(i).sentence)) {
                continue;
            }
            IntList pos = inBestAnchor(r.byKey.get(s.tok(i).stem), i);
            if (!pos.isEmpty()) {
                polarity(i, i + 1, pos);
            }
        }
    }

    /**
     * A term whose name carries its side ("left atrium") that the report names, but not in the summary sentence's
     * source, where the same term has the other side ("right atrium").
     */
    private boolean otherSide(Analysis.Mention m, IntList pos) {
        List<Vocabulary.Modifier> side = s.modifiers(m.start());
        if (side == null || m.end() - m.start() < 2 || !anchors.placed(s.tok(m.start()).sentence)) {
            return false;
        }
        if (!inAnchors(pos, m.start()).isEmpty()) {
            return false;
        }
        return !inAnchors(together(m.start() + 1, m.end()), m.start()).isEmpty();
    }

    /** Body parts are not asserted or negated: the finding about them is. */
    private boolean bodyOnly(Analysis.Mention m) {
        for (int c : m.concepts()) {
            if (v.category[c] != Vocabulary.Category.BODY) {
                return false;
            }
        }
        return true;
    }

    /** The last term of its noun phrase ("pneumonia" in "RLL pneumonia"): the one negation and certainty are about. */
    private boolean head(int last) {
        int next = last + 1;
        if (next >= s.n || !s.word(next)) {
            return true;
        }
        Analysis.Mention m = s.mentionAt(next);
        return !(m != null && !m.ambiguous() || s.rare(next));
    }

    private boolean anyConsumed(int from, int to) {
        for (int k = from; k < to; k++) {
            if (s.consumed[k] || s.cue[k]) {
                return true;
            }
        }
        return false;
    }

    /** A term the report lacks; a concept named with another side ("left ventricle") is a laterality finding. */
    private void missing(int from, int to, boolean drug) {
        if (to - from > 1 && s.modifiers(from) != null) {
            IntList rest = together(from + 1, to);
            if (!rest.isEmpty()) {
                add(FindingKind.LATERALITY, from, to);
                return;
            }
        }
        add(drug ? FindingKind.MEDICATION : FindingKind.DIAGNOSIS, from, to);
    }

    private void polarity(int from, int to, IntList pos) {
        boolean summaryNeg = s.negatedAt(from);
        boolean summaryPossible = s.possible[from];
        boolean neg = false;
        boolean certain = false;
        boolean possible = false;
        for (int k = 0; k < pos.size(); k++) {
            int p = pos.get(k);
            if (r.negatedAt(p)) {
                neg = true;
            } else if (r.possible[p]) {
                possible = true;
            } else {
                certain = true;
            }
        }
        boolean onlyNegated = neg && !certain && !possible;
        if (summaryNeg) {
            if (!neg && certain) {
                addWithCue(FindingKind.NEGATION, from, to);
            } else if (!neg && possible) {
                addWithCue(FindingKind.CERTAINTY, from, to);
            }
        } else if (summaryPossible) {
            if (onlyNegated) {
                addWithCue(FindingKind.NEGATION, from, to);
            }
        } else if (onlyNegated) {
            add(FindingKind.NEGATION, phraseStart(from), to);
        } else if (!certain && possible) {
            add(FindingKind.CERTAINTY, phraseStart(from), to);
        }
    }

    /** The first term of the noun phrase that ends with the term at {@code from}: "pleural" of "pleural effusion". */
    private int phraseStart(int from) {
        int start = from;
        while (start > 0 && s.word(start - 1) && !s.cue[start - 1]) {
            Analysis.Mention m = s.mentionAt(start - 1);
            if (m != null && !m.ambiguous()) {
                start = m.start();
            } else if (m == null && (s.rare(start - 1) || s.modifierWord[start - 1])) {
                start--;
            } else {
                break;
            }
        }
        return start;
    }

    /** The term with the cue that qualifies it, when the cue is in the same clause. */
    private void addWithCue(FindingKind kind, int from, int to) {
        int clause = s.tok(from).clause;
        int start = phraseStart(from);
        int end = to;
        for (int j = start - 1; j >= 0 && s.tok(j).clause == clause && from - j <= 10; j--) {
            if (s.cue[j]) {
                start = j;
                while (start > 0 && s.cue[start - 1] && s.tok(start - 1).clause == clause) {
                    start--;
                }
                break;
            }
        }
        if (start == phraseStart(from)) {
            for (int j = to; j < s.n && s.tok(j).clause == clause && j - to <= 6; j++) {
                if (s.cue[j]) {
                    end = j + 1;
                    while (end < s.n && s.cue[end]) {
                        end++;
                    }
                    break;
                }
            }
        }
        add(kind, start, end);
    }
}
