package io.medsum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.medsum.cli.testing.HelpText;
import java.util.List;
import org.junit.jupiter.api.Test;

class HelpTextTest {
    @Test
    void everyDescriptionLineIsAWholeSentence() {
        assertThat(HelpText.brokenSentences(MedsumCli.commandLine())).isEmpty();
    }

    @Test
    void aDescriptionSplitMidSentenceIsCaught() {
        @picocli.CommandLine.Command(
                name = "demo",
                description = {"Starts a stack and writes the", "endpoints to a file."})
        class Demo implements Runnable {
            @picocli.CommandLine.Option(names = "--port", description = "Port of the gateway.")
            int port;

            @Override
            public void run() {}
        }

        assertThat(HelpText.brokenSentences(new picocli.CommandLine(new Demo())))
                .isEqualTo(List.of("demo: \"Starts a stack and writes the\""));
    }
}
