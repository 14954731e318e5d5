package io.medsum.local.bedrock;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The WordNet synsets the faithfulness check uses (worker-function's wordnet-clinical.tsv), read once: which drug and
 * finding names exist, and which names share a synset. Names that are ambiguous ('~', '!', or in more than one synset)
 * are left out, so a rewrite built on them means one thing to the check.
 */
final class ClinicalTerms {
    static final String RESOURCE = "/io/medsum/worker/faithfulness/wordnet-clinical.tsv";

    /** One synset: its category (drug, finding, procedure, body) and its unambiguous names, lower case. */
    record Synset(String category, List<String> names) {}

    private static volatile ClinicalTerms instance;

    /** Unambiguous name -> its synset. */
    final Map<String, Synset> byName;
    /** Every name of any category, ambiguous or not, lower case (to spot longer terms around a match). */
    final Set<String> allNames;

    private ClinicalTerms(Map<String, Synset> byName, Set<String> allNames) {
        this.byName = byName;
        this.allNames = allNames;
    }

    static ClinicalTerms get() {
        ClinicalTerms terms = instance;
        if (terms == null) {
            synchronized (ClinicalTerms.class) {
                if (instance == null) {
                    instance = load();
                }
                terms = instance;
            }
        }
        return terms;
    }

    /** The synset of this name (any case), if it is an unambiguous name of that category. */
    Synset synsetOf(String name, String category) {
        Synset synset = byName.get(name.toLowerCase(Locale.ROOT));
        return synset != null && synset.category().equals(category) ? synset : null;
    }

    /** Whether the text names any name of the synset, as whole words, ignoring case. */
    static boolean mentions(String text, Synset synset) {
        for (String name : synset.names()) {
            if (wholeWord(name).matcher(text).find()) {
                return true;
            }
        }
        return false;
    }

    static Pattern wholeWord(String phrase) {
        return Pattern.compile("(?<![\\w-])" + Pattern.quote(phrase) + "(?![\\w-])", Pattern.CASE_INSENSITIVE);
    }

    /**
     * Occurrences in the text, as [start, end), of unambiguous names of the category, longest first, not overlapping.
     */
    List<int[]> occurrences(String text, String category) {
        List<int[]> found = new ArrayList<>();
        Matcher words = Pattern.compile("[A-Za-z][A-Za-z'-]*").matcher(text);
        List<int[]> spans = new ArrayList<>();
        while (words.find()) {
            spans.add(new int[] {words.start(), words.end()});
        }
        for (int i = 0; i < spans.size(); i++) {
            for (int len = Math.min(4, spans.size() - i); len >= 1; len--) {
                int start = spans.get(i)[0];
                int end = spans.get(i + len - 1)[1];
                String phrase =
                        text.substring(start, end).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
                if (synsetOf(phrase, category) != null && !insideLongerTerm(spans, text, i, i + len)) {
                    found.add(new int[] {start, end});
                    i += len - 1;
                    break;
                }
            }
        }
        return found;
    }

    /**
     * Whether the words [from, to) with a neighbour word form a longer name of the vocabulary ("aspiration pneumonia").
     */
    private boolean insideLongerTerm(List<int[]> spans, String text, int from, int to) {
        if (from > 0
                && allNames.contains(text.substring(spans.get(from - 1)[0], spans.get(to - 1)[1])
                        .toLowerCase(Locale.ROOT))) {
            return true;
        }
        return to < spans.size()
                && allNames.contains(
                        text.substring(spans.get(from)[0], spans.get(to)[1]).toLowerCase(Locale.ROOT));
    }

    private static ClinicalTerms load() {
        Map<String, Synset> byName = new HashMap<>();
        Map<String, Integer> uses = new HashMap<>();
        Set<String> all = new HashSet<>();
        List<Synset> synsets = new ArrayList<>();
        InputStream resource = ClinicalTerms.class.getResourceAsStream(RESOURCE);
        if (resource == null) {
            throw new IllegalStateException(RESOURCE + " is not on the classpath");
        }
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(resource, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] columns = line.split("\t", -1);
                if (columns.length < 4 || columns[3].isEmpty()) {
                    continue;
                }
                List<String> names = new ArrayList<>();
                for (String raw : columns[3].split("\\|")) {
                    String name = raw.toLowerCase(Locale.ROOT);
                    all.add(name.replaceAll("^[~!]", ""));
                    uses.merge(name.replaceAll("^[~!]", ""), 1, Integer::sum);
                    if (!name.startsWith("~")
                            && !name.startsWith("!")
                            && name.matches("[a-z][a-z -]*[a-z]")
                            && name.length() >= 4) {
                        names.add(name);
                    }
                }
                synsets.add(new Synset(columns[1], List.copyOf(names)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Synset synset : synsets) {
            List<String> unambiguous =
                    synset.names().stream().filter(n -> uses.get(n) == 1).toList();
            Synset kept = new Synset(synset.category(), unambiguous);
            unambiguous.forEach(n -> byName.put(n, kept));
        }
        return new ClinicalTerms(Map.copyOf(byName), Set.copyOf(all));
    }
}
