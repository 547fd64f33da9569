package io.mig4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training run behind the launcher's class-data-sharing archive ({@code java -XX:AOTCacheOutput=... -jar mig4j.jar
 * --cds-training}): runs each catalog-only command once, output discarded, so the archive holds the classes every one
 * of them loads (the JSON and YAML readers, the layout enumerator, the slice maps) and not only those of the first
 * command a user happens to run.
 */
final class CdsTraining {
    /** The argument that selects the training run; the launcher passes it, nobody else needs to. */
    static final String FLAG = "--cds-training";

    private static final String MIG_PARTED = "version: v1\nmig-configs:\n  all-1g.10gb:\n    - devices: all\n"
            + "      mig-enabled: true\n      mig-devices:\n        \"1g.10gb\": 7\n";

    private CdsTraining() {
    }

    /** Runs the catalog commands once each; returns 0 when all of them succeeded. */
    static int run() {
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        Path config = null;
        try {
            config = Files.createTempFile("mig4j-cds-training", ".yaml");
            Files.writeString(config, MIG_PARTED);
            int failures = 0;
            for (List<String> args : List.of(
                    List.of("profiles", "--product", "H100-80GB"),
                    List.of("profiles", "--product", "A100-80GB", "--json"),
                    List.of("products"),
                    List.of("validate", "--product", "H100-80GB", "3g.40gb@4,2g.20gb@0,1g.10gb,1g.10gb"),
                    List.of("validate", "--product", "A100-40GB", "7g.40gb", "--json"),
                    List.of("layouts", "--product", "A100-40GB", "--maximal", "--count"),
                    List.of("layouts", "--product", "H100-80GB", "--profiles", "3g.40gb,1g.10gb"),
                    List.of("mig-parted", "validate", config.toString()),
                    List.of("mig-parted", "validate", config.toString(), "--product", "A100-80GB", "--json"))) {
                if (Main.run(args.toArray(String[]::new), discard, discard) != ExitCodes.OK) {
                    failures++;
                }
            }
            return failures == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
        } catch (IOException e) {
            return ExitCodes.FAILURE;
        } finally {
            if (config != null) {
                try {
                    Files.deleteIfExists(config);
                } catch (IOException e) {
                    // a temporary file in the temporary directory: nothing to do
                }
            }
        }
    }
}
