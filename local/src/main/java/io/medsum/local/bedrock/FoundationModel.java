package io.medsum.local.bedrock;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One catalogue entry: a foundation model as Bedrock describes it, with the limits Converse enforces and the
 * geographies that have a system-defined cross-region inference profile for it.
 *
 * @param contextWindowTokens input plus requested output may not exceed this
 * @param maxOutputTokens the largest {@code maxTokens} a request may ask for
 * @param dates lifecycle dates, each null where the catalogue does not know it
 */
record FoundationModel(
        String modelId,
        String name,
        String provider,
        ModelLifecycle lifecycle,
        int contextWindowTokens,
        int maxOutputTokens,
        List<String> inputModalities,
        LifecycleDates dates,
        Set<InferenceProfile.Geography> profileGeographies) {

    /** Launch, Legacy, public extended access and end of life, as GetFoundationModel's modelLifecycle names them. */
    public record LifecycleDates(Instant startOfLife, Instant legacy, Instant publicExtendedAccess, Instant endOfLife) {
        static final LifecycleDates UNKNOWN = new LifecycleDates(null, null, null, null);

        static LifecycleDates launched(Instant startOfLife) {
            return new LifecycleDates(startOfLife, null, null, null);
        }

        public Optional<Instant> startOfLifeTime() {
            return Optional.ofNullable(startOfLife);
        }

        public Optional<Instant> legacyTime() {
            return Optional.ofNullable(legacy);
        }

        public Optional<Instant> publicExtendedAccessTime() {
            return Optional.ofNullable(publicExtendedAccess);
        }

        public Optional<Instant> endOfLifeTime() {
            return Optional.ofNullable(endOfLife);
        }
    }

    public FoundationModel {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(lifecycle, "lifecycle");
        Objects.requireNonNull(dates, "dates");
        if (contextWindowTokens < 1 || maxOutputTokens < 1 || maxOutputTokens > contextWindowTokens) {
            throw new IllegalArgumentException("Implausible token limits for " + modelId);
        }
        inputModalities = List.copyOf(inputModalities);
        profileGeographies = Set.copyOf(profileGeographies);
    }

    /** The same model in another lifecycle state, as a lifecycle override shows it. */
    FoundationModel withLifecycle(ModelLifecycle newLifecycle, LifecycleDates newDates) {
        return new FoundationModel(
                modelId,
                name,
                provider,
                newLifecycle,
                contextWindowTokens,
                maxOutputTokens,
                inputModalities,
                newDates,
                profileGeographies);
    }

    /** {@code arn:aws:bedrock:<region>::foundation-model/<id>}: foundation models belong to no account. */
    public String arn(String region) {
        return "arn:aws:bedrock:" + region + "::foundation-model/" + modelId;
    }
}
