package io.medsum.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The machine a benchmark ran on, as written next to its figures. */
public record Machine(int cores, String cpu, long memoryBytes, String java, String os, double loadAverage) {

    public static Machine current() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        long memory = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : -1;
        String java = System.getProperty("java.vm.name", "Java") + " "
                + System.getProperty("java.runtime.version", System.getProperty("java.version"));
        String osName = osRelease().orElse(System.getProperty("os.name")) + ", kernel "
                + System.getProperty("os.version") + ", " + System.getProperty("os.arch");
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                cpuModel().orElse("unknown CPU"),
                memory,
                java,
                osName,
                os.getSystemLoadAverage());
    }

    /** Busy when the 1-minute load average was at least half the cores when the run started. */
    public boolean busy() {
        return loadAverage >= cores * 0.5;
    }

    public String describe() {
        String load = loadAverage < 0 ? "" : String.format(Locale.ROOT, "; load average %.2f at start", loadAverage);
        return String.format(
                Locale.ROOT,
                "%d cores (%s), %.1f GiB memory, %s, %s%s",
                cores,
                cpu,
                memoryBytes / 1024.0 / 1024 / 1024,
                java,
                os,
                load);
    }

    private static Optional<String> cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim().replaceAll("\\s+", " "))
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> osRelease() {
        try {
            return Files.readAllLines(Path.of("/etc/os-release")).stream()
                    .filter(l -> l.startsWith("PRETTY_NAME="))
                    .map(l -> l.substring("PRETTY_NAME=".length()).replace("\"", ""))
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
