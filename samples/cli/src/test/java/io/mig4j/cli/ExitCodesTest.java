package io.mig4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * One meaning per exit code in every command: 0 ok; 1 a valid request that cannot be met (does not fit, differs);
 * 2 the input itself is wrong (unknown profile or product, bad file, bad flag).
 */
class ExitCodesTest {
    static final String REQUESTS = "src/test/resources/requests.yaml";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        // validate
        "validate --gpu H100-80GB 3g.40gb,3g.40gb                          | 0",
        "validate --gpu H100-80GB 3g.40gb,3g.40gb,3g.40gb                  | 1",
        "validate --gpu H100-80GB 1g.10gb,1g.10gb,1g.10gb,1g.10gb,1g.10gb,1g.10gb,1g.10gb,1g.10gb,1g.10gb | 1",
        "validate --gpu H100-80GB 1g.11gb                                  | 2",
        "validate --gpu H100-80GB 3g.40gb@x                                | 2",
        "validate --gpu NOPE 3g.40gb                                       | 2",
        "validate --gpu H100-80GB 3g.40gb --bogus                          | 2",
        // layouts
        "layouts --gpu A30-24GB --count                                    | 0",
        "layouts --gpu A30-24GB --profiles 1g.11gb                         | 2",
        // mig-parted validate: the same config means the same code as apply
        "mig-parted validate REQ -c fits --gpu H100-80GB                   | 0",
        "mig-parted validate REQ -c three-halves --gpu H100-80GB           | 1",
        "mig-parted validate REQ -c huge --gpu H100-80GB                   | 1",
        "mig-parted validate REQ -c unknown-profile --gpu H100-80GB        | 2",
        "mig-parted validate REQ -c unknown-profile                        | 2",
        "mig-parted validate REQ -c nosuch                                 | 2",
        "mig-parted validate /no/such/file.yaml                            | 2",
        // apply
        "apply --fake H100-80GB -f REQ -c fits                             | 0",
        "apply --fake H100-80GB -f REQ -c three-halves                     | 1",
        "apply --fake H100-80GB -f REQ -c huge                             | 1",
        "apply --fake H100-80GB -f REQ -c unknown-profile                  | 2",
        "apply --fake H100-80GB -f REQ -c devices-2-3                      | 0",
        "apply --fake H100-80GB -f REQ -c devices-2-3 --strict             | 1",
        "apply --fake H100-80GB -f REQ -c a100-only --strict               | 1",
        "apply --fake H100-80GB -f REQ -c fits --gpu 7                     | 2",
        // node commands
        "inventory --fake H100-80GB                                        | 0",
        "inventory --fake H100-80GBx65                                     | 2",
        "mig enable --fake H100-80GB --gpu 0                               | 0",
        "mig enable --fake H100-80GB --gpu 0 --bogus                       | 2",
        "profiles --fake A30-24GB --compare                                | 0",
        "profiles --gpu NOPE                                               | 2",
        "doctor --fake A30-24GB                                            | 0",
        "products --bogus                                                  | 2",
        "nosuchcommand                                                     | 2",
    })
    void everyCommandUsesTheSameExitCodes(String command, int expected) {
        CliRun run = CliRun.of(command.strip().replace("REQ", REQUESTS).split(" +"));
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(expected);
        java.util.List<String> errors = run.err().strip().lines().filter(l -> !l.startsWith("mig4j: warning:")).toList();
        if (expected == 2) {
            assertThat(errors).as(run.toString()).hasSize(1).allMatch(l -> l.startsWith("mig4j: "));
        } else if (expected == 1) { // a report on stdout (invalid, differs), or one line on stderr
            assertThat(errors.size() == 1 || !run.out().isBlank()).as(run.toString()).isTrue();
        }
        assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "validate --gpu H100-80GB 1g.11gb --json                          | 2 | profile '1g.11gb' does not exist on H100-80GB",
        "layouts --gpu A30-24GB --profiles nope --json                    | 2 | invalid MIG profile name",
        "products --json --bogus                                          | 2 | unknown option '--bogus'",
        "profiles --gpu NOPE --json                                       | 2 | unknown GPU product 'NOPE'",
        "inventory --fake NOPE --json                                     | 2 | unknown GPU product 'NOPE'",
        "doctor --fake H100-80GBx0 --json                                 | 2 | the GPU count after 'x'",
        "mig-parted validate /no/such.yaml --json                         | 2 | cannot read /no/such.yaml: no such file",
        "mig-parted validate REQ -c unknown-profile --gpu H100-80GB --json | 2 | profile 1g.11gb does not exist on H100-80GB",
        "apply --fake H100-80GB -f REQ -c huge --json                     | 1 | 2147483647 instances of 1g.10gb",
        "mig enable --fake H100-80GB --gpu 5 --json                       | 2 | --gpu 5: no such GPU",
    })
    void jsonErrorsAreOneJsonDocumentOnStdoutBesidesTheStderrLine(String command, int code, String message) {
        CliRun run = CliRun.of(command.strip().replace("REQ", REQUESTS).split(" +"));
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(code);
        assertThat(run.err()).as(run.toString()).contains(message);
        JsonNode doc = run.json();
        assertThat(doc.get("error").stringValue()).contains(message);
        assertThat(doc.get("exitCode").intValue()).isEqualTo(code);
    }
}
