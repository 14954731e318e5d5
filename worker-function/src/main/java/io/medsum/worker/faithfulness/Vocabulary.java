package io.medsum.worker.faithfulness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The vocabulary of the faithfulness check, read once from the generated files next to this class (see
 * docs/vocabulary.md and scripts/refresh-vocabulary.sh): WordNet 3.1 concepts (drugs, findings, procedures, body parts)
 * with their synonyms and hierarchy, general-English lemmas, irregular inflections, cTAKES negation and speculation
 * cues, HL7 frequency, route and body-site codes, UCUM units and Snowball stop words.
 */
final class Vocabulary {
    enum Category {
        DRUG,
        FINDING,
        PROCEDURE,
        BODY
    }

    enum CueKind {
        NEGATION,
        SPECULATION,
        HYPOTHETICAL
    }

    enum Axis {
        SIDE,
        VERTICAL,
        FRONT_BACK,
        MEDIAL_LATERAL,
        PROXIMAL_DISTAL
    }

    /** A body-site modifier: its axis and value (an HL7 v2-0495 code: L, R, BIL, UPP, LOW ...). */
    record Modifier(Axis axis, String value) {}

    /** What a phrase (stems joined by spaces) names: concepts, concepts it negates, whether it is ambiguous alone. */
    static final class Phrase {
        int[] concepts = new int[0];
        int[] negated = new int[0];
        boolean ambiguous = true;
    }

    /** A unit: its UCUM code (canonical), its dimension for conversions, and the factor to the dimension's base. */
    record Unit(String code, String dimension, double factor) {}

    private static final String DIR = "/io/medsum/worker/faithfulness/";
    private static final Pattern LETTERS = Pattern.compile("[a-z]+");
    private static final Pattern PARENTHESES = Pattern.compile("\\(.*?\\)");
    /** A UCUM code usable as written once lower-cased and unbracketed: mg, mg/dl, mm[hg], %; not 10*3/ul. */
    private static final Pattern UNIT_CODE = Pattern.compile("[a-z%][a-z/%]*");

    private static volatile long loadNanos = -1;

    final Set<String> stopwords = new HashSet<>();
    final Set<String> commonStems = new HashSet<>();
    final Map<String, String> exceptions = new HashMap<>();
    /** Irregular forms that are words of their own ("left", "swollen"): their base is a second key only. */
    final Map<String, String> fallbacks = new HashMap<>();

    final Map<String, Phrase> phrases = new HashMap<>();
    /** Every proper prefix of a phrase key ("high blood" of "high blood pressure"): where matching goes on. */
    final Set<String> phrasePrefixes = new HashSet<>();

    int maxPhraseTokens = 1;
    Category[] category;
    String[] offsets;
    int[][] ancestors;
    int drugConcepts;
    final Map<String, CueKind> cues = new HashMap<>();
    /** First words of the cues: a token that is none of them starts no cue. */
    final Set<String> cueFirstWords = new HashSet<>();

    int maxCueTokens = 1;
    final Map<String, String> frequencyCodes = new HashMap<>();
    final Map<String, String> routeCodes = new HashMap<>();
    final Map<String, String> routeWords = new HashMap<>();
    final Map<String, List<Modifier>> modifiers = new HashMap<>();
    final Map<String, Unit> units = new HashMap<>();
    int maxUnitTokens = 1;

    private static final class Holder {
        static final Vocabulary INSTANCE = load();
    }

    static Vocabulary get() {
        return Holder.INSTANCE;
    }

    /** Nanoseconds the first {@link #get()} spent reading and indexing the files, or -1 before that. */
    static long loadNanos() {
        return loadNanos;
    }

    private static Vocabulary load() {
        long t0 = System.nanoTime();
        Vocabulary v = new Vocabulary();
        v.read();
        loadNanos = System.nanoTime() - t0;
        return v;
    }

    private Vocabulary() {}

    private void read() {
        for (String[] row : rows("snowball-stopwords.txt")) {
            stopwords.add(row[0]);
        }
        for (String[] row : rows("wordnet-exceptions.tsv")) {
            if (row.length > 2 && row[2].equals("lemma")) {
                fallbacks.put(row[0], row[1]);
            } else {
                exceptions.put(row[0], row[1]);
            }
        }
        for (String[] row : rows("wordnet-common.txt")) {
            commonStems.add(stem(row[0]));
        }
        readConcepts();
        readCues();
        readHl7();
        readUnits();
    }

    /** The stem of a lower-case word: irregular forms to their base (WordNet), then Porter. */
    String stem(String norm) {
        String base = exceptions.get(norm);
        return PorterStemmer.stem(base != null && base.indexOf(' ') < 0 ? base : norm);
    }

    /** The stem of the base of an irregular form that is also a word of its own ("swollen": swell), or null. */
    String fallbackStem(String norm) {
        String base = fallbacks.get(norm);
        return base == null || base.indexOf(' ') >= 0 ? null : PorterStemmer.stem(base);
    }

    /** The phrase key of a name: its tokens' stems (numbers as numbers), joined by single spaces. */
    String key(String name) {
        if (plain(name)) {
            // the common case, without the tokenizer: a cold start reads some 12,000 names
            StringBuilder b = new StringBuilder(name.length());
            int start = 0;
            for (int i = 0; i <= name.length(); i++) {
                if (i == name.length() || name.charAt(i) == ' ') {
                    if (i > start) {
                        if (b.length() > 0) {
                            b.append(' ');
                        }
                        b.append(stem(name.substring(start, i)));
                    }
                    start = i + 1;
                }
            }
            return b.toString();
        }
        StringBuilder b = new StringBuilder();
        for (Token t : Tokenizer.tokenize(name)) {
            if (t.isWord() || t.isNumeric()) {
                if (b.length() > 0) {
                    b.append(' ');
                }
                b.append(t.isWord() ? stem(t.norm) : t.norm);
            }
        }
        return b.toString();
    }

    /** Lower-case letters and single spaces only: such a text is its own token sequence. */
    private static boolean plain(String text) {
        if (text.isEmpty() || text.charAt(0) == ' ' || text.charAt(text.length() - 1) == ' ') {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c == ' ' && text.charAt(i - 1) != ' ')) {
                return false;
            }
        }
        return true;
    }

    private void readConcepts() {
        List<String[]> rows = rows("wordnet-clinical.tsv");
        Map<String, Integer> index = new HashMap<>();
        category = new Category[rows.size()];
        offsets = new String[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            index.put(r[0], i);
            offsets[i] = r[0];
            category[i] = Category.valueOf(r[1].toUpperCase(Locale.ROOT));
            if (category[i] == Category.DRUG) {
                drugConcepts++;
            }
        }
        int[][] parents = new int[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            List<Integer> ps = new ArrayList<>();
            if (r.length > 2 && !r[2].isEmpty()) {
                for (String p : r[2].split(",")) {
                    Integer pi = index.get(p);
                    if (pi != null) {
                        ps.add(pi);
                    }
                }
            }
            parents[i] = ps.stream().mapToInt(Integer::intValue).toArray();
            if (r.length > 3) {
                for (String name : r[3].split("\\|")) {
                    addName(name, i);
                }
            }
        }
        ancestors = new int[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            Set<Integer> seen = new LinkedHashSet<>();
            List<Integer> todo = new ArrayList<>();
            todo.add(i);
            while (!todo.isEmpty()) {
                int c = todo.remove(todo.size() - 1);
                if (seen.add(c)) {
                    for (int p : parents[c]) {
                        todo.add(p);
                    }
                }
            }
            ancestors[i] = seen.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    private void addName(String raw, int concept) {
        if (raw.isEmpty()) {
            return;
        }
        boolean ambiguous = raw.charAt(0) == '~';
        boolean negated = raw.charAt(0) == '!';
        String name = ambiguous || negated ? raw.substring(1) : raw;
        String key = key(name);
        if (key.isEmpty() || stopwords.contains(key)) {
            return;
        }
        Phrase p = phrases.computeIfAbsent(key, k -> new Phrase());
        if (negated) {
            p.negated = append(p.negated, concept);
        } else {
            p.concepts = append(p.concepts, concept);
        }
        p.ambiguous &= ambiguous;
        for (int sp = key.indexOf(' '); sp > 0; sp = key.indexOf(' ', sp + 1)) {
            phrasePrefixes.add(key.substring(0, sp));
        }
        maxPhraseTokens = Math.max(maxPhraseTokens, key.split(" ").length);
    }

    private static int[] append(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return a;
            }
        }
        int[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = v;
        return b;
    }

    /** The surface key of a cue or code: token norms joined by spaces ("r/o" = "r / o"). */
    static String surface(String text) {
        if (plain(text)) {
            return text;
        }
        StringBuilder b = new StringBuilder();
        for (Token t : Tokenizer.tokenize(text)) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(t.norm);
        }
        return b.toString();
    }

    private void readCues() {
        for (String[] r : rows("ctakes-assertion-cues.tsv")) {
            String key = surface(r[0]);
            CueKind kind = CueKind.valueOf(r[1].toUpperCase(Locale.ROOT));
            CueKind prev = cues.get(key);
            // a cue listed as both speculation and hypothetical ("monitor for") is read as speculation
            if (prev == null || kind == CueKind.SPECULATION) {
                cues.put(key, kind);
            }
            maxCueTokens = Math.max(maxCueTokens, key.split(" ").length);
            cueFirstWords.add(key.split(" ")[0]);
        }
    }

    private void readHl7() {
        List<String[]> rows = rows("hl7-dosing-codes.tsv");
        // sites with one word first: the quadrants (LLQ "Quadrant, Left Lower") are made of them
        rows.sort((a, b) -> Boolean.compare(a[2].contains(","), b[2].contains(",")));
        for (String[] r : rows) {
            String code = r[1].toLowerCase(Locale.ROOT);
            switch (r[0]) {
                case "frequency" -> {
                    String canonical = Frequencies.canonicalOfDefinition(r[2]);
                    if (canonical != null) {
                        frequencyCodes.putIfAbsent(code, canonical);
                    }
                }
                case "route" -> {
                    String target = r[3].contains("=") ? r[3].substring(r[3].indexOf('=') + 1) : r[1];
                    routeCodes.putIfAbsent(code, target);
                    String display = r[2].toLowerCase(Locale.ROOT).replace("-", "");
                    if (!r[3].contains("=") && LETTERS.matcher(display).matches()) {
                        routeWords.putIfAbsent(stem(display), target);
                    }
                }
                case "site" -> readSite(r[1], r[2]);
                default -> {
                    // unknown kinds are ignored: a newer generator may add some
                }
            }
        }
    }

    private void readSite(String code, String display) {
        String d = display.toLowerCase(Locale.ROOT);
        if (d.startsWith("quadrant,")) {
            // LLQ "Quadrant, Left Lower": the code itself carries a side and a vertical position
            List<Modifier> mods = new ArrayList<>();
            for (String part : d.substring("quadrant,".length()).trim().split(" ")) {
                List<Modifier> m = modifiers.get(part);
                if (m != null) {
                    mods.addAll(m);
                }
            }
            modifiers.put(code.toLowerCase(Locale.ROOT), mods);
            return;
        }
        Axis axis = switch (code) {
            case "L", "R", "BIL" -> Axis.SIDE;
            case "UPP", "LOW" -> Axis.VERTICAL;
            case "ANT", "POS" -> Axis.FRONT_BACK;
            case "MED", "LAT" -> Axis.MEDIAL_LATERAL;
            case "PRO", "DIS" -> Axis.PROXIMAL_DISTAL;
            default -> null;
        };
        if (axis != null && LETTERS.matcher(d).matches()) {
            // keyed by the word, not its stem: Porter makes "lateral" and "later" one stem
            List<Modifier> m = List.of(new Modifier(axis, code));
            modifiers.put(d, m);
            modifiers.put(d + "ly", m); // bilaterally, distally
        }
    }

    private void readUnits() {
        List<String[]> rows = rows("ucum-units.tsv");
        // lower-case codes first, so that "mL" and "ml" agree and "Ms" (megasecond) does not shadow "ms"
        rows.sort((a, b) -> Boolean.compare(
                !a[0].equals(a[0].toLowerCase(Locale.ROOT)), !b[0].equals(b[0].toLowerCase(Locale.ROOT))));
        for (String[] r : rows) {
            String code = r[0];
            Unit unit = Units.describe(code);
            String surface = code.replace("[", "").replace("]", "").toLowerCase(Locale.ROOT);
            if (UNIT_CODE.matcher(surface).matches()
                    && (surface.length() > 1 || "glhdsmu%".indexOf(surface.charAt(0)) >= 0)
                    && !stopwords.contains(surface)) {
                putUnit(surface(surface), unit);
            }
            String display = r.length > 1
                    ? PARENTHESES.matcher(r[1]).replaceAll("").trim().toLowerCase(Locale.ROOT)
                    : "";
            if (plain(display) && display.split(" ").length <= 4 && !stopwords.contains(display)) {
                putUnit(key(display), unit);
            }
        }
        for (String[] alias : Units.ALIASES) {
            Unit unit = Units.describe(alias[1]);
            putUnit(surface(alias[0]), unit);
            putUnit(key(alias[0]), unit);
        }
    }

    private void putUnit(String key, Unit unit) {
        if (key.isEmpty()) {
            return;
        }
        units.putIfAbsent(key, unit);
        maxUnitTokens = Math.max(maxUnitTokens, key.split(" ").length);
    }

    private static List<String[]> rows(String file) {
        List<String[]> rows = new ArrayList<>();
        InputStream resource = Vocabulary.class.getResourceAsStream(DIR + file);
        if (resource == null) {
            throw new IllegalStateException("vocabulary file missing from the classpath: " + file);
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(resource, StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isEmpty() && line.charAt(0) != '#') {
                    rows.add(line.split("\t", -1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read vocabulary file " + file, e);
        }
        return rows;
    }

    boolean isDrug(int concept) {
        return category[concept] == Category.DRUG;
    }
}
