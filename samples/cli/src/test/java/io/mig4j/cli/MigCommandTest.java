package io.mig4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code mig4j mig <command>}: nvidia-smi's instance commands on fake nodes, with {@code --fake-state} so that a
 * sequence spans runs. IDs are asserted where the NVIDIA MIG User Guide's published examples give them
 * ("Getting Started", A100-40GB: {@code -cgi 19,14,5} gives GI 13 at 6:1, 5 at 4:2, 1 at 0:4); elsewhere the
 * structure is asserted.
 */
class MigCommandTest {
    @TempDir
    Path dir;

    private CliRun mig(Path state, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "mig";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--fake-state";
        all[args.length + 2] = state.toString();
        return CliRun.of(all);
    }

    @Test
    void theMigGuidesCreateSequenceGivesItsIdsAndPlacementsAcrossRuns() {
        Path state = dir.resolve("node.json");
        CliRun created = mig(state, "cgi", "19,14,5", "--fake", "A100-40GB", "--mig", "on");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.out().lines()).containsExactly(
                "Successfully created GPU instance ID 13 on GPU  0 using profile MIG 1g.5gb (ID 19) at 6:1",
                "Successfully created GPU instance ID  5 on GPU  0 using profile MIG 2g.10gb (ID 14) at 4:2",
                "Successfully created GPU instance ID  1 on GPU  0 using profile MIG 4g.20gb (ID  5) at 0:4");
        assertThat(state).exists();
        // the next run sees them (nvidia-smi mig -lgi)
        JsonNode listed = mig(state, "lgi", "--json").json().get("gpuInstances");
        assertThat(listed.findValuesAsString("profile")).containsExactly("4g.20gb", "2g.10gb", "1g.5gb");
        assertThat(listed.findValues("gpuInstanceId").stream().map(JsonNode::intValue)).containsExactly(1, 5, 13);
        assertThat(listed.get(0).get("placement").get("size").intValue()).isEqualTo(4);
        // the GPU is full: the next one fails with NVML's error by name, exit 1, and the state is unchanged
        CliRun full = mig(state, "create-gi", "19");
        assertThat(full.exitCode()).isEqualTo(1);
        assertThat(full.err().strip()).isEqualTo("mig4j: Unable to create a GPU instance on GPU  0 using profile 19:"
                + " Insufficient Resources (INSUFFICIENT_RESOURCES)");
        assertThat(mig(state, "lgi", "--json").json().get("gpuInstances").size()).isEqualTo(3);
    }

    @Test
    void computeInstancesDestroyOrderAndInUse() {
        Path state = dir.resolve("node.json");
        CliRun created = mig(state, "cgi", "9:4", "-C", "--fake", "H100-80GB", "--mig", "on", "--json");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        JsonNode gi = created.json().get("created").get(0);
        assertThat(gi.get("placement").get("start").intValue()).isEqualTo(4);
        int giId = gi.get("gpuInstanceId").intValue();
        // the default compute instance is the full-size one, ID 0 at placement 0 (MIG User Guide, "Getting Started": nvidia-smi mig -cci)
        assertThat(gi.get("computeInstances").get(0).get("computeInstanceId").intValue()).isZero();
        assertThat(gi.get("computeInstances").get(0).get("placement").get("start").intValue()).isZero();
        CliRun lci = mig(state, "lci");
        assertThat(lci.out()).contains("MIG 3g.40gb").contains("MIG-");
        // a GPU instance with a compute instance cannot be destroyed
        CliRun inUse = mig(state, "dgi", "--gi", String.valueOf(giId));
        assertThat(inUse.exitCode()).isEqualTo(1);
        assertThat(inUse.err().strip()).isEqualTo("mig4j: Unable to destroy GPU instance ID " + String.format("%2d", giId)
                + " from GPU  0: In use by another client (IN_USE)");
        assertThat(mig(state, "dci", "--gi", String.valueOf(giId), "--ci", "0").exitCode()).isZero();
        assertThat(mig(state, "dgi", "--gi", String.valueOf(giId)).exitCode()).isZero();
        assertThat(mig(state, "lgi").out().strip()).isEqualTo("No GPU instances found: Not Found");
        assertThat(mig(state, "lci").out().strip()).isEqualTo("No compute instances found: Not Found");
        // a GPU instance named with --gi that does not exist is NVML's NOT_FOUND, for cci as for dgi and dci
        CliRun noSuchGi = mig(state, "cci", "--gi", "99");
        assertThat(noSuchGi.exitCode()).isEqualTo(1);
        assertThat(noSuchGi.err().strip()).isEqualTo("mig4j: Unable to create a compute instance on GPU  0 GPU instance"
                + " ID 99: Not Found (NOT_FOUND)");
        assertThat(mig(state, "dgi", "--gi", "99").err()).contains(": Not Found (NOT_FOUND)");
    }

    /**
     * The MIG User Guide's examples ("Getting Started", A100-40GB): {@code -cgi 9,19,14,19} gives GI 2 (4:4), 7 (0:1),
     * 4 (2:2), 8 (1:1); {@code -cgi 19,19,14,9} creates 13, 11, 3 and then fails with "Insufficient Resources",
     * keeping the three. Replayed one command per run with the same flags each time, as a user repeats them.
     */
    @Test
    void theMigGuidesOtherSequencesOneRunPerCreate() {
        Path state = dir.resolve("node.json");
        String[] node = {"--fake", "A100-40GB", "--mig", "on"};
        List<String> ids = new java.util.ArrayList<>();
        for (String profile : List.of("9", "19", "14", "19")) {
            CliRun run = mig(state, concat(new String[] {"cgi", profile, "--json"}, node));
            assertThat(run.exitCode()).as(run.toString()).isZero();
            JsonNode gi = run.json().get("created").get(0);
            ids.add(gi.get("gpuInstanceId").intValue() + "@" + gi.get("placement").get("start").intValue() + ":"
                    + gi.get("placement").get("size").intValue());
        }
        assertThat(ids).containsExactly("2@4:4", "7@0:1", "4@2:2", "8@1:1");

        Path other = dir.resolve("other.json");
        CliRun failing = mig(other, concat(new String[] {"cgi", "19,19,14,9"}, node));
        assertThat(failing.exitCode()).isEqualTo(1);
        assertThat(failing.out().lines()).containsExactly(
                "Successfully created GPU instance ID 13 on GPU  0 using profile MIG 1g.5gb (ID 19) at 6:1",
                "Successfully created GPU instance ID 11 on GPU  0 using profile MIG 1g.5gb (ID 19) at 4:1",
                "Successfully created GPU instance ID  3 on GPU  0 using profile MIG 2g.10gb (ID 14) at 0:2");
        assertThat(failing.err().strip()).isEqualTo("mig4j: Unable to create a GPU instance on GPU  0 using profile 9:"
                + " Insufficient Resources (INSUFFICIENT_RESOURCES)");
        assertThat(mig(other, concat(new String[] {"lgi", "--json"}, node)).json().get("gpuInstances")
                .findValues("gpuInstanceId").stream().map(JsonNode::intValue)).containsExactly(3, 11, 13);
        // a --mig that does not describe the saved node is refused, naming the GPU
        CliRun off = mig(other, "lgi", "--mig", "off");
        assertThat(off.exitCode()).isEqualTo(2);
        assertThat(off.err()).contains("GPU 0 in ").contains("has MIG mode on");
    }

    /** CIs are numbered 0, 1, 2... in creation order within a GPU instance; a destroy's gap survives the next run. */
    @Test
    void computeInstanceIdsAcrossRuns() {
        Path state = dir.resolve("node.json");
        assertThat(mig(state, "cgi", "9", "--fake", "A100-40GB", "--mig", "on").exitCode()).isZero();
        CliRun cis = mig(state, "cci", "0,0,0", "--gi", "2");
        assertThat(cis.exitCode()).as(cis.toString()).isZero();
        assertThat(cis.out().lines()).containsExactly(
                "Successfully created compute instance ID  0 on GPU  0 GPU instance ID  2 using profile MIG 1c.3g.20gb (ID  0)",
                "Successfully created compute instance ID  1 on GPU  0 GPU instance ID  2 using profile MIG 1c.3g.20gb (ID  0)",
                "Successfully created compute instance ID  2 on GPU  0 GPU instance ID  2 using profile MIG 1c.3g.20gb (ID  0)");
        JsonNode before = mig(state, "lci", "--json").json().get("computeInstances");
        assertThat(mig(state, "dci", "--gi", "2", "--ci", "1").exitCode()).isZero();
        JsonNode after = mig(state, "lci", "--json").json().get("computeInstances");
        assertThat(after.findValues("computeInstanceId").stream().map(JsonNode::intValue)).containsExactly(0, 2);
        assertThat(after.get(1).get("placement").get("start").intValue()).isEqualTo(2);
        assertThat(after.get(1).get("migDeviceUuid")).isEqualTo(before.get(2).get("migDeviceUuid"));
    }

    /** Nothing to work on: nvidia-smi's "No GPU instances found: Not Found"; create-ci then has not done its job. */
    @Test
    void commandsThatFindNoInstancesSaySo() {
        Path state = dir.resolve("node.json");
        CliRun cci = mig(state, "cci", "--fake", "A100-40GB", "--mig", "on");
        assertThat(cci.exitCode()).isEqualTo(1);
        assertThat(cci.out()).isEmpty();
        assertThat(cci.err().strip()).isEqualTo("mig4j: No GPU instances found: Not Found (NOT_FOUND)");
        CliRun json = mig(state, "cci", "--json", "--fake", "A100-40GB", "--mig", "on");
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(json.json().get("nvmlError").stringValue()).isEqualTo("NOT_FOUND");
        CliRun dgi = mig(state, "dgi", "--fake", "A100-40GB", "--mig", "on");
        assertThat(dgi.exitCode()).isZero();
        assertThat(dgi.out().strip()).isEqualTo("No GPU instances found: Not Found");
        CliRun dci = mig(state, "dci", "--fake", "A100-40GB", "--mig", "on");
        assertThat(dci.exitCode()).isZero();
        assertThat(dci.out().strip()).isEqualTo("No compute instances found: Not Found");
    }

    @Test
    void namesAliasesAndBadInput() {
        Path state = dir.resolve("node.json");
        assertThat(mig(state, "create-gi", "3g.40gb,1g.10gb", "--fake", "H100-80GB", "--mig", "on").exitCode()).isZero();
        assertThat(mig(state, "list-gi").out()).contains("MIG 3g.40gb").contains("MIG 1g.10gb");
        assertThat(mig(state, "list-gipp").out()).contains("GPU  0 Profile ID 19 Placements: {0,1,2,3,4,5,6}:1");
        assertThat(mig(state, "list-gip", "--json").json().get("profiles").findValuesAsString("name")).contains("7g.80gb");
        CliRun unknown = mig(state, "cgi", "3g.41gb");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("profile '3g.41gb' does not exist on H100-80GB");
        CliRun badStart = mig(state, "cgi", "9:x");
        assertThat(badStart.exitCode()).isEqualTo(2);
        assertThat(mig(state, "cci", "7c.1g.10gb").exitCode()).isEqualTo(2);
    }

    @Test
    void applyConvergesAndIsIdempotentAcrossRuns() throws Exception {
        Path state = dir.resolve("node.json");
        String[] apply = {"apply", "-f", ExitCodesTest.REQUESTS, "-c", "fits", "--apply", "--fake-state",
                state.toString(), "--fake", "H100-80GBx2"};
        CliRun first = CliRun.of(apply);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("executed 10 of 10 steps");
        String saved = Files.readString(state);
        CliRun second = CliRun.of(apply);
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).contains("nothing to change");
        assertThat(Files.readString(state)).isEqualTo(saved);
        // the file is the node: another command sees what apply made
        assertThat(CliRun.of("inventory", "--fake-state", state.toString(), "--json").json().get("gpus").get(1)
                .get("gpuInstances").size()).isEqualTo(2);
        // a --fake that does not describe the file's node is refused
        CliRun other = CliRun.of("inventory", "--fake-state", state.toString(), "--fake", "A30-24GB");
        assertThat(other.exitCode()).isEqualTo(2);
        assertThat(other.err()).contains("does not describe the node in");
    }

    /** On --nvml (here sdk-nvml's C double of libnvidia-ml, where the build made it) nothing changes without --apply. */
    @Test
    void mutationsThroughNvmlAreADryRunWithoutApply() {
        Path library = NvmlDoubles.require(NvmlDoubles.CURRENT);
        String[] node = {"--nvml-library", library.toString(), "--backend", "jna", "--gpu", "0"};
        CliRun before = CliRun.of(concat(new String[] {"mig", "lgi", "--json"}, node));
        assertThat(before.exitCode()).as(before.toString()).isZero();
        CliRun dry = CliRun.of(concat(new String[] {"mig", "cgi", "19"}, node));
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("would have created a GPU instance on GPU 0 using profile MIG 1g.10gb (ID 19)")
                .contains("dry run: nothing was changed");
        assertThat(CliRun.of(concat(new String[] {"mig", "lgi", "--json"}, node)).out()).isEqualTo(before.out());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aStateFileThatIsNotThereNeedsFake() {
        CliRun missing = CliRun.of("mig", "lgi", "--fake-state", dir.resolve("none.json").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file; to start a new fake node there, add --fake");
    }
}
