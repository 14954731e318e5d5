package io.medsum.cli.testing;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Checks picocli help texts for sentences broken across description lines. Picocli prints each element of a description
 * array on a line of its own and wraps only within an element, so an element that stops mid-sentence leaves a short
 * line followed by the rest of the sentence on the next. Each element must therefore be whole sentences (or empty, for
 * a paragraph break).
 */
public final class HelpText {
    private HelpText() {}

    /** "command path: "line"" for every description line of the tree that does not end a sentence. */
    public static List<String> brokenSentences(CommandLine root) {
        List<String> broken = new ArrayList<>();
        collect(root, broken);
        return broken;
    }

    private static void collect(CommandLine commandLine, List<String> broken) {
        CommandSpec spec = commandLine.getCommandSpec();
        String path = spec.qualifiedName();
        check(path, spec.usageMessage().description(), broken);
        for (ArgSpec arg : spec.args()) {
            String name = arg instanceof CommandLine.Model.OptionSpec option ? option.longestName() : arg.paramLabel();
            check(path + " " + name, arg.description(), broken);
        }
        commandLine.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, broken));
    }

    private static void check(String where, String[] lines, List<String> broken) {
        for (String element : lines) {
            // A %n inside an element breaks the line too.
            for (String line : element.split("%n")) {
                String text = line.strip();
                if (!text.isEmpty() && !endsASentence(text)) {
                    broken.add(where + ": \"" + text + "\"");
                }
            }
        }
    }

    private static boolean endsASentence(String text) {
        return text.endsWith(".")
                || text.endsWith(".)")
                || text.endsWith(":")
                || text.endsWith("?")
                || text.endsWith("!");
    }
}
