package io.medsum.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.medsum.bench.harness.ColdStartHarness;
import io.medsum.bench.spike.SpikeBench;
import io.medsum.common.domain.ReportKey;
import io.medsum.common.domain.ReportMessage;
import io.medsum.common.json.Json;
import io.medsum.local.LocalPipeline;
import io.medsum.local.infra.FunctionDefinition;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.SdkSystemSetting;

/** {@code ./medsum bench coldstart}: each function from a fresh JVM to its first answered event, per HTTP client. */
@Command(
        name = "coldstart",
        mixinStandardHelpOptions = true,
        description = {
            "Each function from a fresh JVM (java -XX:TieredStopAtLevel=1 -cp "
                    + "<its Lambda jar> + a tiny harness) to its first "
                    + "answered event against the local stack, median of several runs, for each SDK HTTP client.",
            "URLConnection is the jars' own. Apache and CRT have their "
                    + "jars added to the child's classpath and are chosen with "
                    + "the SDK's own system property, software.amazon.awssdk.http.service.impl.",
            "Prints jar sizes and picks the default from the figures."
        })
public final class ColdStartBench implements Callable<Integer> {
    private static final List<String> FUNCTIONS =
            List.of(LocalPipeline.INGEST, LocalPipeline.WORKER, LocalPipeline.STATUS);
    private static final Map<String, String> MODULES = Map.of(
            LocalPipeline.INGEST,
            "ingest-function",
            LocalPipeline.WORKER,
            "worker-function",
            LocalPipeline.STATUS,
            "status-function");

    /**
     * An HTTP client as the SDK knows it: the {@code SdkHttpService} its default loading builds it from, and the
     * {@code clientName()} the child reports back, so a run never measures one client under another's name.
     */
    record HttpClient(String service, String clientName) {}

    /**
     * The function jars give every service client the SDK's default HTTP client (AwsClientFactory, LoadedHttpClient);
     * the child names one with {@link SdkSystemSetting#SYNC_HTTP_SERVICE_IMPL}. Without it the SDK would still take
     * Apache over URLConnection by its classpath priority, but never CRT, which it ranks last.
     */
    static final Map<String, HttpClient> HTTP_CLIENTS = Map.of(
            "urlconnection",
                    new HttpClient(
                            "software.amazon.awssdk.http.urlconnection.UrlConnectionSdkHttpService", "UrlConnection"),
            "apache", new HttpClient("software.amazon.awssdk.http.apache.ApacheSdkHttpService", "Apache"),
            "crt", new HttpClient("software.amazon.awssdk.http.crt.AwsCrtSdkHttpService", "AwsCommonRuntime"));

    @Mixin
    BenchOutput output;

    @Option(
            names = "--runs",
            defaultValue = "5",
            description = "Fresh JVMs per function and client (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(
            names = "--clients",
            split = ",",
            defaultValue = "urlconnection,apache,crt",
            description = "HTTP clients (default: ${DEFAULT-VALUE}).")
    List<String> clients;

    @Option(
            names = "--warmup-rounds",
            defaultValue = "1",
            description = "Uncounted rounds first (default: ${DEFAULT-VALUE}).")
    int warmupRounds;

    @Option(names = "--jvm-option", description = "Extra JVM option for the child, repeatable (e.g. -Xshare:off).")
    List<String> jvmOptions = new ArrayList<>();

    /** One child run. */
    record Run(
            String function,
            String client,
            long jvmToMain,
            long init,
            long firstEvent,
            long total,
            long wall,
            String result,
            long cpu) {}

    /** Another client replaces the default only when clearly faster: by this share, in wall time and CPU time alike. */
    static final double SWITCH_MARGIN = 0.10;

    @Override
    public Integer call() throws Exception {
        if (!HTTP_CLIENTS.keySet().containsAll(clients)) {
            throw new IllegalArgumentException("--clients takes urlconnection, apache and crt");
        }
        Machine machine = Machine.current();
        Path root = BenchOutput.projectRoot();
        Map<String, Path> jars = new LinkedHashMap<>();
        for (String function : FUNCTIONS) {
            jars.put(function, lambdaJar(root, MODULES.get(function)));
        }
        Map<String, List<Path>> clientJars = new LinkedHashMap<>();
        for (String client : clients) {
            clientJars.put(client, client.equals("urlconnection") ? List.of() : clientJars(root, client));
        }
        Path work = Files.createTempDirectory("medsum-coldstart");
        Path harness = extractHarness(work.resolve("harness"));
        List<Run> results = new ArrayList<>();
        try (CapturedOutput captured = CapturedOutput.start(output.logs())) {
            PrintStream out = captured.console();
            try (LocalPipeline pipeline = LocalPipeline.start(LocalPipeline.Options.inMemory())) {
                out.printf(
                        "coldstart: %d functions x %d clients x %d runs, interleaved%n",
                        FUNCTIONS.size(), clients.size(), runs);
                int sequence = 0;
                for (int run = 1 - warmupRounds; run <= runs; run++) {
                    for (String function : FUNCTIONS) {
                        for (String client : clients) {
                            // Warm-up rounds (run <= 0) fill the OS page cache and warm the stack; they are not
                            // counted.
                            Run r = runChild(
                                    pipeline,
                                    function,
                                    client,
                                    jars.get(function),
                                    clientJars.get(client),
                                    harness,
                                    work,
                                    ++sequence);
                            if (run > 0) {
                                results.add(r);
                            }
                            out.printf("  %-18s %-13s %5d ms  (%s)%n", function, client, r.total(), r.result());
                        }
                    }
                }
            } finally {
                deleteQuietly(work);
            }

            Table table = new Table(
                    "function",
                    "HTTP client",
                    "JVM start to main",
                    "handler init",
                    "first event",
                    "JVM start to answer (median)",
                    "min - max",
                    "CPU time to answer",
                    "process wall",
                    "jar size");
            Map<String, Long> sumByClient = new LinkedHashMap<>();
            Map<String, Long> cpuByClient = new LinkedHashMap<>();
            for (String function : FUNCTIONS) {
                for (String client : clients) {
                    List<Run> mine = results.stream()
                            .filter(r ->
                                    r.function().equals(function) && r.client().equals(client))
                            .toList();
                    long total = median(mine, Run::total);
                    sumByClient.merge(client, total, Long::sum);
                    cpuByClient.merge(client, median(mine, Run::cpu), Long::sum);
                    long jarBytes = size(jars.get(function))
                            + clientJars.get(client).stream()
                                    .mapToLong(ColdStartBench::size)
                                    .sum();
                    table.row(
                            function,
                            client,
                            median(mine, Run::jvmToMain) + " ms",
                            median(mine, Run::init) + " ms",
                            median(mine, Run::firstEvent) + " ms",
                            "**" + total + " ms**",
                            mine.stream().mapToLong(Run::total).min().orElse(0) + " - "
                                    + mine.stream().mapToLong(Run::total).max().orElse(0) + " ms",
                            median(mine, Run::cpu) + " ms",
                            median(mine, Run::wall) + " ms",
                            Stats.mib(jarBytes));
                }
            }
            Table sizes = new Table("artifact", "size");
            jars.forEach((function, jar) -> sizes.row(jar.toFile().getName(), Stats.mib(size(jar))));
            clientJars.forEach((client, list) -> {
                if (!list.isEmpty()) {
                    sizes.row(
                            "+ " + client + " client jars ("
                                    + String.join(
                                            ", ",
                                            list.stream()
                                                    .map(p -> p.toFile().getName())
                                                    .toList()) + ")",
                            Stats.mib(list.stream()
                                    .mapToLong(ColdStartBench::size)
                                    .sum()));
                }
            });
            String fastest = sumByClient.entrySet().stream()
                    .min(Map.Entry.comparingByValue())
                    .map(Map.Entry::getKey)
                    .orElse("urlconnection");
            String current = "urlconnection";
            boolean clearlyFaster = !fastest.equals(current)
                    && sumByClient.containsKey(current)
                    && sumByClient.get(fastest) <= (1 - SWITCH_MARGIN) * sumByClient.get(current)
                    && cpuByClient.get(fastest) <= (1 - SWITCH_MARGIN) * cpuByClient.get(current);
            String best = clearlyFaster || !sumByClient.containsKey(current) ? fastest : current;
            List<String> totals = sumByClient.keySet().stream()
                    .map(c -> c + " " + sumByClient.get(c) + " ms ("
                            + Stats.fixed((double) sumByClient.get(c) / sumByClient.get(best), 2) + " x), CPU "
                            + cpuByClient.get(c) + " ms ("
                            + Stats.fixed((double) cpuByClient.get(c) / cpuByClient.get(best), 2) + " x)")
                    .toList();
            String why = best.equals(fastest)
                    ? (best.equals(current)
                            ? "fastest to a first answer, and the smallest "
                                    + "jars: the functions keep it as their only client"
                            : "at least " + Math.round(SWITCH_MARGIN * 100)
                                    + "% faster in wall and CPU time: give the functions its jars "
                                    + "instead of url-connection-client (common/pom.xml)")
                    : fastest + " was fastest by less than " + Math.round(SWITCH_MARGIN * 100)
                            + "% in wall or CPU time, within this machine's noise "
                            + "(see min - max), and costs "
                            + Stats.mib(clientJars.get(fastest).stream()
                                    .mapToLong(ColdStartBench::size)
                                    .sum())
                            + " more per function jar: the functions keep urlconnection, the smallest";
            List<String> failures = results.stream()
                    .filter(r -> !r.result().startsWith("HTTP2") && !r.result().equals("failures=0"))
                    .map(r -> r.function() + "/" + r.client() + ": " + r.result())
                    .distinct()
                    .toList();

            BenchReport report = new BenchReport(
                    "coldstart",
                    String.format(
                            Locale.ROOT,
                            "./medsum bench coldstart --runs %d --clients %s%s",
                            runs,
                            String.join(",", clients),
                            jvmOptions.isEmpty() ? "" : " --jvm-option " + String.join(" --jvm-option ", jvmOptions)),
                    machine);
            report.paragraph("Each run is a fresh `java -XX:TieredStopAtLevel=1"
                    + (jvmOptions.isEmpty() ? "" : " " + String.join(" ", jvmOptions))
                    + " -Dsoftware.amazon.awssdk.http.service.impl=<client's "
                    + "SdkHttpService> -cp <function's Lambda jar>[:<client jars>]:<harness>` "
                    + "child process that builds the handler as the Lambda runtime "
                    + "does (no-arg constructor, environment from the process; "
                    + "the SDK's own system property picks the HTTP client, which the child reports back) and invokes "
                    + "one event against the local stack on 127.0.0.1: ingest "
                    + "POST /summarize (PutItem, SendMessage, UpdateItem), worker one SQS "
                    + "message (claim, Converse, store), status "
                    + "GET /reports/{patientId}/{reportId} (GetItem). Median of "
                    + runs
                    + " runs per cell, the cells interleaved so background load hits all alike, after " + warmupRounds
                    + " uncounted round(s). "
                    + "JVM start to answer is measured inside the child from the JVM's "
                    + "own start time; CPU time to answer is the child's own CPU "
                    + "(all threads, from /proc/self/stat, 10 ms ticks), "
                    + "steadier than wall time on a shared machine; process wall "
                    + "adds JVM exit (CRT's native cleanup shows there; a Lambda container does not exit per event).");
            report.table(null, table);
            report.table(
                    "Jar sizes (the Lambda jars carry only URLConnection; "
                            + "the other clients are added for this benchmark only):",
                    sizes);
            report.paragraph("Sum of the three functions' medians: " + String.join("; ", totals) + ". **Default: "
                    + best + "** (" + why + ").");
            if (!failures.isEmpty()) {
                report.paragraph("Runs whose answer was not a success: " + String.join("; ", failures));
            }
            report.publish(output, out);
        }
        return 0;
    }

    private Run runChild(
            LocalPipeline pipeline,
            String function,
            String client,
            Path jar,
            List<Path> extra,
            Path harness,
            Path work,
            int sequence)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>();
        FunctionDefinition definition = pipeline.template().function(function);
        args.add(definition.handlerClass());
        switch (function) {
            case LocalPipeline.INGEST -> {
                Path body = work.resolve("ingest-" + sequence + ".json");
                Files.writeString(
                        body, SpikeBench.bodies("COLD-I-" + sequence + "-", 1).get(0));
                args.addAll(List.of("api", "POST", "/summarize", "/summarize", "-", body.toString()));
            }
            case LocalPipeline.WORKER -> {
                ReportKey key = newReport(pipeline, "COLD-W-" + sequence + "-");
                Path body = work.resolve("worker-" + sequence + ".json");
                Files.writeString(body, ReportMessage.encode(key));
                args.addAll(List.of("sqs", body.toString(), pipeline.resources().queueArn()));
            }
            default -> {
                ReportKey key = newReport(pipeline, "COLD-S-" + sequence + "-");
                args.addAll(List.of(
                        "api",
                        "GET",
                        "/reports/{patientId}/{reportId}",
                        "/reports/" + key.patientId() + "/" + key.reportId(),
                        "patientId=" + key.patientId() + ";reportId=" + key.reportId(),
                        "-"));
            }
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-D" + SdkSystemSetting.SYNC_HTTP_SERVICE_IMPL.property() + "="
                + HTTP_CLIENTS.get(client).service());
        command.addAll(jvmOptions);
        command.add("-cp");
        List<String> classpath = new ArrayList<>();
        classpath.add(jar.toString());
        extra.forEach(p -> classpath.add(p.toString()));
        classpath.add(harness.toString());
        command.add(String.join(File.pathSeparator, classpath));
        command.add(ColdStartHarness.class.getName());
        command.addAll(args);

        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        String path = env.get("PATH");
        env.clear();
        env.put("PATH", path == null ? "/usr/bin:/bin" : path);
        env.putAll(pipeline.environment(function));
        env.remove("JAVA_TOOL_OPTIONS"); // the template's flags are on the command line instead (no "Picked up" noise)
        env.put("AWS_EMF_ENVIRONMENT", "Local");
        env.put("HOME", work.toString());
        long started = System.nanoTime();
        Process process = builder.start();
        byte[] output;
        try (InputStream in = process.getInputStream()) {
            output = in.readAllBytes();
        }
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("The " + function + " child did not finish in 120 s");
        }
        long wall = (System.nanoTime() - started) / 1_000_000;
        String text = new String(output, StandardCharsets.UTF_8);
        String line = text.lines()
                .filter(l -> l.startsWith("COLDSTART "))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("The " + function + " child (" + client
                        + ") printed no result; exit " + process.exitValue() + ":\n" + tail(text)));
        String[] f = line.split(" ");
        String ranWith = f[7];
        if (!ranWith.equals(HTTP_CLIENTS.get(client).clientName())) {
            throw new IllegalStateException(
                    "The " + function + " child was to run with " + client + " but the SDK gave it " + ranWith);
        }
        return new Run(
                function,
                client,
                Long.parseLong(f[1]),
                Long.parseLong(f[2]),
                Long.parseLong(f[3]),
                Long.parseLong(f[4]),
                wall,
                f[5],
                Long.parseLong(f[6]));
    }

    private static ReportKey newReport(LocalPipeline pipeline, String prefix) {
        var response =
                SpikeBench.postSummarize(pipeline, SpikeBench.bodies(prefix, 1).get(0));
        try {
            JsonNode json = Json.parse(response.getBody());
            return new ReportKey(
                    json.get("patientId").asText(), json.get("reportId").asText());
        } catch (Json.InvalidJsonException | RuntimeException e) {
            throw new IllegalStateException(
                    "Could not create a report for the cold start: HTTP " + response.getStatusCode(), e);
        }
    }

    static Path lambdaJar(Path root, String module) throws IOException {
        Path target = root.resolve(module).resolve("target");
        try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            return files.filter(p -> p.toFile().getName().endsWith("-lambda.jar"))
                    .max(Comparator.comparing(Path::toString))
                    .orElseThrow(() -> new IllegalStateException(
                            "No Lambda jar in " + target + ": build with ./mvnw -pl bench -am package"));
        }
    }

    static List<Path> clientJars(Path root, String client) throws IOException {
        Path dir = root.resolve("bench/target/bench-http-clients").resolve(client);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("No " + client + " client jars in " + dir
                    + ": build the benchmarks with ./mvnw -pl bench -am package");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }

    /**
     * Copies the harness package's classes (and nothing else of the bench jar) into a folder for the child's classpath.
     */
    static Path extractHarness(Path dir) throws IOException, URISyntaxException {
        String prefix = ColdStartHarness.class.getPackageName().replace('.', '/') + "/";
        Path source = Path.of(ColdStartHarness.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Files.createDirectories(dir.resolve(prefix));
        if (Files.isDirectory(source)) {
            try (Stream<Path> classes = Files.list(source.resolve(prefix))) {
                for (Path c : classes.toList()) {
                    Files.copy(c, dir.resolve(prefix).resolve(c.toFile().getName()));
                }
            }
        } else {
            try (JarFile jar = new JarFile(source.toFile())) {
                for (JarEntry entry : jar.stream()
                        .filter(e ->
                                e.getName().startsWith(prefix) && e.getName().endsWith(".class"))
                        .toList()) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        Files.copy(in, dir.resolve(entry.getName()));
                    }
                }
            }
        }
        return dir;
    }

    private static long median(List<Run> runs, ToLongFunction<Run> field) {
        return (long) Stats.median(runs.stream().map(r -> field.applyAsLong(r)).toList());
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** From the first exception line on, shortened: the child's JSON logs come first. */
    private static String tail(String text) {
        int exception = text.indexOf("Exception");
        int from =
                exception < 0 ? Math.max(0, text.length() - 3000) : Math.max(0, text.lastIndexOf('\n', exception) + 1);
        String part = text.substring(from);
        return part.length() > 3000 ? part.substring(0, 3000) + "\n..." : part;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A temp folder left behind is harmless.
        }
    }
}
