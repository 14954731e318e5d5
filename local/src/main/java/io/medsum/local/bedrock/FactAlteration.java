package io.medsum.local.bedrock;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hallucination on purpose: exactly one fact of a summary changed, the way a model gets a fact wrong. A number (81 ->
 * 325), a dose's number, a unit (mg -> mcg), a side (left -> right), a negation dropped or added, a possible finding
 * made certain, a medication swapped for another real one the report does not name, or a diagnosis the report lacks
 * added. {@link Altered#detail()} says what changed in vocabulary terms only, never in patient text.
 */
public final class FactAlteration {

    /** What kind of fact an alteration changes. */
    public enum Kind {
        NUMBER,
        DOSE,
        UNIT,
        SIDE,
        NEGATION,
        CERTAINTY,
        MEDICATION,
        DIAGNOSIS
    }

    /** The altered summary, the kind of fact changed and a text-free description of the change. */
    public record Altered(Kind kind, String text, String detail) {}

    static final String DOSE_UNITS = "mg|mcg|g|units?|mEq|mL|ml";
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w./:-])(\\d{1,4}(?:\\.\\d+)?)(?![\\w/:]|[.,-]\\d)");
    private static final Pattern DOSE_AFTER = Pattern.compile("^ ?(?:" + DOSE_UNITS + ")\\b");
    private static final Map<String, String> UNIT_SWAPS =
            Map.of("mg", "mcg", "mcg", "mg", "g", "mg", "cm", "mm", "mm", "cm", "mL", "L", "kg", "g");
    private static final Pattern UNIT = Pattern.compile("(?<=\\d)( ?)(mg|mcg|g|cm|mm|mL|kg)(?![A-Za-z0-9])");
    private static final Pattern SIDE = Pattern.compile("\\b(left|right|Left|Right|LEFT|RIGHT)\\b");
    private static final Pattern NEGATION =
            Pattern.compile("\\b(?:(no|No|NO) (?=[a-z])|(denies|Denies|denied|Denied) |(without|Without) "
                    + "|(negative for|Negative for) )");
    private static final Pattern NEGATED_BEFORE =
            Pattern.compile("(?i)\\b(no|not|denies|denied|without|negative|free of|absent|never|none)\\b");
    private static final Pattern UNCERTAIN = Pattern.compile(
            "\\b(possible|probable|suspected|questionable|Possible|Probable|Suspected|Questionable|rule out|Rule out) "
                    + "(?=[a-z])");

    /** Real drugs of the vocabulary to swap in; those absent from wordnet-clinical.tsv are dropped at load. */
    private static final List<String> SUBSTITUTE_DRUGS = List.of(
            "metoprolol",
            "lisinopril",
            "albuterol",
            "acyclovir",
            "alendronate",
            "warfarin",
            "furosemide",
            "prednisone",
            "digoxin",
            "heparin",
            "amiodarone",
            "diazepam",
            "haloperidol",
            "lorazepam",
            "tamoxifen",
            "allopurinol",
            "ibuprofen",
            "acetaminophen",
            "amoxicillin",
            "methotrexate",
            "phenytoin",
            "propranolol",
            "ciprofloxacin",
            "doxycycline",
            "clonidine",
            "atenolol",
            "captopril",
            "nifedipine",
            "verapamil",
            "lithium");
    /** Diagnoses to add; those absent from the vocabulary's findings are dropped at load. */
    private static final List<String> ADDED_DIAGNOSES = List.of(
            "atrial fibrillation",
            "diabetes mellitus",
            "pneumonia",
            "asthma",
            "epilepsy",
            "gout",
            "cirrhosis",
            "tuberculosis",
            "psoriasis",
            "glaucoma",
            "osteoporosis",
            "migraine",
            "hypothyroidism",
            "pancreatitis",
            "endocarditis",
            "sarcoidosis",
            "lupus",
            "anemia",
            "emphysema",
            "hepatitis");

    private final List<String> drugs;
    private final List<String> diagnoses;

    public FactAlteration() {
        ClinicalTerms terms = ClinicalTerms.get();
        this.drugs = SUBSTITUTE_DRUGS.stream()
                .filter(d -> terms.synsetOf(d, "drug") != null)
                .toList();
        this.diagnoses = ADDED_DIAGNOSES.stream()
                .filter(d -> terms.synsetOf(d, "finding") != null)
                .toList();
    }

    /**
     * The kinds that can be applied to this summary (DIAGNOSIS always can, given a report that lacks one of the list).
     */
    public List<Kind> applicable(String report, String summary) {
        List<Kind> kinds = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            if (apply(kind, report, summary, new Random(0)).isPresent()) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    /** One alteration of a kind drawn from {@code random} among the applicable ones; empty when none applies. */
    public Optional<Altered> alter(String report, String summary, Random random) {
        List<Kind> kinds = applicable(report, summary);
        if (kinds.isEmpty()) {
            return Optional.empty();
        }
        return apply(kinds.get(random.nextInt(kinds.size())), report, summary, random);
    }

    /**
     * Changes exactly one fact of this kind, choosing the place (and the new value where there are several) with
     * {@code random}.
     */
    public Optional<Altered> apply(Kind kind, String report, String summary, Random random) {
        return switch (kind) {
            case NUMBER, DOSE -> number(kind, report, summary, random);
            case UNIT -> unit(report, summary, random);
            case SIDE -> side(summary, random);
            case NEGATION -> negation(summary, random);
            case CERTAINTY -> certainty(summary, random);
            case MEDICATION -> medication(report, summary, random);
            case DIAGNOSIS -> diagnosis(report, summary, random);
        };
    }

    private static Optional<Altered> number(Kind kind, String report, String summary, Random random) {
        List<int[]> candidates = new ArrayList<>();
        Matcher m = NUMBER.matcher(summary);
        while (m.find()) {
            if (enumerator(summary, m.start(1), m.end(1))) {
                continue;
            }
            boolean dose = DOSE_AFTER.matcher(summary.substring(m.end())).find();
            if (dose == (kind == Kind.DOSE)) {
                candidates.add(new int[] {m.start(1), m.end(1)});
            }
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        int[] chosen = candidates.get(random.nextInt(candidates.size()));
        String old = summary.substring(chosen[0], chosen[1]);
        String replacement = otherNumber(old, report);
        String text = summary.substring(0, chosen[0]) + replacement + summary.substring(chosen[1]);
        return Optional.of(new Altered(kind, text, kind == Kind.DOSE ? "dose number changed" : "number changed"));
    }

    /**
     * A list item's number ("2. Hypertension", "PROCEDURE,1. Cystoscopy"): renumbering a list changes no clinical fact,
     * so it is no number alteration.
     */
    static boolean enumerator(String text, int start, int end) {
        if (end >= text.length() || text.charAt(end) != '.' && text.charAt(end) != ')') {
            return false;
        }
        if (end + 1 < text.length()
                && !Character.isWhitespace(text.charAt(end + 1))
                && !Character.isLetter(text.charAt(end + 1))) {
            return false;
        }
        int before = start - 1;
        while (before >= 0 && Character.isWhitespace(text.charAt(before))) {
            before--;
        }
        return before < 0 || ".!?:,;".indexOf(text.charAt(before)) >= 0;
    }

    /** A number that the report does not contain anywhere: 81 -> 325 (x4 + 1), else other steps. */
    static String otherNumber(String old, String report) {
        boolean decimal = old.contains(".");
        double value = Double.parseDouble(old);
        double[] candidates = {value * 4 + 1, value + 10, value * 3 + 7, value + 137, value * 11 + 3};
        for (double candidate : candidates) {
            String text = decimal
                    ? String.format(Locale.ROOT, "%." + (old.length() - old.indexOf('.') - 1) + "f", candidate)
                    : Long.toString((long) candidate);
            if (!Pattern.compile("(?<![\\d.])" + Pattern.quote(text) + "(?![\\d]|\\.\\d)")
                    .matcher(report)
                    .find()) {
                return text;
            }
        }
        return decimal ? old + "1" : old + "7";
    }

    private static Optional<Altered> unit(String report, String summary, Random random) {
        List<int[]> spots = new ArrayList<>();
        Matcher m = UNIT.matcher(summary);
        while (m.find()) {
            spots.add(new int[] {m.start(2), m.end(2)});
        }
        if (spots.isEmpty()) {
            return Optional.empty();
        }
        int[] spot = spots.get(random.nextInt(spots.size()));
        String old = summary.substring(spot[0], spot[1]);
        String replacement = UNIT_SWAPS.get(old);
        return Optional.of(new Altered(
                Kind.UNIT,
                summary.substring(0, spot[0]) + replacement + summary.substring(spot[1]),
                "unit " + old + " -> " + replacement));
    }

    private static Optional<Altered> side(String summary, Random random) {
        List<int[]> spots = spans(SIDE.matcher(summary));
        if (spots.isEmpty()) {
            return Optional.empty();
        }
        int[] spot = spots.get(random.nextInt(spots.size()));
        String old = summary.substring(spot[0], spot[1]);
        String replacement = switch (old.toLowerCase(Locale.ROOT)) {
            case "left" -> "right";
            default -> "left";
        };
        replacement = sameCase(old, replacement);
        return Optional.of(new Altered(
                Kind.SIDE,
                summary.substring(0, spot[0]) + replacement + summary.substring(spot[1]),
                "side " + old.toLowerCase(Locale.ROOT) + " -> " + replacement.toLowerCase(Locale.ROOT)));
    }

    /** Drops a negation cue ("no fever" -> "fever", "denies" -> "reports") or, when none, negates a finding ("no "). */
    private static Optional<Altered> negation(String summary, Random random) {
        List<Altered> options = new ArrayList<>();
        Matcher m = NEGATION.matcher(summary);
        while (m.find()) {
            String cue = m.group().strip();
            String replacement = switch (cue.toLowerCase(Locale.ROOT)) {
                case "no" -> "";
                case "denies" -> "reports ";
                case "denied" -> "reported ";
                case "without" -> "with ";
                default -> "positive for ";
            };
            String rest = summary.substring(m.end());
            if (replacement.isEmpty() && Character.isUpperCase(cue.charAt(0)) && !rest.isEmpty()) {
                rest = Character.toUpperCase(rest.charAt(0)) + rest.substring(1);
            } else {
                replacement = sameCase(cue, replacement);
            }
            options.add(new Altered(
                    Kind.NEGATION,
                    summary.substring(0, m.start()) + replacement + rest,
                    "negation dropped (" + cue.toLowerCase(Locale.ROOT) + ")"));
        }
        if (options.isEmpty()) {
            for (int[] span : ClinicalTerms.get().occurrences(summary, "finding")) {
                int sentenceStart = Math.max(summary.lastIndexOf(". ", span[0]) + 1, 0);
                if (NEGATED_BEFORE
                        .matcher(summary.substring(sentenceStart, span[0]))
                        .find()) {
                    continue;
                }
                options.add(new Altered(
                        Kind.NEGATION,
                        summary.substring(0, span[0]) + "no " + summary.substring(span[0]),
                        "negation added"));
            }
        }
        return options.isEmpty() ? Optional.empty() : Optional.of(options.get(random.nextInt(options.size())));
    }

    private static Optional<Altered> certainty(String summary, Random random) {
        List<int[]> spots = spans(UNCERTAIN.matcher(summary));
        if (spots.isEmpty()) {
            return Optional.empty();
        }
        int[] spot = spots.get(random.nextInt(spots.size()));
        String cue = summary.substring(spot[0], spot[1]).strip();
        String rest = summary.substring(spot[1]);
        if (Character.isUpperCase(cue.charAt(0)) && !rest.isEmpty()) {
            rest = Character.toUpperCase(rest.charAt(0)) + rest.substring(1);
        }
        return Optional.of(new Altered(
                Kind.CERTAINTY,
                summary.substring(0, spot[0]) + rest,
                "made certain (" + cue.toLowerCase(Locale.ROOT) + ")"));
    }

    private Optional<Altered> medication(String report, String summary, Random random) {
        ClinicalTerms terms = ClinicalTerms.get();
        List<int[]> spots = terms.occurrences(summary, "drug");
        List<String> substitutes = drugs.stream()
                .filter(d -> !ClinicalTerms.mentions(report, terms.synsetOf(d, "drug")))
                .toList();
        if (spots.isEmpty() || substitutes.isEmpty()) {
            return Optional.empty();
        }
        int[] spot = spots.get(random.nextInt(spots.size()));
        String old = summary.substring(spot[0], spot[1]);
        List<String> others = substitutes.stream()
                .filter(d -> terms.synsetOf(d, "drug") != terms.synsetOf(old, "drug"))
                .toList();
        String replacement = sameCase(old, others.get(random.nextInt(others.size())));
        return Optional.of(new Altered(
                Kind.MEDICATION,
                summary.substring(0, spot[0]) + replacement + summary.substring(spot[1]),
                "medication " + old.toLowerCase(Locale.ROOT) + " -> " + replacement.toLowerCase(Locale.ROOT)));
    }

    private Optional<Altered> diagnosis(String report, String summary, Random random) {
        ClinicalTerms terms = ClinicalTerms.get();
        List<String> absent = diagnoses.stream()
                .filter(d -> !ClinicalTerms.mentions(report, terms.synsetOf(d, "finding"))
                        && !ClinicalTerms.mentions(summary, terms.synsetOf(d, "finding")))
                .toList();
        if (absent.isEmpty()) {
            return Optional.empty();
        }
        String added = absent.get(random.nextInt(absent.size()));
        String stripped = summary.stripTrailing();
        String separator = stripped.isEmpty() || stripped.endsWith(".") ? " " : ". ";
        return Optional.of(new Altered(
                Kind.DIAGNOSIS, stripped + separator + "History of " + added + ".", "diagnosis added: " + added));
    }

    private static List<int[]> spans(Matcher m) {
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        return spans;
    }

    private static String sameCase(String model, String word) {
        if (model.length() > 1 && model.equals(model.toUpperCase(Locale.ROOT))) {
            return word.toUpperCase(Locale.ROOT);
        }
        if (Character.isUpperCase(model.charAt(0))) {
            return Character.toUpperCase(word.charAt(0)) + word.substring(1);
        }
        return word;
    }
}
