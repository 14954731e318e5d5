package io.medsum.common.domain;

import java.util.regex.Pattern;

/** The patient id contract of DESIGN.md; it also keeps ids safe inside URLs and table keys. */
public final class PatientIds {
    private static final Pattern FORMAT = Pattern.compile("^[A-Za-z0-9._-]{1,64}$");

    private PatientIds() {}

    public static boolean isValid(String patientId) {
        return patientId != null
                && FORMAT.matcher(patientId).matches()
                && !patientId.equals(".")
                && !patientId.equals("..");
    }
}
