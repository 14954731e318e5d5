package io.medsum.worker.faithfulness;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import java.util.Set;

/**
 * Dimensions and conversion factors of the UCUM units a summary uses, and the clinical spellings UCUM does not define
 * ("mcg", "cc", "bpm", "mm Hg", "°F", "lbs", "tabs"). Units read from ucum-units.tsv keep their UCUM code as canonical
 * form; a unit without a known dimension is compared by its code alone.
 */
final class Units {
    /** Spelling variants absent from UCUM's codes and display names, mapped to the UCUM code they mean. */
    static final String[][] ALIASES = {
        {"mcg", "ug"},
        {"mcgs", "ug"},
        {"microgram", "ug"},
        {"cc", "mL"},
        {"ccs", "mL"},
        {"unit", "[iU]"},
        {"units", "[iU]"},
        {"u", "[iU]"},
        {"iu", "[iU]"},
        {"international units", "[iU]"},
        {"bpm", "/min"},
        {"beats per minute", "/min"},
        {"breaths per minute", "/min"},
        {"beats / min", "/min"},
        {"breaths / min", "/min"},
        {"per minute", "/min"},
        {"/ min", "/min"},
        {"mm hg", "mm[Hg]"},
        {"mmhg", "mm[Hg]"},
        {"millimeters of mercury", "mm[Hg]"},
        {"\u00b0f", "[degF]"},
        {"f", "[degF]"},
        {"degrees fahrenheit", "[degF]"},
        {"degrees f", "[degF]"},
        {"\u00b0 f", "[degF]"},
        {"\u00b0c", "Cel"},
        {"c", "Cel"},
        {"degrees celsius", "Cel"},
        {"degrees c", "Cel"},
        {"\u00b0 c", "Cel"},
        {"centigrade", "Cel"},
        {"lb", "[lb_av]"},
        {"lbs", "[lb_av]"},
        {"pound", "[lb_av]"},
        {"pounds", "[lb_av]"},
        {"inch", "[in_i]"},
        {"inches", "[in_i]"},
        {"yr", "a"},
        {"yrs", "a"},
        {"year", "a"},
        {"years", "a"},
        {"yo", "a"},
        {"y / o", "a"},
        {"year old", "a"},
        {"years old", "a"},
        {"hr", "h"},
        {"hrs", "h"},
        {"hour", "h"},
        {"hours", "h"},
        {"min", "min"},
        {"mins", "min"},
        {"minute", "min"},
        {"minutes", "min"},
        {"sec", "s"},
        {"secs", "s"},
        {"wk", "wk"},
        {"wks", "wk"},
        {"week", "wk"},
        {"weeks", "wk"},
        {"mo", "mo"},
        {"mos", "mo"},
        {"month", "mo"},
        {"months", "mo"},
        {"day", "d"},
        {"days", "d"},
        {"tablet", "{tbl}"},
        {"tablets", "{tbl}"},
        {"tab", "{tbl}"},
        {"tabs", "{tbl}"},
        {"pill", "{tbl}"},
        {"pills", "{tbl}"},
        {"capsule", "{cap}"},
        {"capsules", "{cap}"},
        {"puff", "{puff}"},
        {"puffs", "{puff}"},
        {"spray", "{spray}"},
        {"sprays", "{spray}"},
        {"drop", "[drp]"},
        {"drops", "[drp]"},
        {"gtt", "[drp]"},
        {"gtts", "[drp]"},
        {"patch", "{patch}"},
        {"times", "{times}"},
        {"meq", "meq"},
        {"mg", "mg"},
    };

    private static final Map<String, String[]> DIMENSIONS = Map.ofEntries(
            Map.entry("g", new String[] {"mass", "1"}), Map.entry("mg", new String[] {"mass", "0.001"}),
            Map.entry("ug", new String[] {"mass", "0.000001"}), Map.entry("ng", new String[] {"mass", "1E-9"}),
            Map.entry("kg", new String[] {"mass", "1000"}), Map.entry("L", new String[] {"volume", "1"}),
            Map.entry("mL", new String[] {"volume", "0.001"}), Map.entry("dL", new String[] {"volume", "0.1"}),
            Map.entry("uL", new String[] {"volume", "0.000001"}), Map.entry("mol", new String[] {"amount", "1"}),
            Map.entry("mmol", new String[] {"amount", "0.001"}), Map.entry("umol", new String[] {"amount", "1E-6"}),
            Map.entry("eq", new String[] {"equivalents", "1"}), Map.entry("meq", new String[] {"equivalents", "0.001"}),
            Map.entry("s", new String[] {"time", "1"}), Map.entry("min", new String[] {"time", "60"}),
            Map.entry("h", new String[] {"time", "3600"}), Map.entry("d", new String[] {"time", "86400"}),
            Map.entry("wk", new String[] {"time", "604800"}), Map.entry("mo", new String[] {"months", "1"}),
            Map.entry("a", new String[] {"years", "1"}), Map.entry("m", new String[] {"length", "1"}),
            Map.entry("cm", new String[] {"length", "0.01"}), Map.entry("mm", new String[] {"length", "0.001"}),
            Map.entry("[in_i]", new String[] {"length", "0.0254"}), Map.entry("[iU]", new String[] {"iu", "1"}),
            Map.entry("[IU]", new String[] {"iu", "1"}), Map.entry("U", new String[] {"iu", "1"}));

    /** Dimensions of what is given to a patient: a number with one of these is a dose. */
    static final Set<String> DOSE_DIMENSIONS = Set.of(
            "mass", "volume", "amount", "equivalents", "iu", "{tbl}", "{cap}", "{puff}", "{spray}", "[drp]", "{patch}");

    private Units() {}

    static Vocabulary.Unit describe(String code) {
        String canonical = code.equals("U") || code.equals("[IU]") ? "[iU]" : code;
        String[] d = DIMENSIONS.get(canonical);
        if (d == null) {
            return new Vocabulary.Unit(canonical, canonical, 1);
        }
        return new Vocabulary.Unit(canonical, d[0], Double.parseDouble(d[1]));
    }

    static boolean isTime(Vocabulary.Unit u) {
        return u != null
                && (u.dimension().equals("time")
                        || u.dimension().equals("months")
                        || u.dimension().equals("years"));
    }

    static boolean isDose(Vocabulary.Unit u) {
        return u != null && DOSE_DIMENSIONS.contains(u.dimension());
    }

    /** The value in the dimension's base unit, as a canonical decimal string, or null for a ratio. */
    static String base(BigDecimal value, Vocabulary.Unit u) {
        if (value == null || u == null) {
            return null;
        }
        BigDecimal b = value.multiply(BigDecimal.valueOf(u.factor()), MathContext.DECIMAL64);
        return u.dimension() + ":" + Tokenizer.canonical(b);
    }
}
