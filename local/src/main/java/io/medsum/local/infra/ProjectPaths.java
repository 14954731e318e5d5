package io.medsum.local.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds files of the checkout (template.yaml, the dynalite install) whether the code runs from the Maven build (which
 * passes system properties), from a shell with environment variables, or from an IDE whose working directory is some
 * module below the project root.
 */
public final class ProjectPaths {

    /** Set by the local module's surefire configuration to the multi-module root. */
    public static final String PROJECT_ROOT_PROPERTY = "medsum.project.root";

    public static final String PROJECT_ROOT_ENV = "MEDSUM_PROJECT_ROOT";

    private ProjectPaths() {}

    /** The first non-blank value of the system property, then the environment variable. */
    static Optional<Path> configured(String systemProperty, String environmentVariable) {
        String value = System.getProperty(systemProperty);
        if (value == null || value.isBlank()) {
            value = System.getenv(environmentVariable);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
    }

    /** Walks up from the working directory and returns the first {@code dir/relative} that exists. */
    static Optional<Path> findUpwards(Path relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The project's template.yaml: under the configured project root, else found walking up. */
    public static Path templateFile() {
        Path relative = Path.of("template.yaml");
        return configured(PROJECT_ROOT_PROPERTY, PROJECT_ROOT_ENV)
                .map(root -> root.resolve(relative))
                .or(() -> findUpwards(relative))
                .filter(Files::isRegularFile)
                .orElseThrow(() -> new IllegalStateException("Cannot find template.yaml: set -D" + PROJECT_ROOT_PROPERTY
                        + " or " + PROJECT_ROOT_ENV + " to the project root, or run from inside the checkout"));
    }
}
