package io.mig4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Help of every command: whole-sentence summaries, width, examples; the help command; "did you mean". */
class CliHelpTest {

    private static String flat(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    @Test
    void everySummaryInACommandListIsTheWholeFirstSentence() {
        int checked = 0;
        for (CommandLine cli : CliCommands.all()) {
            if (cli.getSubcommands().isEmpty()) {
                continue;
            }
            String usage = flat(CliCommands.usage(cli));
            for (CommandLine sub : new java.util.LinkedHashSet<>(cli.getSubcommands().values())) {
                String summary = CliHelp.summary(sub.getCommandSpec());
                String name = sub.getCommandSpec().qualifiedName();
                assertThat(summary).as(name).matches("(?s).*[.!?]$");
                assertThat(usage).as("command list of " + cli.getCommandSpec().qualifiedName()).contains(flat(summary));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(25);
    }

    @Test
    void theFirstSentenceSkipsAbbreviations() {
        CommandSpec spec = CommandSpec.create();
        spec.usageMessage().description("Check a layout, e.g. 3g.40gb@4 (i.e. placed), and", "print it. More text.");
        assertThat(CliHelp.summary(spec)).isEqualTo("Check a layout, e.g. 3g.40gb@4 (i.e. placed), and print it.");
    }

    @Test
    void everyCommandsHelpFitsEightyColumnsAndEndsWithExamples() {
        List<String> missing = new ArrayList<>();
        for (CommandLine cli : CliCommands.all()) {
            String usage = CliCommands.usage(cli);
            String name = cli.getCommandSpec().qualifiedName();
            usage.lines().forEach(line -> assertThat(line.length()).as(name + ": " + line).isLessThanOrEqualTo(80));
            int at = usage.indexOf(CliHelp.EXAMPLES_HEADING);
            if (at < 0 || usage.substring(at).lines().noneMatch(l -> l.startsWith("  mig4j "))) {
                missing.add(name);
            }
        }
        assertThat(missing).as("commands without examples: add a section to src/main/resources/io/mig4j/cli/"
                + CliHelp.EXAMPLES_RESOURCE).isEmpty();
    }

    @Test
    void helpCommandShowsTheSameAsDashDashHelpAtAnyDepth() {
        for (String[] path : new String[][] {{}, {"mig", "cgi"}, {"dra", "allocate"}, {"profiles"}}) {
            List<String> help = new ArrayList<>(List.of("help"));
            help.addAll(List.of(path));
            List<String> dashDash = new ArrayList<>(List.of(path));
            dashDash.add("--help");
            CliRun viaHelp = CliRun.of(help.toArray(new String[0]));
            CliRun viaOption = CliRun.of(dashDash.toArray(new String[0]));
            assertThat(viaHelp.exitCode()).as(viaHelp.toString()).isZero();
            assertThat(viaHelp.out()).isEqualTo(viaOption.out()).contains("Usage: mig4j");
        }
        CliRun unknown = CliRun.of("help", "mig", "cgx");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err().strip()).isEqualTo("mig4j: unknown command 'mig cgx'; did you mean 'mig cgi'?");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "profils                       | mig4j: unknown command 'profils'; did you mean 'profiles'?",
        "prodcuts                      | mig4j: unknown command 'prodcuts'; did you mean 'products'?",
        "mig lgpi                      | mig4j: unknown command 'mig lgpi'; did you mean 'mig lgip' or 'mig lgi'?",
        "dra alocate                   | mig4j: unknown command 'dra alocate'; did you mean 'dra allocate'?",
        "profiles --jsn                | mig4j: unknown option '--jsn'; did you mean '--json'?",
        "validate --product H100-80GB --jsonn 1g.10gb | mig4j: unknown option '--jsonn'; did you mean '--json'?",
        "layouts --product A30-24GB --maximl=1 | mig4j: unknown option '--maximl'; did you mean '--maximal'?",
        "frobnicate                    | mig4j: unknown command 'frobnicate' (see 'mig4j --help')",
        "products --bogus              | mig4j: unknown option '--bogus' (see 'mig4j products --help')",
    })
    void mistypedCommandsAndOptionsGetOneLineWithASuggestion(String args, String expected) {
        CliRun run = CliRun.of(args.strip().split(" +"));
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).isEqualTo(expected);
    }

    @Test
    void suggestionsNeedACloseName() {
        assertThat(Suggestions.distance("profils", "profiles")).isEqualTo(1);
        assertThat(Suggestions.distance("prodcuts", "products")).isEqualTo(1); // a swap is one edit
        java.util.Set<String> names = new java.util.LinkedHashSet<>(List.of("profiles", "products", "validate"));
        assertThat(Suggestions.closest("valdiate", names)).containsExactly("validate");
        assertThat(Suggestions.closest("prof", names)).containsExactly("profiles"); // the start of one name
        assertThat(Suggestions.closest("pro", names)).isEmpty(); // the start of two
        assertThat(Suggestions.closest("kubectl", names)).isEmpty();
        assertThat(Suggestions.closest("-x", new java.util.LinkedHashSet<>(List.of("-h", "-V", "-i")))).isEmpty();
    }

    /**
     * The words: {@code --product} names a catalog product everywhere (with {@code --gpu} kept as its older name
     * where it took one); {@code --gpu}/{@code -i} select a node's GPUs by index or UUID, as nvidia-smi's -i.
     */
    @Test
    void productAndGpuOptionsAreNamedTheSameWayInEveryCommand() {
        int products = 0;
        int gpus = 0;
        for (CommandLine cli : CliCommands.all()) {
            String name = cli.getCommandSpec().qualifiedName();
            for (OptionSpec o : cli.getCommandSpec().options()) {
                List<String> names = List.of(o.names());
                if (o.paramLabel().startsWith("<product>") && !names.contains("--fake")) {
                    assertThat(names).as(name).contains("--product");
                    products++;
                }
                if (names.contains("--gpu")) {
                    boolean product = o.paramLabel().startsWith("<product>");
                    assertThat(names).as(name + " " + names).contains(product ? "--product" : "-i");
                    if (!product) {
                        assertThat(o.paramLabel()).as(name).isEqualTo("<index|uuid>");
                        gpus++;
                    }
                }
            }
        }
        assertThat(products).isGreaterThanOrEqualTo(6);
        assertThat(gpus).isGreaterThanOrEqualTo(10);
    }

    @Test
    void theOlderGpuSpellingOfProductStillWorks() {
        for (String[] args : Stream.of("profiles %s H100-80GB --json", "validate %s H100-80GB 3g.40gb,1g.10gb --json",
                "layouts %s A30-24GB --count", "dra manifests %s A100-40GB --profiles 1g.5gb",
                "mig-parted validate ../../samples/configs/mig-parted-example.yaml %s H100-80GB --json")
                .map(s -> s.split(" ")).toList()) {
            String joined = String.join(" ", args);
            CliRun product = CliRun.of(joined.replace("%s", "--product").split(" "));
            CliRun gpu = CliRun.of(joined.replace("%s", "--gpu").split(" "));
            assertThat(product.exitCode()).as(product.toString()).isZero();
            assertThat(gpu.out()).isEqualTo(product.out());
            assertThat(gpu.exitCode()).isZero();
        }
    }
}
