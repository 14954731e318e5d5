package io.medsum.local.bedrock;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites a faithful summary the way abstractive models do, without changing any fact: unit spacing (81 mg and 81mg,
 * mm Hg and mmHg), small counts as words (2 days and two days), abbreviations expanded or contracted (twice daily and
 * BID, left ventricular ejection fraction and LVEF, by mouth and orally), WordNet synonyms of findings (hypertension
 * and high blood pressure) and sentence order. Only forms the faithfulness check treats as the same fact are used.
 * Deterministic; never logs.
 */
public final class SummaryParaphraser {

    /** The rewritten text and the operations that changed it (names, never text), empty when nothing applied. */
    public record Paraphrase(String text, List<String> operations) {
        public Paraphrase {
            operations = List.copyOf(operations);
        }

        public boolean changed() {
            return !operations.isEmpty();
        }
    }

    private static final Pattern MM_HG = Pattern.compile("\\bmm( ?)Hg\\b");
    private static final Pattern UNIT = Pattern.compile("(?<=\\d)( ?)(mg|mcg|kg|mL|ml|cm|mm)(?![A-Za-z0-9])");
    private static final String[] WORDS = {
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"
    };
    private static final String COUNTED =
            "(?= (?:days?|weeks?|months?|years?|hours?|minutes|episodes|children|sons|daughters|siblings"
                    + "|pregnancies|vessels|views|cycles|sessions|tablets|doses|stents|lesions|nodules|sutures"
                    + "|drains)\\b)";
    private static final Pattern COUNT = Pattern.compile(
            "(?<![\\w.,/:-])([2-9]|two|three|four|five|six|seven|eight|nine|Two|Three|Four|Five|Six|Seven|Eight"
                    + "|Nine)(?![\\w.,/:%-])"
                    + COUNTED);

    /** Abbreviation pairs the check matches either way; applied expand-or-contract, whichever the text has. */
    private static final Map<Pattern, String> ABBREVIATIONS = Map.of(
            Pattern.compile("\\btwice (?:a day|daily)\\b"), "BID",
            Pattern.compile("\\bBID\\b"), "twice daily",
            Pattern.compile("\\bthree times (?:a day|daily)\\b"), "TID",
            Pattern.compile("\\b[Ll]eft ventricular ejection fraction\\b"), "LVEF",
            Pattern.compile("\\bLVEF\\b"), "left ventricular ejection fraction",
            Pattern.compile("\\b[Cc]ongestive heart failure\\b"), "CHF",
            Pattern.compile("\\b[Cc]hronic obstructive pulmonary disease\\b"), "COPD",
            Pattern.compile("\\bby mouth\\b"), "orally");

    private static final Pattern SENTENCE_BREAK = Pattern.compile("(?<=[.!?])\\s+(?=[A-Z])");
    private static final int MAX_SYNONYMS = 3;

    public Paraphrase paraphrase(String summary) {
        List<String> operations = new ArrayList<>();
        String text = summary;
        text = step(text, this::synonyms, "synonym", operations);
        text = step(text, SummaryParaphraser::abbreviations, "abbreviation", operations);
        text = step(text, SummaryParaphraser::numberWords, "number-word", operations);
        text = step(
                text,
                t -> MM_HG.matcher(t).replaceAll(m -> m.group(1).isEmpty() ? "mm Hg" : "mmHg"),
                "mmHg-spacing",
                operations);
        text = step(
                text,
                t -> UNIT.matcher(t).replaceAll(m -> (m.group(1).isEmpty() ? " " : "") + m.group(2)),
                "unit-spacing",
                operations);
        text = step(text, SummaryParaphraser::reorder, "sentence-order", operations);
        return new Paraphrase(text, List.copyOf(operations));
    }

    private static String step(String text, Function<String, String> rewrite, String name, List<String> operations) {
        String rewritten = rewrite.apply(text);
        if (!rewritten.equals(text)) {
            operations.add(name);
        }
        return rewritten;
    }

    private static String abbreviations(String text) {
        String out = text;
        // Longest forms first, so "twice daily" -> BID is not then turned back.
        boolean contractedBid = false;
        for (Map.Entry<Pattern, String> pair : ABBREVIATIONS.entrySet().stream()
                .sorted((a, b) -> Integer.compare(
                        b.getKey().pattern().length(), a.getKey().pattern().length()))
                .toList()) {
            if (pair.getValue().equals("twice daily") && contractedBid) {
                continue;
            }
            if (pair.getValue().equals("left ventricular ejection fraction") && !text.contains("LVEF")) {
                continue;
            }
            Matcher m = pair.getKey().matcher(out);
            if (m.find()) {
                out = m.replaceAll(Matcher.quoteReplacement(pair.getValue()));
                contractedBid |= pair.getValue().equals("BID");
            }
        }
        return out;
    }

    private static String numberWords(String text) {
        return COUNT.matcher(text).replaceAll(m -> {
            String n = m.group(1);
            if (Character.isDigit(n.charAt(0))) {
                return WORDS[n.charAt(0) - '0'];
            }
            for (int i = 2; i < WORDS.length; i++) {
                if (WORDS[i].equalsIgnoreCase(n)) {
                    return Integer.toString(i);
                }
            }
            return n;
        });
    }

    /** The first sentence moves to the end. */
    private static String reorder(String text) {
        String[] sentences = SENTENCE_BREAK.split(text.strip());
        if (sentences.length < 2) {
            return text;
        }
        List<String> order = new ArrayList<>(List.of(sentences).subList(1, sentences.length));
        order.add(sentences[0]);
        return String.join(" ", order);
    }

    /** Up to three finding names become another name of their synset (hypertension -> high blood pressure). */
    private String synonyms(String text) {
        ClinicalTerms terms = ClinicalTerms.get();
        StringBuilder out = new StringBuilder();
        int last = 0;
        int replaced = 0;
        for (int[] span : terms.occurrences(text, "finding")) {
            if (replaced == MAX_SYNONYMS) {
                break;
            }
            String name = text.substring(span[0], span[1]);
            ClinicalTerms.Synset synset = terms.synsetOf(name, "finding");
            String other = synset.names().stream()
                    .filter(n -> !n.equalsIgnoreCase(name))
                    .findFirst()
                    .orElse(null);
            if (other == null) {
                continue;
            }
            if (Character.isUpperCase(name.charAt(0))) {
                other = other.substring(0, 1).toUpperCase(Locale.ROOT) + other.substring(1);
            }
            out.append(text, last, span[0]).append(other);
            last = span[1];
            replaced++;
        }
        return out.append(text.substring(last)).toString();
    }
}
