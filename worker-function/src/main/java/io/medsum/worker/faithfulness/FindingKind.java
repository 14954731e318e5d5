package io.medsum.worker.faithfulness;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What kind of fact of a summary could not be verified against its report. Lower-case names in JSON. */
public enum FindingKind {
    /** A number the report does not give (or not for that finding: "EF 35%" when 35% is a stenosis). */
    NUMBER,
    /** The report gives the number with another unit: 81 mcg for 81 mg. */
    UNIT,
    /** A dose the report does not give, or gives for another medication. */
    DOSE,
    /** A dosing frequency or timing the report does not give for that medication (BID for daily). */
    FREQUENCY,
    /** A route of administration the report does not give for that medication (IV for PO). */
    ROUTE,
    /** A calendar date or clock time the report does not give. */
    DATE,
    /** A duration the report does not give ("for 10 days" for 7). */
    DURATION,
    /** A side (left, right, bilateral) or site modifier (upper/lower ...) the report gives otherwise, or not at all. */
    LATERALITY,
    /** A finding the report negates and the summary affirms, or the reverse. */
    NEGATION,
    /** A finding the report only calls possible, stated as certain (or as absent). */
    CERTAINTY,
    /** A medication the report does not name. */
    MEDICATION,
    /** A diagnosis, finding, procedure, body part or other clinical term the report does not contain. */
    DIAGNOSIS,
    /** The check could not run on this text: nothing in the summary is verified. */
    UNCHECKED;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static FindingKind fromJson(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
