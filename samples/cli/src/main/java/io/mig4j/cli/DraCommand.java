package io.mig4j.cli;

import io.mig4j.dra.validation.KubernetesVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Command;

/**
 * {@code mig4j dra ...}: Kubernetes Dynamic Resource Allocation for NVIDIA GPUs: manifests for a product, the
 * ResourceSlices NVIDIA's driver publishes for a node, validation with the API server's rules, conversion to v1.
 */
@Command(name = "dra", mixinStandardHelpOptions = true,
        description = "Kubernetes DRA (resource.k8s.io/v1) for NVIDIA GPUs: manifests, ResourceSlices, validation,"
                + " conversion.",
        subcommands = {DraManifestsCommand.class, DraSlicesCommand.class, DraValidateCommand.class,
                DraConvertCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:invalid manifests, or a failure", "2:bad input"})
final class DraCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The {@code --k8s} option's description, shared by the subcommands. */
    static final String K8S_DESCRIPTION = "Kubernetes version whose rules apply: 1.34, 1.35, 1.36 or 1.37"
            + " (default 1.37).";

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }

    static KubernetesVersion k8s(String value) {
        if (value == null) {
            return KubernetesVersion.DEFAULT;
        }
        try {
            return KubernetesVersion.parse(value);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--k8s: " + e.getMessage());
        }
    }

    /** Reads a manifest file, or standard input for {@code -}, as UTF-8 text. */
    static String readText(String file, InputStream stdin) {
        if (file.equals("-")) {
            try {
                return decode(stdin.readAllBytes(), "standard input");
            } catch (IOException e) {
                throw new BadInputException("cannot read standard input: " + e.getMessage());
            }
        }
        Path path = Path.of(file);
        if (Files.isDirectory(path)) {
            throw new BadInputException("cannot read " + file + ": it is a directory, not a manifest file");
        }
        try {
            return decode(Files.readAllBytes(path), file);
        } catch (NoSuchFileException e) {
            throw new BadInputException("cannot read " + file + ": no such file");
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String decode(byte[] bytes, String source) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException("cannot read " + source + ": not UTF-8 text (YAML or JSON was expected)");
        }
    }
}
