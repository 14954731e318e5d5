package io.medsum.worker.faithfulness;

import java.util.ArrayList;
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

    Comparison(Vocabulary v, Analysis report, Analysis summary, String summaryText) {
        this.v = v;
        this.r = report;
        this.s = summary;
        this.summary = summaryText;
        this.covered = new boolean[summary.n];
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
        terms();
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
            for (Analysis.Fact f : same) {
                for (int a = 0; a < anchor.size(); a++) {
                    if (Math.abs(r.tok(anchor.get(a)).sentence - f.sentence) <= 1) {
                        return;
                    }
                }
            }
            add(kindOf(q), q.start, q.end);
        }
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
        for (Analysis.Mod mod : s.mods) {
            if (covered[mod.token()] || covered[mod.target()]) {
                continue;
            }
            Analysis.Mention target = s.mentionAt(mod.target());
            int targetEnd = target != null ? target.end() : mod.target() + 1;
            IntList pos = positions(mod.target());
            for (Vocabulary.Modifier m : mod.modifiers()) {
                if (!verified(m, pos, mod)) {
                    add(FindingKind.LATERALITY, mod.token(), Math.max(targetEnd, mod.token() + 1));
                    break;
                }
            }
        }
    }

    private boolean verified(Vocabulary.Modifier m, IntList pos, Analysis.Mod mod) {
        if (pos.isEmpty()) {
            // the report lacks the term (a finding of its own); the side must at least appear in it
            return r.byKey.containsKey(s.tok(mod.token()).stem) || mod.token() == mod.target();
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
                } else if (!bodyOnly(m) && head(m.end() - 1)) {
                    polarity(m.start(), m.end(), pos);
                }
            } else if (s.rare(i)) {
                IntList pos = positions(i);
                if (pos.isEmpty()) {
                    missing(i, i + 1, s.drugWord[i]);
                } else if (head(i)) {
                    polarity(i, i + 1, pos);
                }
            }
        }
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
