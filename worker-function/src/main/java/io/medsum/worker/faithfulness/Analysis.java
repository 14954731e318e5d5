package io.medsum.worker.faithfulness;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One text, read once: tokens with stems, concept mentions (longest match against the WordNet names), the assertion of
 * every token (negated, possible: NegEx-style cue scopes), and typed facts (dates, quantities, frequencies, routes,
 * body-site modifiers) with the medication each fact belongs to. The report's analysis is also indexed
 * ({@link #index()}) so that the summary's facts are looked up, not searched.
 */
final class Analysis {
    /** Words that end a negation or speculation scope (NegEx termination terms). */
    private static final Set<String> TERMINATORS = Set.of(
            "but",
            "however",
            "although",
            "though",
            "except",
            "whereas",
            "yet",
            "nevertheless",
            "which",
            "who",
            "apart",
            "aside",
            "otherwise",
            "still",
            "positive",
            "reports",
            "reported",
            "complains",
            "endorses",
            "admits",
            "presents",
            "presented");
    /** Look like negations, negate nothing (NegEx pseudo-triggers). */
    private static final Set<String> PSEUDO = Set.of(
            "no change",
            "no significant change",
            "no interval change",
            "no definite change",
            "no increase",
            "no decrease",
            "not only",
            "not necessarily",
            "gram negative",
            "without difficulty",
            "no longer than",
            "not certain whether",
            "not certain if");
    /** Negations that follow what they negate: "pulses absent", "troponin negative", "PE was ruled out". */
    private static final Set<String> POST_NEGATION =
            Set.of("absent", "negative", "excluded", "ruled out", "rules out", "denied");
    /** After "not", these make it negate what came before: "a mass is not seen". */
    private static final Set<String> NOT_SEEN = Set.of(
            "seen",
            "present",
            "identified",
            "found",
            "noted",
            "appreciated",
            "visualized",
            "detected",
            "demonstrated",
            "evident",
            "elicited",
            "palpable");
    /** Speculation that follows what it qualifies: "pneumonia is suspected", "PE cannot be excluded". */
    private static final Set<String> POST_SPECULATION = Set.of(
            "suspected",
            "likely",
            "unlikely",
            "possible",
            "probable",
            "questionable",
            "suggested",
            "doubtful",
            "presumed");
    /** Route phrases HL7 has no code for. */
    private static final String[][] ROUTE_PHRASES = {
        {"by", "mouth", "PO"}, {"per", "os", "PO"}, {"per", "rectum", "PR"}, {"under", "the", "tongue", "SL"}
    };
    /** INN stems (WHO, "The use of stems in the selection of INN") that mark a word unknown to WordNet as a drug. */
    private static final String[] DRUG_STEMS = {
        "pril",
        "sartan",
        "olol",
        "alol",
        "dipine",
        "statin",
        "prazole",
        "tidine",
        "floxacin",
        "cillin",
        "mycin",
        "micin",
        "cycline",
        "conazole",
        "nidazole",
        "vir",
        "mab",
        "tinib",
        "parin",
        "xaban",
        "gatran",
        "gliflozin",
        "gliptin",
        "glutide",
        "glinide",
        "triptan",
        "setron",
        "afil",
        "caine",
        "azepam",
        "zolam",
        "barbital",
        "profen",
        "fenac",
        "coxib",
        "olone",
        "sonide",
        "terol",
        "tropium",
        "lukast",
        "dronate",
        "oxetine",
        "triptyline",
        "peridol",
        "peridone",
        "apine",
        "semide",
        "thiazide",
        "zosin",
        "fibrate",
        "grel",
        "phylline",
        "cef",
        "pam",
        "sone",
        "tadine",
        "zepine",
        "lamide",
        "lutamide"
    };

    final Vocabulary v;
    final List<Token> tokens;
    final int n;
    final BigDecimal[] numbers;
    final int[] numberSpan;
    final int[] mentionOf;
    final List<Mention> mentions = new ArrayList<>();
    final boolean[] negated;
    final boolean[] possible;
    final boolean[] cue;
    final boolean[] consumed;
    final boolean[] modifierWord;
    final boolean[] drugWord;
    final List<Fact> facts = new ArrayList<>();
    final List<Mod> mods = new ArrayList<>();
    final int sentences;
    /** The first token of each sentence. */
    int[] sentenceStarts;

    // the index, for the report
    Map<String, IntList> byKey;
    Map<Integer, IntList> byConcept;
    final boolean[] flip;

    /** A concept mention: tokens [start, end), the concepts named, whether the name negates them. */
    record Mention(int start, int end, int[] concepts, boolean negatingName, boolean ambiguous, boolean drug) {}

    /** A body-site modifier at {@code token} ("left"), about the term starting at {@code target} ("knee"). */
    record Mod(int token, List<Vocabulary.Modifier> modifiers, int target) {}

    enum FactType {
        QUANTITY,
        FREQUENCY,
        ROUTE,
        DATE,
        TIME
    }

    /** A typed fact over tokens [start, end). */
    static final class Fact {
        final FactType type;
        final int start;
        final int end;
        final String value;
        final Vocabulary.Unit unit;
        final String base;
        final int sentence;
        /** Tokens [drugFrom, drug] name the medication this fact belongs to ("metoprolol tartrate"); -1: none. */
        int drug = -1;

        int drugFrom = -1;
        /** An age: "67-year-old", "67 years old". */
        boolean age;
        /** Token of the nearest clinical term before a number ("EF 35%": EF), or -1. */
        int anchor = -1;

        Fact(FactType type, int start, int end, String value, Vocabulary.Unit unit, String base, int sentence) {
            this.type = type;
            this.start = start;
            this.end = end;
            this.value = value;
            this.unit = unit;
            this.base = base;
            this.sentence = sentence;
        }
    }

    Analysis(Vocabulary v, String text) {
        this.v = v;
        this.tokens = Tokenizer.tokenize(text);
        this.n = tokens.size();
        numbers = new BigDecimal[n];
        numberSpan = new int[n];
        mentionOf = new int[n];
        Arrays.fill(mentionOf, -1);
        negated = new boolean[n];
        possible = new boolean[n];
        cue = new boolean[n];
        consumed = new boolean[n];
        modifierWord = new boolean[n];
        drugWord = new boolean[n];
        flip = new boolean[n];
        sentences = structure();
        numbers();
        mentions();
        assertions();
        facts();
        markModifierWords();
        drugs();
        anchors();
        modifiers();
    }

    Token tok(int i) {
        return tokens.get(i);
    }

    boolean word(int i) {
        return i >= 0 && i < n && tokens.get(i).isWord();
    }

    String norm(int i) {
        return i >= 0 && i < n ? tokens.get(i).norm : "";
    }

    // ---------------------------------------------------------------------------------------------------- structure
    private int structure() {
        int sentence = 0;
        int clause = 0;
        IntList starts = new IntList();
        starts.add(0);
        for (int i = 0; i < n; i++) {
            Token t = tokens.get(i);
            if (t.isWord()) {
                t.stem = v.stem(t.norm);
                if (TERMINATORS.contains(t.norm)) {
                    clause++;
                }
            }
            t.sentence = sentence;
            t.clause = clause;
            if (t.type == Token.Type.END) {
                sentence++;
                clause++;
                starts.add(i + 1);
            } else if (t.type == Token.Type.CLAUSE) {
                clause++;
            }
        }
        sentenceStarts = starts.toArray();
        return sentence + 1;
    }

    private void numbers() {
        for (int i = 0; i < n; i++) {
            Token t = tokens.get(i);
            if (t.type == Token.Type.NUMBER) {
                numbers[i] = t.number;
                numberSpan[i] = 1;
            } else if (t.isWord()) {
                BigDecimal w = NumberWords.value(t.norm);
                if (w != null) {
                    numbers[i] = w;
                    numberSpan[i] = 1;
                    if (NumberWords.isTens(t.norm) && word(i + 1)) {
                        BigDecimal unit = NumberWords.value(norm(i + 1));
                        if (unit != null && unit.intValue() < 10) {
                            numbers[i] = w.add(unit);
                            numberSpan[i] = 2;
                            i++;
                        }
                    }
                }
            }
        }
        // "one", "a", "an", "single" are 1 only before a unit or "time(s)": "a week", "one tablet"
        for (int i = 0; i + 1 < n; i++) {
            boolean article = norm(i).equals("a") || norm(i).equals("an");
            String before = norm(i - 1);
            if (article && !(before.equals("for") || before.equals("x") || before.equals("over"))) {
                continue;
            }
            if (word(i) && NumberWords.isOne(norm(i)) && numbers[i] == null) {
                String next = norm(i + 1);
                if (unitAt(i + 1) != null && !next.equals("%") || next.equals("time") || next.equals("times")) {
                    numbers[i] = BigDecimal.ONE;
                    numberSpan[i] = 1;
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- mentions
    private void mentions() {
        int max = v.maxPhraseTokens;
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (!word(i) || v.stopwords.contains(norm(i))) {
                continue;
            }
            key.setLength(0);
            Vocabulary.Phrase best = null;
            int bestEnd = -1;
            for (int j = i; j < n && j - i < max; j++) {
                Token t = tokens.get(j);
                if (!t.isWord() && t.type != Token.Type.NUMBER) {
                    break;
                }
                if (j > i) {
                    key.append(' ');
                }
                key.append(t.isWord() ? t.stem : t.norm);
                String k = key.toString();
                Vocabulary.Phrase p = v.phrases.get(k);
                if (p != null) {
                    best = p;
                    bestEnd = j + 1;
                }
                if (!v.phrasePrefixes.contains(k)) {
                    break;
                }
            }
            if (best == null || bestEnd == i + 1 && norm(i).length() <= 2 && !tokens.get(i).upper) {
                continue; // "x", "ms": letters are not names
            }
            boolean neg = best.concepts.length == 0;
            int[] concepts = neg ? best.negated : best.concepts;
            boolean drug = false;
            for (int c : concepts) {
                drug |= v.isDrug(c);
            }
            boolean ambiguous = best.ambiguous && bestEnd == i + 1;
            if (ambiguous && modifiers(i) != null) {
                continue; // "left" is a side here, not the left hand
            }
            Mention m = new Mention(i, bestEnd, concepts, neg, ambiguous, drug);
            flip[i] = neg;
            for (int j = i; j < bestEnd; j++) {
                mentionOf[j] = mentions.size();
            }
            mentions.add(m);
            i = bestEnd - 1;
        }
    }

    Mention mentionAt(int i) {
        return i >= 0 && i < n && mentionOf[i] >= 0 ? mentions.get(mentionOf[i]) : null;
    }

    // -------------------------------------------------------------------------------------------------- assertions
    private void assertions() {
        for (int i = 0; i < n; i++) {
            if (tokens.get(i).type == Token.Type.END) {
                continue;
            }
            String w0 = norm(i);
            boolean candidate = v.cueFirstWords.contains(w0)
                    || POST_NEGATION.contains(w0)
                    || w0.equals("can")
                    || w0.equals("cannot")
                    || w0.equals("cant")
                    || w0.equals("gram")
                    || w0.equals("without");
            if (!candidate) {
                continue;
            }
            if (headerNone(i)) {
                continue;
            }
            int pseudo = matchPhrase(i, PSEUDO);
            if (pseudo > 0) {
                // "without difficulty", "no change": they negate their own last word, nothing after it
                if (norm(i).equals("no") || norm(i).equals("without")) {
                    mark(i, i + 1);
                    set(i + pseudo - 1, true, false);
                }
                i += pseudo - 1;
                continue;
            }
            // "cannot exclude", "cannot be ruled out", "not excluded": speculation, not negation
            int composite = cannotExclude(i);
            if (composite > 0) {
                mark(i, i + composite);
                scope(i, i + composite, false, true, 4);
                i += composite - 1;
                continue;
            }
            if (norm(i).equals("not") && NOT_SEEN.contains(norm(i + 1))) {
                mark(i, i + 2);
                backward(i, true, false, 6);
                i++;
                continue;
            }
            if (norm(i).equals("negative") && norm(i + 1).equals("for")) {
                mark(i, i + 2);
                forward(i + 2, true, false);
                i++;
                continue;
            }
            int len = 0;
            Vocabulary.CueKind kind = null;
            StringBuilder key = new StringBuilder();
            for (int j = i; j < n && j - i < v.maxCueTokens; j++) {
                if (tokens.get(j).type == Token.Type.END) {
                    break;
                }
                if (j > i) {
                    key.append(' ');
                }
                key.append(norm(j));
                Vocabulary.CueKind k = v.cues.get(key.toString());
                if (k != null) {
                    kind = k;
                    len = j - i + 1;
                }
            }
            String single = norm(i);
            if (kind == null && POST_NEGATION.contains(single)) {
                mark(i, i + 1);
                backward(i, true, false, 6);
                continue;
            }
            if (kind == null) {
                continue;
            }
            mark(i, i + len);
            String phrase = key.length() > 0 ? joined(i, len) : single;
            boolean neg = kind == Vocabulary.CueKind.NEGATION;
            forward(i + len, neg, !neg);
            if (neg && (POST_NEGATION.contains(phrase) || phrase.equals("absent"))) {
                backward(i, true, false, 6);
            }
            if (!neg && POST_SPECULATION.contains(phrase)) {
                backward(i, false, true, 4);
            }
            i += len - 1;
        }
    }

    /** "COMPLICATIONS: None.": the header is what "none" negates, as in "There were no complications." */
    private boolean headerNone(int i) {
        if (!norm(i).equals("none") || i < 2) {
            return false;
        }
        // "COMPLICATIONS: None", "COMPLICATIONS:\nNone", and the corpus's "COMPLICATIONS:,None"
        Token.Type between = tokens.get(i - 1).type;
        int colon = between == Token.Type.END || between == Token.Type.COMMA ? i - 2 : i - 1;
        if (colon < 1 || !norm(colon).equals(":")) {
            return false;
        }
        mark(i, i + 1);
        int words = 0;
        for (int j = colon - 1; j >= 0 && words < 6; j--) {
            Token t = tokens.get(j);
            if (t.isBoundary() || t.type == Token.Type.COMMA) {
                break;
            }
            words += t.isWord() ? 1 : 0;
            set(j, true, false);
        }
        return true;
    }

    private String joined(int i, int len) {
        StringBuilder b = new StringBuilder();
        for (int j = i; j < i + len; j++) {
            if (j > i) {
                b.append(' ');
            }
            b.append(norm(j));
        }
        return b.toString();
    }

    private int matchPhrase(int i, Set<String> phrases) {
        StringBuilder b = new StringBuilder();
        int found = 0;
        for (int j = i; j < n && j - i < 5; j++) {
            if (j > i) {
                b.append(' ');
            }
            b.append(norm(j));
            if (phrases.contains(b.toString())) {
                found = j - i + 1;
            }
        }
        return found;
    }

    private int cannotExclude(int i) {
        String w = norm(i);
        int j = i + 1;
        if (w.equals("can") && norm(j).equals("not")) {
            j++;
        } else if (!w.equals("cannot") && !w.equals("can't") && !w.equals("cant") && !w.equals("not")) {
            return 0;
        }
        if (norm(j).equals("be")) {
            j++;
        }
        String verb = norm(j);
        if (verb.equals("exclude") || verb.equals("excluded")) {
            return j + 1 - i;
        }
        if ((verb.equals("rule") || verb.equals("ruled")) && norm(j + 1).equals("out")) {
            return j + 2 - i;
        }
        return 0;
    }

    private void mark(int from, int to) {
        for (int j = from; j < to && j < n; j++) {
            cue[j] = true;
        }
    }

    private void scope(int from, int to, boolean neg, boolean poss, int back) {
        forward(to, neg, poss);
        backward(from, neg, poss, back);
    }

    /**
     * From a cue to the end of its clause, at most eight words; a term of several words counts as one, so that a
     * synonym ("high blood pressure" for "hypertension") does not push what follows out of the scope.
     */
    private void forward(int from, boolean neg, boolean poss) {
        if (from >= n) {
            return;
        }
        int clause = tokens.get(Math.max(0, from - 1)).clause;
        int words = 0;
        for (int j = from; j < n && words < 8; j++) {
            Token t = tokens.get(j);
            if (t.isBoundary() || t.clause != clause) {
                break;
            }
            if (t.isWord() && (mentionOf[j] < 0 || j == 0 || mentionOf[j - 1] != mentionOf[j])) {
                words++;
            }
            set(j, neg, poss);
        }
    }

    /** Back from a post-cue to the previous comma or clause start, at most {@code max} words. */
    private void backward(int from, boolean neg, boolean poss, int max) {
        if (from <= 0) {
            return;
        }
        int clause = tokens.get(from).clause;
        int words = 0;
        for (int j = from - 1; j >= 0 && words < max; j--) {
            Token t = tokens.get(j);
            if (t.isBoundary() || t.type == Token.Type.COMMA || t.clause != clause) {
                break;
            }
            if (t.isWord()) {
                words++;
            }
            set(j, neg, poss);
        }
    }

    private void set(int j, boolean neg, boolean poss) {
        negated[j] |= neg;
        possible[j] |= poss;
    }

    // ------------------------------------------------------------------------------------------------------- facts
    /** The unit starting at token i: {unit, token count}, longest match first. */
    Object[] unitAt(int i) {
        if (i >= n) {
            return null;
        }
        for (int len = Math.min(v.maxUnitTokens, n - i); len >= 1; len--) {
            StringBuilder surface = new StringBuilder();
            StringBuilder stems = new StringBuilder();
            boolean ok = true;
            for (int j = i; j < i + len; j++) {
                Token t = tokens.get(j);
                if (t.isBoundary()
                        || t.type == Token.Type.COMMA
                        || t.isNumeric()
                        || t.type == Token.Type.DATE
                        || j > i && t.type == Token.Type.SYMBOL && t.norm.equals("-")) {
                    ok = false;
                    break;
                }
                if (j > i) {
                    surface.append(' ');
                    stems.append(' ');
                }
                surface.append(t.norm);
                stems.append(t.isWord() ? t.stem : t.norm);
            }
            if (!ok) {
                continue;
            }
            Vocabulary.Unit u = v.units.get(surface.toString());
            if (u == null) {
                u = v.units.get(stems.toString());
            }
            if (u != null) {
                return new Object[] {u, len};
            }
        }
        return null;
    }

    private void facts() {
        for (int i = 0; i < n; i++) {
            if (consumed[i] || cue[i] && numbers[i] == null) {
                continue;
            }
            Token t = tokens.get(i);
            if (t.type == Token.Type.DATE) {
                addFact(new Fact(FactType.DATE, i, i + 1, t.norm, null, null, t.sentence));
                continue;
            }
            if (t.type == Token.Type.TIME) {
                addFact(new Fact(FactType.TIME, i, i + 1, t.norm, null, null, t.sentence));
                continue;
            }
            Object[] date = Dates.named(tokens, i);
            if (date != null) {
                int end = (Integer) date[0];
                addFact(new Fact(FactType.DATE, i, end, (String) date[1], null, null, t.sentence));
                i = end - 1;
                continue;
            }
            Frequencies.Parsed f = Frequencies.parse(tokens, i, numbers, v);
            if (f != null && f.canonical() != null) {
                addFact(new Fact(FactType.FREQUENCY, i, f.end(), f.canonical(), null, null, t.sentence));
                i = f.end() - 1;
                continue;
            }
            if (numbers[i] != null || t.type == Token.Type.RATIO) {
                i = quantity(i) - 1;
                continue;
            }
            Route route = route(i);
            if (route != null) {
                addFact(new Fact(FactType.ROUTE, i, i + route.length(), route.code(), null, null, t.sentence));
                i += route.length() - 1;
            }
        }
    }

    private void addFact(Fact f) {
        facts.add(f);
        for (int j = f.start; j < f.end; j++) {
            consumed[j] = true;
        }
    }

    private record Route(int length, String code) {}

    /** A route of administration at token i, as its HL7 v2-0162 code. */
    private Route route(int i) {
        Token t = tokens.get(i);
        if (!t.isWord()) {
            return null;
        }
        for (String[] phrase : ROUTE_PHRASES) {
            boolean match = true;
            for (int k = 0; k < phrase.length - 1 && match; k++) {
                match = norm(i + k).equals(phrase[k]);
            }
            if (match) {
                return new Route(phrase.length - 1, phrase[phrase.length - 1]);
            }
        }
        String code = v.routeCodes.get(t.norm);
        if (code != null && t.norm.length() >= 2 && Frequencies.codeAllowed(t, v)) {
            return new Route(1, code);
        }
        String byWord = v.routeWords.get(t.stem);
        return byWord == null ? null : new Route(1, byWord);
    }

    /** Reads the quantity whose first number is at token i; returns the token after it. */
    private int quantity(int i) {
        Token first = tokens.get(i);
        // "1." or "2)" opening a line or sentence is a list number
        boolean lineStart = i == 0 || tokens.get(i - 1).type == Token.Type.END;
        if (lineStart
                && first.type == Token.Type.NUMBER
                && i + 1 < n
                && (tokens.get(i + 1).type == Token.Type.END || norm(i + 1).equals(")"))) {
            consumed[i] = true;
            return i + 1;
        }
        List<Integer> values = new ArrayList<>();
        values.add(i);
        int j = i + Math.max(1, numberSpan[i]);
        if (j + 1 < n
                && (norm(j).equals("-") || norm(j).equals("to"))
                && numbers[j + 1] != null
                && first.type != Token.Type.RATIO) {
            values.add(j + 1);
            j = j + 1 + Math.max(1, numberSpan[j + 1]);
        }
        if (j + 1 < n && norm(j).equals("-") && word(j + 1) && unitAt(j + 1) != null) {
            j++; // "5-day", "65-year-old"
        }
        Object[] unit = unitAt(j);
        Vocabulary.Unit u = unit == null ? null : (Vocabulary.Unit) unit[0];
        int end = unit == null ? j : j + (Integer) unit[1];
        boolean times = i > 0 && norm(i - 1).equals("x");
        boolean age = norm(end - 1).equals("old") || norm(end).equals("old");
        for (int k : values) {
            Token t = tokens.get(k);
            String value = t.type == Token.Type.RATIO ? t.norm : Tokenizer.canonical(numbers[k]);
            Fact f = new Fact(
                    FactType.QUANTITY,
                    i,
                    end,
                    value,
                    u,
                    t.type == Token.Type.RATIO ? null : Units.base(numbers[k], u),
                    first.sentence);
            f.age = age;
            facts.add(f);
        }
        for (int k = times ? i - 1 : i; k < end; k++) {
            consumed[k] = true;
        }
        return end;
    }

    // ------------------------------------------------------------------------------------------------------- drugs
    /** Drug words: drug concepts, and words WordNet lacks that carry an INN stem or are followed by a dose. */
    private void drugs() {
        for (Mention m : mentions) {
            if (m.drug() && !m.ambiguous()) {
                drugWord[m.start()] = true;
            }
        }
        Map<Integer, Fact> doseAfter = new HashMap<>();
        for (Fact f : facts) {
            if (f.type == FactType.QUANTITY && Units.isDose(f.unit)) {
                doseAfter.put(f.start, f);
            }
        }
        for (int i = 0; i < n; i++) {
            if (!rare(i) || mentionOf[i] >= 0) {
                continue;
            }
            String w = norm(i);
            boolean stem = false;
            for (String s : DRUG_STEMS) {
                if (w.length() >= s.length() + 3 && (s.equals("cef") ? w.startsWith(s) : w.endsWith(s))) {
                    stem = true;
                    break;
                }
            }
            if (stem || doseAfter.containsKey(i + 1) || doseAfter.containsKey(i + 2) && word(i + 1) && rare(i + 1)) {
                drugWord[i] = true;
            }
        }
    }

    /** A word that is neither a stop word, nor general English, nor a number, cue, unit or modifier. */
    boolean rare(int i) {
        if (!word(i) || consumed[i] || cue[i] || numbers[i] != null || modifierWord[i]) {
            return false;
        }
        Token t = tokens.get(i);
        if (v.stopwords.contains(t.norm) || v.commonStems.contains(t.stem)) {
            return false;
        }
        boolean letter = false;
        for (int k = 0; k < t.norm.length() && !letter; k++) {
            letter = Character.isLetter(t.norm.charAt(k));
        }
        return letter && (t.norm.length() >= 3 || t.upper && t.norm.length() == 2);
    }

    // ----------------------------------------------------------------------------------------------------- anchors
    private void anchors() {
        for (Fact f : facts) {
            if (f.type == FactType.DATE || f.type == FactType.TIME) {
                continue;
            }
            int sentence = f.sentence;
            for (int j = f.start - 1; j >= 0 && f.start - j <= 12; j--) {
                Token t = tokens.get(j);
                if (t.sentence != sentence || t.type == Token.Type.COMMA || t.type == Token.Type.CLAUSE) {
                    break;
                }
                boolean drugHere = drugWord[j]
                        || mentionOf[j] >= 0
                                && drugWord[mentions.get(mentionOf[j]).start()];
                if (!consumed[j] && drugHere) {
                    f.drug = mentionOf[j] >= 0 ? mentions.get(mentionOf[j]).start() : j;
                    f.drugFrom = f.drug;
                    // the whole name: "metoprolol tartrate", "insulin glargine"
                    for (int k = f.drug - 1; k >= 0 && f.drug - k <= 3 && tokens.get(k).sentence == sentence; k--) {
                        Mention mk = mentionAt(k);
                        if (drugWord[k] || mk != null && drugWord[mk.start()] || rare(k)) {
                            f.drugFrom = mk != null ? mk.start() : k;
                            k = f.drugFrom;
                        } else {
                            break;
                        }
                    }
                    break;
                }
                Mention other = mentionAt(j);
                if (!consumed[j] && (other != null && !other.ambiguous() || rare(j))) {
                    break; // another term comes first: "warfarin 5 mg with an INR goal of 2-3"
                }
            }
            if (f.drug < 0) {
                for (int j = f.end; j < n && j - f.end < 4; j++) {
                    Token t = tokens.get(j);
                    if (t.sentence != sentence || t.isNumeric()) {
                        break;
                    }
                    if (drugWord[j]) {
                        f.drug = j;
                        f.drugFrom = j;
                        break;
                    }
                }
            }
            if (f.type == FactType.QUANTITY && f.drug < 0) {
                for (int j = f.start - 1; j >= 0 && f.start - j <= 4; j--) {
                    Token t = tokens.get(j);
                    if (t.sentence != sentence || t.isNumeric() || consumed[j] && !cue[j]) {
                        break;
                    }
                    Mention m = mentionAt(j);
                    if (m != null && !m.ambiguous() || m == null && rare(j)) {
                        f.anchor = m != null ? m.start() : j;
                        break;
                    }
                }
            }
        }
    }

    // --------------------------------------------------------------------------------------------------- modifiers
    private void markModifierWords() {
        for (int i = 0; i < n; i++) {
            if (word(i) && mentionOf[i] < 0 && !consumed[i] && modifiers(i) != null) {
                modifierWord[i] = true;
            }
        }
    }

    private void modifiers() {
        for (int i = 0; i < n; i++) {
            if (!modifierWord[i]) {
                continue;
            }
            List<Vocabulary.Modifier> mod = modifiers(i);
            if (tokens.get(i).norm.length() == 3 && tokens.get(i).upper) {
                mods.add(new Mod(i, mod, i)); // LLQ, RUQ: the quadrant is its own target
                continue;
            }
            int clause = tokens.get(i).clause;
            for (int j = i + 1; j < n && j - i <= 4; j++) {
                Token t = tokens.get(j);
                if (t.clause != clause || t.isBoundary() || t.type == Token.Type.COMMA || t.isNumeric()) {
                    break;
                }
                if (modifierWord[j] || !t.isWord() || v.stopwords.contains(t.norm) || t.stem.equals("side")) {
                    continue;
                }
                if (mentionOf[j] >= 0 || rare(j)) {
                    mods.add(new Mod(
                            i,
                            mod,
                            mentionOf[j] >= 0 ? mentions.get(mentionOf[j]).start() : j));
                    break;
                }
            }
        }
    }

    List<Vocabulary.Modifier> modifiers(int i) {
        if (!word(i)) {
            return null;
        }
        Token t = tokens.get(i);
        if (t.norm.equals("both")) {
            return List.of(new Vocabulary.Modifier(Vocabulary.Axis.SIDE, "BIL"));
        }
        List<Vocabulary.Modifier> m = v.modifiers.get(t.norm);
        return m == null || m.isEmpty() ? null : m;
    }

    /**
     * The modifiers that apply to the term at position p, per axis: those before it in its clause up to the previous
     * term ("right and left lobes": both sides), or one right after it ("the knee on the left.").
     */
    Map<Vocabulary.Axis, Set<String>> modifiersOf(int p) {
        Map<Vocabulary.Axis, Set<String>> found = new EnumMap<>(Vocabulary.Axis.class);
        List<Vocabulary.Modifier> own = modifiers(p);
        if (own != null && tokens.get(p).upper) {
            put(found, own);
        }
        int clause = tokens.get(p).clause;
        for (int j = p - 1; j >= 0 && p - j <= 5; j--) {
            Token t = tokens.get(j);
            if (t.clause != clause || t.isBoundary() || t.type == Token.Type.COMMA) {
                break;
            }
            List<Vocabulary.Modifier> ms = modifiers(j);
            if (ms != null) {
                put(found, ms);
            } else if (mentionOf[j] >= 0 && !mentions.get(mentionOf[j]).ambiguous() || rare(j)) {
                break; // another term: "left knee and hip" gives the hip no side
            }
        }
        if (found.isEmpty()) {
            for (int j = p + 1; j < n && j - p <= 3; j++) {
                Token t = tokens.get(j);
                if (t.clause != clause || t.isBoundary()) {
                    break;
                }
                List<Vocabulary.Modifier> ms = modifiers(j);
                if (ms != null
                        && (j + 1 >= n
                                || tokens.get(j + 1).isBoundary()
                                || tokens.get(j + 1).type == Token.Type.COMMA)) {
                    put(found, ms);
                }
            }
        }
        return found;
    }

    private static void put(Map<Vocabulary.Axis, Set<String>> found, List<Vocabulary.Modifier> ms) {
        for (Vocabulary.Modifier m : ms) {
            found.computeIfAbsent(m.axis(), k -> new HashSet<>()).add(m.value());
        }
    }

    // ------------------------------------------------------------------------------------------------------- index
    void index() {
        byKey = new HashMap<>(n * 2);
        byConcept = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Token t = tokens.get(i);
            if (!t.isWord()) {
                continue;
            }
            addKey(t.stem, i);
            String fallback = v.fallbackStem(t.norm);
            if (fallback != null) {
                addKey(fallback, i);
            }
            if (t.hyphenated && word(i - 1)) {
                addKey(v.stem(norm(i - 1) + t.norm), i - 1);
            }
        }
        for (Mention m : mentions) {
            addConcepts(m.concepts(), m.start());
        }
    }

    void addKey(String key, int pos) {
        byKey.computeIfAbsent(key, k -> new IntList()).add(pos);
    }

    void addConcepts(int[] concepts, int pos) {
        for (int c : concepts) {
            for (int a : v.ancestors[c]) {
                byConcept.computeIfAbsent(a, k -> new IntList()).add(pos);
            }
        }
    }

    /** Negated at position p, taking names that negate their concept ("afebrile") into account. */
    boolean negatedAt(int p) {
        return negated[p] ^ flip[p];
    }
}
