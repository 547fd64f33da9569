package io.mig4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig4j.api.ComputeInstanceProfile;
import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.PciDeviceId;
import io.mig4j.api.ProductCatalog;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generated inputs on every input path of the CLI (layouts, profile names, mig-parted files, {@code --fake} specs,
 * and flags), run in-process through {@link Main.Session}, the code behind {@link Main#run}: whatever the input,
 * the CLI answers with exit code 0, 1 or 2, one line on stderr for bad input, never a stack trace; no input runs
 * longer than {@value #WATCHDOG_SECONDS} s (a watchdog per input, not a speed assertion), and none allocates more
 * than {@value #MAX_ALLOCATED_MIB} MiB.
 *
 * <p>Seeded: {@code -Dmig4j.fuzz.seed=N} replays a run, {@code -Dmig4j.fuzz.inputs=N} sets the number of inputs
 * (default 100,000). A failure names the seed, the input number and the arguments.
 */
class CliFuzzTest {
    static final long WATCHDOG_SECONDS = 2;
    static final long MAX_ALLOCATED_MIB = 256;

    private static final long SEED = Long.getLong("mig4j.fuzz.seed", 0x6D6967346AL);
    private static final int INPUTS = Integer.getInteger("mig4j.fuzz.inputs", 100_000);

    private static ExecutorService worker;
    private static Main.Session session;
    private static List<String> profileNames;
    private static List<String> productKeys;
    private static List<String> seedDocuments;

    @BeforeAll
    static void setUp() throws Exception {
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cli-fuzz");
            t.setDaemon(true); // a hung input must not keep the test JVM alive
            return t;
        });
        session = worker.submit(() -> new Main.Session()).get();
        profileNames = new ArrayList<>();
        productKeys = new ArrayList<>();
        for (GpuProduct p : ProductCatalog.builtIn().products()) {
            productKeys.add(p.alias());
            p.variants().forEach(v -> {
                productKeys.add(v.name());
                productKeys.add(PciDeviceId.format(v.pciDeviceId()));
                productKeys.add(PciDeviceId.formatWithVendor(v.pciDeviceId()));
            });
            for (GpuInstanceProfile g : p.gpuInstanceProfiles()) {
                profileNames.add(g.name().toString());
                profileNames.add(String.valueOf(g.id()));
                g.aliases().forEach(a -> profileNames.add(a.toString()));
                for (ComputeInstanceProfile c : g.computeInstanceProfiles()) {
                    profileNames.add(c.name().toString());
                }
            }
        }
        seedDocuments = new ArrayList<>();
        for (String file : List.of("../configs/mig-parted-example.yaml", "src/test/resources/requests.yaml",
                "src/test/resources/mig-parted-config-default.yaml")) {
            seedDocuments.add(Files.readString(Path.of(file)));
        }
    }

    @AfterAll
    static void tearDown() {
        worker.shutdownNow();
    }

    @Test
    void everyGeneratedInputGetsADocumentedExitCodeAndNoStackTrace() throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long maxAllocated = 0;
        String maxAllocatedInput = "";
        int[] byPath = new int[5];
        int[] byExit = new int[3];
        long[] nanosByPath = new long[5];
        long slowest = 0;
        long totalCpu = 0;
        String slowestInput = "";
        long started = System.nanoTime();
        for (int i = 0; i < INPUTS; i++) {
            int path = random.nextInt(100);
            Input input = path < 30 ? layout(random) : path < 45 ? profiles(random) : path < 80 ? migParted(random)
                    : path < 95 ? fakeSpec(random) : flags(random);
            byPath[path < 30 ? 0 : path < 45 ? 1 : path < 80 ? 2 : path < 95 ? 3 : 4]++;
            String where = "seed " + SEED + ", input " + i + ": " + input;
            Future<Result> future = worker.submit(() -> {
                long before = threads.getCurrentThreadAllocatedBytes();
                long cpu = threads.getCurrentThreadCpuTime();
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                InputFile.useStdin(new ByteArrayInputStream(input.stdin.getBytes(StandardCharsets.UTF_8)));
                int code = session.run(input.args, new PrintWriter(out), new PrintWriter(err));
                return new Result(code, out.toString(), err.toString(), threads.getCurrentThreadAllocatedBytes() - before,
                        threads.getCurrentThreadCpuTime() - cpu);
            });
            Result r;
            long t0 = System.nanoTime();
            try {
                r = future.get(WATCHDOG_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                future.cancel(true);
                throw new AssertionError("no answer within " + WATCHDOG_SECONDS + " s: " + where);
            }
            nanosByPath[path < 30 ? 0 : path < 45 ? 1 : path < 80 ? 2 : path < 95 ? 3 : 4] += r.cpuNanos;
            totalCpu += r.cpuNanos;
            if (System.nanoTime() - t0 > slowest) {
                slowest = System.nanoTime() - t0;
                slowestInput = input.toString();
            }
            assertThat(r.code).as(where + "\n" + r).isBetween(0, 2);
            byExit[r.code]++;
            assertThat(r.err).as(where + "\n" + r).doesNotContain("\tat ").doesNotContain("Exception")
                    .doesNotContain("Error:");
            List<String> errors = r.err.lines().filter(l -> !l.startsWith("mig4j: warning: ")).toList();
            if (r.code == 2) {
                assertThat(errors).as(where + "\n" + r).hasSize(1).allMatch(l -> l.startsWith("mig4j: "));
            }
            // usage and version text (-h, -V, also clustered as in -he) are not results
            boolean help = r.out.startsWith("Usage: ") || Arrays.stream(input.args).anyMatch(a -> a.equals("--version")
                    || a.startsWith("-") && !a.startsWith("--") && (a.contains("V") || a.contains("h")));
            if (input.json && !help && !r.out.isBlank()) {
                try {
                    JsonMapper.shared().readTree(r.out); // exactly one JSON document, or this throws
                } catch (RuntimeException e) {
                    throw new AssertionError("--json printed no single JSON document: " + where + "\n" + r, e);
                }
            }
            if (r.allocated > maxAllocated) {
                maxAllocated = r.allocated;
                maxAllocatedInput = input.toString();
            }
            assertThat(r.allocated).as(where + ": bytes allocated").isLessThan(MAX_ALLOCATED_MIB * 1024 * 1024);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getPeakUsage).mapToLong(u -> u == null ? 0 : u.getUsed()).sum();
        System.out.printf("CLI fuzz: %d inputs (seed %d; layouts %d, profile names %d, mig-parted files %d, --fake"
                        + " specs %d, flags %d) in %d ms; exit codes 0/1/2: %d/%d/%d; most allocated by one input:"
                        + " %.1f MiB (%s); peak heap (sum of pools' peaks) %d MiB%n", INPUTS, SEED, byPath[0],
                byPath[1], byPath[2], byPath[3], byPath[4], millis, byExit[0], byExit[1], byExit[2],
                maxAllocated / 1048576.0, abbreviate(maxAllocatedInput), peakHeap >> 20);
        System.out.printf("CLI fuzz: CPU time of the worker thread %d ms; CPU ms by path %s; slowest input %d ms: %s%n",
                totalCpu / 1_000_000, Arrays.toString(Arrays.stream(nanosByPath).map(n -> n / 1_000_000).toArray()), slowest / 1_000_000,
                abbreviate(slowestInput));
        assertThat(byExit[0]).as("some inputs must be valid, or the generators only test the error paths")
                .isGreaterThan(INPUTS / 50);
        assertThat(byExit[2]).isGreaterThan(INPUTS / 50);
    }

    // ---------------------------------------------------------------- generators

    /** {@code validate --gpu P <layout>}: names, IDs, starts, separators, and mutations of each. */
    private Input layout(SplittableRandom r) {
        int n = r.nextInt(10) == 0 ? r.nextInt(40) : r.nextInt(9);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(r.nextInt(30) == 0 ? ",," : r.nextInt(30) == 0 ? " , " : ",");
            }
            sb.append(profileToken(r));
            if (r.nextInt(3) == 0) {
                sb.append('@').append(number(r));
            }
        }
        String text = r.nextInt(8) == 0 ? mutate(r, sb.toString()) : sb.toString();
        List<String> args = new ArrayList<>(List.of("validate", "--gpu", product(r)));
        boolean json = r.nextBoolean();
        if (json) {
            args.add("--json");
        }
        args.add(text.isEmpty() && r.nextBoolean() ? " " : text.isEmpty() ? "," : text);
        return new Input(args, "", json);
    }

    /** Profile names where a command takes them: {@code layouts --profiles}, {@code mig cgi}, {@code profiles --gpu}. */
    private Input profiles(SplittableRandom r) {
        boolean json = r.nextBoolean();
        List<String> args = new ArrayList<>();
        if (r.nextInt(5) == 0) { // nvidia-smi's -cgi/-cci lists: names or IDs, with :start placements
            StringBuilder list = new StringBuilder();
            int n = 1 + r.nextInt(4);
            for (int i = 0; i < n; i++) {
                list.append(i == 0 ? "" : ",").append(profileToken(r)).append(r.nextInt(3) == 0 ? ":" + number(r) : "");
            }
            boolean ci = r.nextInt(4) == 0;
            args.addAll(List.of("mig", ci ? "cci" : "cgi", mutateSometimes(r, list.toString()), "--fake",
                    product(r), "--mig", "on"));
            if (!ci && r.nextBoolean()) {
                args.add("-C");
            }
        } else if (r.nextInt(4) == 0) {
            args.addAll(List.of("profiles", "--gpu", mutateSometimes(r, product(r))));
            if (r.nextBoolean()) {
                args.add("--ci");
            }
        } else {
            StringBuilder names = new StringBuilder();
            int n = 1 + r.nextInt(4);
            for (int i = 0; i < n; i++) {
                names.append(i == 0 ? "" : ",").append(profileToken(r));
            }
            // --count keeps the enumeration's output small; the profile list is what is under test
            args.addAll(List.of("layouts", "--gpu", product(r), "--count", "--maximal", "--profiles",
                    mutateSometimes(r, names.toString())));
        }
        if (json) {
            args.add("--json");
        }
        return new Input(args, "", json);
    }

    /** mig-parted files on stdin: generated configs, seed files, and corruptions of both. */
    private Input migParted(SplittableRandom r) {
        String doc;
        List<String> configs = new ArrayList<>();
        boolean seedDocument = r.nextInt(10) == 0;
        if (seedDocument) { // real files, large: validated one config at a time (-c) to keep the test's time in check
            doc = seedDocuments.get(r.nextInt(seedDocuments.size()));
            configs.add(List.of("all-disabled", "all-balanced", "mixed-workload", "fits", "huge", "all-1g.10gb")
                    .get(r.nextInt(6)));
        } else {
            StringBuilder sb = new StringBuilder(r.nextInt(20) == 0 ? "version: v2\n" : "version: v1\n");
            sb.append("mig-configs:\n");
            int n = 1 + r.nextInt(3);
            for (int c = 0; c < n; c++) {
                String name = r.nextInt(20) == 0 ? mutate(r, "cfg" + c) : "cfg" + c;
                configs.add(name);
                sb.append("  \"").append(name.replace("\\", "").replace("\"", "")).append("\":\n");
                int entries = 1 + r.nextInt(3);
                for (int e = 0; e < entries; e++) {
                    if (r.nextInt(4) == 0) {
                        sb.append("    - device-filter: ").append(deviceFilter(r)).append('\n');
                        sb.append("      devices: ").append(devices(r)).append('\n');
                    } else {
                        sb.append("    - devices: ").append(devices(r)).append('\n');
                    }
                    boolean enabled = r.nextInt(6) != 0;
                    sb.append("      mig-enabled: ").append(r.nextInt(30) == 0 ? "maybe" : enabled).append('\n');
                    if (enabled) {
                        sb.append("      mig-devices:");
                        int profiles = r.nextInt(4);
                        sb.append(profiles == 0 ? " {}\n" : "\n");
                        for (int k = 0; k < profiles; k++) {
                            sb.append("        \"").append(profileToken(r).replace("\"", "").replace("\\", ""))
                                    .append("\": ").append(count(r)).append('\n');
                        }
                    }
                }
            }
            doc = sb.toString();
        }
        if (r.nextInt(5) == 0) {
            doc = mutate(r, doc);
        }
        if (r.nextInt(200) == 0) { // an alias bomb: YAML anchors referenced again and again
            doc = "version: v1\na: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n"
                    + "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                    + "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
                    + "mig-configs: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n";
        }
        String config = configs.get(r.nextInt(configs.size()));
        boolean json = r.nextBoolean();
        List<String> args = new ArrayList<>();
        if (r.nextInt(3) == 0) {
            args.addAll(List.of("apply", "--fake", product(r) + (r.nextBoolean() ? "" : "x" + (1 + r.nextInt(3))),
                    "-f", "-", "-c", config));
            if (r.nextBoolean()) {
                args.add("--apply");
            }
            if (r.nextInt(4) == 0) {
                args.add("--strict");
            }
        } else {
            args.addAll(List.of("mig-parted", "validate", "-"));
            if (r.nextBoolean()) {
                args.addAll(List.of("--gpu", product(r)));
            }
            if (seedDocument || r.nextBoolean()) {
                args.addAll(List.of("-c", config));
            }
        }
        if (json) {
            args.add("--json");
        }
        return new Input(args, doc, json);
    }

    /** {@code --fake <product>[x<count>]} in every spelling, with {@code --mig}. */
    private Input fakeSpec(SplittableRandom r) {
        String product = product(r);
        String spec = r.nextBoolean() ? product : "\"" + product + "\"";
        switch (r.nextInt(5)) {
            case 0 -> spec += "x" + (1 + r.nextInt(8));
            case 1 -> spec += "x" + number(r);
            case 2 -> spec += r.nextBoolean() ? "x" : "X" + r.nextInt(9);
            default -> { }
        }
        spec = mutateSometimes(r, spec);
        boolean json = r.nextBoolean();
        List<String> args = new ArrayList<>(List.of(r.nextInt(3) == 0 ? "profiles" : "inventory", "--fake", spec));
        if (r.nextInt(4) == 0) {
            args.addAll(List.of("--mig", r.nextBoolean() ? "on" : mutate(r, "off")));
        }
        if (json) {
            args.add("--json");
        }
        return new Input(args, "", json);
    }

    /** Options in the wrong places, unknown ones, missing values, for every command. */
    private Input flags(SplittableRandom r) {
        String[] commands = {"products", "profiles", "validate", "layouts", "mig-parted", "inventory", "mig", "apply",
                "doctor", "--version", "nosuch"};
        String[] options = {"--gpu", "--json", "--fake", "--nvml", "--apply", "--force", "--strict", "-f", "-c",
                "--compare", "--ci", "--count", "--maximal", "--profiles", "--mig", "--backend", "validate", "enable",
                "--help", "-", "0", "H100-80GB", "--bogus", "", "--gpu=", "-fc"};
        List<String> args = new ArrayList<>(List.of(commands[r.nextInt(commands.length)]));
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            args.add(r.nextInt(6) == 0 ? mutate(r, options[r.nextInt(options.length)]) : options[r.nextInt(options.length)]);
        }
        // flags that would reach this machine's NVML or run a long enumeration are kept out: not what is fuzzed here
        if (args.stream().noneMatch(a -> a.startsWith("--fake")) && (args.contains("inventory")
                || args.contains("doctor") || args.contains("mig") || args.contains("apply")
                || args.contains("--nvml") || args.contains("--compare") || args.contains("--backend"))) {
            args.addAll(List.of("--fake", "A30-24GB"));
        }
        if (args.get(0).equals("layouts")) {
            args.add("--count");
        }
        return new Input(args, "", args.contains("--json"));
    }

    private String profileToken(SplittableRandom r) {
        return switch (r.nextInt(10)) {
            case 0 -> String.valueOf(number(r));
            case 1 -> mutate(r, profileNames.get(r.nextInt(profileNames.size())));
            case 2 -> "MIG " + profileNames.get(r.nextInt(profileNames.size())).toUpperCase(java.util.Locale.ROOT);
            default -> profileNames.get(r.nextInt(profileNames.size()));
        };
    }

    private String product(SplittableRandom r) {
        return r.nextInt(10) == 0 ? mutate(r, productKeys.get(r.nextInt(productKeys.size())))
                : productKeys.get(r.nextInt(productKeys.size()));
    }

    private static String count(SplittableRandom r) {
        return switch (r.nextInt(12)) {
            case 0 -> "2147483647";
            case 1 -> "2147483648";
            case 2 -> "-1";
            case 3 -> "99999999999999999999";
            case 4 -> "1.5";
            case 5 -> "\"two\"";
            case 6 -> String.valueOf(r.nextInt());
            default -> String.valueOf(r.nextInt(9));
        };
    }

    private static String devices(SplittableRandom r) {
        return switch (r.nextInt(8)) {
            case 0 -> "[" + r.nextInt(4) + ", " + r.nextInt(9) + "]";
            case 1 -> "[" + number(r) + "]";
            case 2 -> "[]";
            case 3 -> "\"0-3\"";
            case 4 -> "[0, 0]";
            default -> "all";
        };
    }

    private String deviceFilter(SplittableRandom r) {
        return switch (r.nextInt(5)) {
            case 0 -> "[\"0x20B210DE\", \"0x233010DE\"]";
            case 1 -> "\"0x" + Integer.toHexString(r.nextInt()) + "\"";
            case 2 -> "[\"" + mutate(r, "0x233010DE") + "\"]";
            case 3 -> "0x233010DE";
            default -> "\"" + PciDeviceId.formatWithVendor(ProductCatalog.builtIn().products()
                    .get(r.nextInt(ProductCatalog.builtIn().products().size())).variants().get(0).pciDeviceId()) + "\"";
        };
    }

    private static long number(SplittableRandom r) {
        return switch (r.nextInt(8)) {
            case 0 -> r.nextLong();
            case 1 -> -r.nextInt(100);
            case 2 -> Integer.MAX_VALUE + (long) r.nextInt(3);
            case 3 -> r.nextInt(100_000);
            default -> r.nextInt(16);
        };
    }

    private static String mutateSometimes(SplittableRandom r, String s) {
        return r.nextInt(5) == 0 ? mutate(r, s) : s;
    }

    /** Inserts, deletes, replaces, duplicates or truncates; includes control, non-ASCII and surrogate characters. */
    static String mutate(SplittableRandom r, String s) {
        StringBuilder sb = new StringBuilder(s);
        int edits = 1 + r.nextInt(3);
        String specials = "\u0000\t\n\r \"'\\:,@x{}[]#&*!|>%-\u00e9\u0130\uff11\ud83d\ude00\ud800\u202e";
        for (int e = 0; e < edits; e++) {
            int at = sb.length() == 0 ? 0 : r.nextInt(sb.length() + 1);
            switch (r.nextInt(6)) {
                case 0 -> sb.insert(at, specials.charAt(r.nextInt(specials.length())));
                case 1 -> {
                    if (sb.length() > 0) {
                        sb.deleteCharAt(Math.min(at, sb.length() - 1));
                    }
                }
                case 2 -> {
                    if (sb.length() > 0) {
                        sb.setCharAt(Math.min(at, sb.length() - 1), (char) (32 + r.nextInt(95)));
                    }
                }
                case 3 -> sb.setLength(Math.min(at, sb.length()));
                case 4 -> sb.insert(at, sb.substring(0, Math.min(sb.length(), 1 + r.nextInt(64))).repeat(1 + r.nextInt(3)));
                default -> sb.insert(at, String.valueOf(r.nextLong()));
            }
        }
        return sb.toString();
    }

    private static String abbreviate(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }

    /** One generated command line with what {@code -} reads. */
    private record Input(String[] args, String stdin, boolean json) {
        Input(List<String> args, String stdin, boolean json) {
            this(args.toArray(String[]::new), stdin, json);
        }

        @Override
        public String toString() {
            return "mig4j " + String.join(" ", Arrays.stream(args).map(a -> a.isEmpty() || a.contains(" ")
                    ? "'" + a + "'" : a).toList()) + (stdin.isEmpty() ? "" : " <<< " + abbreviate(stdin
                    .replace("\n", "\\n")));
        }
    }

    private record Result(int code, String out, String err, long allocated, long cpuNanos) {
        @Override
        public String toString() {
            return "exit " + code + "\nstdout: " + abbreviate(out) + "\nstderr: " + err;
        }
    }
}
