package io.medsum.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * One benchmark run as a dated Markdown section: the command, the machine, the tables and notes. Printed to the console
 * and, with --record, appended to docs/benchmarks.md.
 */
public final class BenchReport {
    private static final String DOC_HEADER = """
            # Benchmarks

            Figures from `./medsum bench <name> --record` (see the README's "Benchmarks" section). Every recorded
            run appends a dated section with its exact command and the machine it ran on; compare sections run with
            the same command. Benchmarks print figures, they assert nothing. Runs on a busy machine \
            are marked so: prefer
            the ratios measured within one run over absolute figures across runs.
            """;

    private final String name;
    private final String command;
    private final Machine machine;
    private final ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
    private final List<String> blocks = new ArrayList<>();

    public BenchReport(String name, String command, Machine machine) {
        this.name = name;
        this.command = command;
        this.machine = machine;
    }

    public BenchReport paragraph(String text) {
        blocks.add(text.strip() + "\n");
        return this;
    }

    public BenchReport table(String caption, Table table) {
        blocks.add((caption == null ? "" : caption.strip() + "\n\n") + table.render());
        return this;
    }

    public BenchReport bullets(List<String> items) {
        StringBuilder out = new StringBuilder();
        items.forEach(item -> out.append("- ").append(item).append('\n'));
        blocks.add(out.toString());
        return this;
    }

    /** A chart, linked relative to the document it is appended to. */
    public BenchReport image(String alt, Path png, Path doc) {
        Path folder = doc.toAbsolutePath().getParent();
        Path link = folder == null ? png.toAbsolutePath() : folder.relativize(png.toAbsolutePath());
        blocks.add("![" + alt + "](" + link.toString().replace('\\', '/') + ")\n");
        return this;
    }

    public String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("## ")
                .append(name)
                .append(" — ")
                .append(started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                .append("\n\n");
        out.append("`").append(command).append("`\n\n");
        out.append("Machine: ").append(machine.describe());
        if (machine.busy()) {
            out.append(". **Measured on a busy, shared ")
                    .append(machine.cores())
                    .append("-core machine** (other builds ran alongside): absolute "
                            + "figures are pessimistic, ratios within the run hold");
        }
        out.append(".\n\n");
        for (String block : blocks) {
            out.append(block).append('\n');
        }
        return out.toString();
    }

    public void print(PrintStream out) {
        out.println();
        out.print(markdown());
        out.flush();
    }

    public void appendTo(Path doc) throws IOException {
        Path folder = doc.getParent();
        if (folder != null) {
            Files.createDirectories(folder);
        }
        String existing = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
        String prefix = existing.isEmpty()
                ? DOC_HEADER + "\n"
                : existing.endsWith("\n\n") ? "" : existing.endsWith("\n") ? "\n" : "\n\n";
        Files.writeString(
                doc, prefix + markdown(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Prints the section and, with --record, appends it. */
    public void publish(BenchOutput output, PrintStream console) throws IOException {
        print(console);
        if (output.recording()) {
            appendTo(output.doc());
            console.println("Appended to " + output.doc());
        }
    }
}
