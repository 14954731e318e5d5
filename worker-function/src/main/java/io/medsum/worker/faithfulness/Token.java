package io.medsum.worker.faithfulness;

import java.math.BigDecimal;

/** One token of a text, with its place in the original string so that findings quote it exactly. */
final class Token {
    enum Type {
        /** Letters, possibly with digits ("q8h", "B12"), apostrophes or joined slashes ("mg/kg", "r/o"). */
        WORD,
        /** A decimal number; {@link #number} holds its value. */
        NUMBER,
        /** Two numbers with a slash: 120/80, 1/2 ({@link #norm} is the normalized ratio). */
        RATIO,
        /** A calendar date; {@link #norm} is ISO yyyy-mm-dd. */
        DATE,
        /** A clock time 10:30; {@link #norm} is h:mm. */
        TIME,
        /** %, °F, °C, '-', '/', '+', '(' ... */
        SYMBOL,
        /** Sentence end (. ! ? and line breaks). */
        END,
        /** Clause separator inside a sentence (; :). */
        CLAUSE,
        /** A comma. */
        COMMA
    }

    final Type type;
    final int start;
    final int end;
    /** Lower case, dots of dotted abbreviations removed, typographic variants folded. */
    final String norm;
    /** The original text had two or more capitals and no lower-case letter ("LVEF", "BID"). */
    final boolean upper;
    /** The original text was a dotted abbreviation ("b.i.d.", "p.o."). */
    final boolean dotted;
    /** Joined to the previous token by a hyphen without spaces ("non-tender" = non + tender). */
    final boolean hyphenated;

    final BigDecimal number;
    String stem;
    int sentence;
    int clause;

    Token(
            Type type,
            int start,
            int end,
            String norm,
            boolean upper,
            boolean dotted,
            boolean hyphenated,
            BigDecimal number) {
        this.type = type;
        this.start = start;
        this.end = end;
        this.norm = norm;
        this.upper = upper;
        this.dotted = dotted;
        this.hyphenated = hyphenated;
        this.number = number;
        this.stem = norm;
    }

    boolean isWord() {
        return type == Type.WORD;
    }

    boolean isBoundary() {
        return type == Type.END || type == Type.CLAUSE;
    }

    boolean isNumeric() {
        return type == Type.NUMBER || type == Type.RATIO;
    }

    @Override
    public String toString() {
        return type + ":" + norm;
    }
}
