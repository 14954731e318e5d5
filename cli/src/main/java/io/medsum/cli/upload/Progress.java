package io.medsum.cli.upload;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Upload progress: a bar redrawn in place on a terminal, plain lines at most every few seconds otherwise (CI logs,
 * pipes), so both stay readable.
 */
public final class Progress {
    private final PrintStream out;
    private final boolean terminal;
    private final int total;
    private final long started = System.nanoTime();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private final AtomicInteger deferred = new AtomicInteger();
    private volatile long lastPlainLine;

    public Progress(PrintStream out, boolean terminal, int total) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
    }

    public void accepted(int n) {
        accepted.addAndGet(n);
        render(false);
    }

    public void rejected(int n) {
        rejected.addAndGet(n);
        render(false);
    }

    /** Not settled this run (the service was unavailable): a rerun sends them again. */
    public void deferred(int n) {
        deferred.addAndGet(n);
        render(false);
    }

    public int acceptedCount() {
        return accepted.get();
    }

    public double reportsPerSecond() {
        double seconds = (System.nanoTime() - started) / 1e9;
        return seconds <= 0 ? 0 : accepted.get() / seconds;
    }

    public synchronized void finish() {
        render(true);
        if (terminal) {
            out.println();
        }
    }

    private synchronized void render(boolean last) {
        int done = accepted.get() + rejected.get() + deferred.get();
        double rate = reportsPerSecond();
        long eta = rate > 0 ? Math.round((total - done) / Math.max(rate, 0.001)) : -1;
        String counts = String.format(
                "%d/%d  accepted %d  rejected %d%s  %.0f reports/s  ETA %s",
                done,
                total,
                accepted.get(),
                rejected.get(),
                deferred.get() > 0 ? "  deferred " + deferred.get() : "",
                rate,
                eta < 0 ? "-" : eta + "s");
        if (terminal) {
            int width = 30;
            int filled = total == 0 ? width : (int) ((long) width * done / total);
            out.print("\r[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + counts + "   ");
            out.flush();
        } else if (last || System.nanoTime() - lastPlainLine > 2_000_000_000L) {
            lastPlainLine = System.nanoTime();
            out.println("upload: " + counts);
        }
    }
}
