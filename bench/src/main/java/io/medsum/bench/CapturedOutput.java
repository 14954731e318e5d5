package io.medsum.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.LongAdder;

/**
 * Takes over standard output while a benchmark runs: the functions log JSON lines and EMF metrics there (a line or more
 * per report), which would bury the table. They are counted (the requests benchmark prices them as CloudWatch Logs
 * ingestion) and discarded, or written to a file. The benchmark prints to {@link #console()}.
 */
public final class CapturedOutput implements AutoCloseable {
    private final PrintStream console;
    private final LongAdder bytes = new LongAdder();
    private final LongAdder lines = new LongAdder();
    private final OutputStream sink;

    private CapturedOutput(Path logFile) {
        this.console = System.out;
        try {
            this.sink = logFile == null
                    ? OutputStream.nullOutputStream()
                    : Files.newOutputStream(logFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setOut(new PrintStream(
                new OutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        bytes.increment();
                        if (b == '\n') {
                            lines.increment();
                        }
                        sink.write(b);
                    }

                    @Override
                    public void write(byte[] buffer, int offset, int length) throws IOException {
                        bytes.add(length);
                        for (int i = offset; i < offset + length; i++) {
                            if (buffer[i] == '\n') {
                                lines.increment();
                            }
                        }
                        sink.write(buffer, offset, length);
                    }
                },
                true,
                StandardCharsets.UTF_8));
    }

    public static CapturedOutput start(Path logFile) {
        return new CapturedOutput(logFile);
    }

    public PrintStream console() {
        return console;
    }

    public long bytes() {
        return bytes.sum();
    }

    public long lines() {
        return lines.sum();
    }

    public void reset() {
        bytes.reset();
        lines.reset();
    }

    @Override
    public void close() {
        System.out.flush();
        System.setOut(console);
        try {
            sink.close();
        } catch (IOException e) {
            // Only the optional log file; the figures are already printed.
        }
    }
}
