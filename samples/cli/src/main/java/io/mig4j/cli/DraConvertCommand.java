package io.mig4j.cli;

import io.mig4j.dra.Manifests;
import io.mig4j.dra.validation.ManifestConverter;
import io.mig4j.dra.validation.ManifestDocument;
import io.mig4j.dra.validation.ManifestReader;
import io.mig4j.dra.validation.ValidationWarning;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert DRA manifests to resource.k8s.io/v1, with a note for each change.",
                "Handles v1beta1 and v1beta2 objects, v1beta1-shaped requests written under v1, and DeviceClass",
                "suitableNodes (removed in Kubernetes 1.32). Prints the manifests (YAML) on standard output and one",
                "note per change on standard error; other objects pass through unchanged."})
final class DraConvertCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "<file|->",
            description = "The manifest file; - for standard input.")
    String file;

    @Option(names = "--to", required = true, paramLabel = "v1", description = "The target version: v1.")
    String to;

    @Override
    public Integer call() {
        if (!to.equals("v1") && !to.equals("resource.k8s.io/v1")) {
            throw new BadInputException("--to: only v1 is supported, got '" + to + "'");
        }
        List<ManifestDocument> docs;
        try {
            docs = ManifestReader.defaults().read(DraCommand.readText(file, System.in), file);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        List<Object> converted = new ArrayList<>();
        PrintWriter err = spec.commandLine().getErr();
        int changes = 0;
        for (ManifestDocument d : docs) {
            ManifestConverter.Conversion c = ManifestConverter.toV1(d);
            converted.add(c.convertedMap());
            for (ValidationWarning n : c.notes()) {
                err.println("note: " + file + ": " + d.describe() + ": " + n);
                changes++;
            }
        }
        spec.commandLine().getOut().print(Manifests.toYaml(converted));
        err.println(docs.size() + " object(s), " + changes + " change(s)");
        return ExitCodes.OK;
    }
}
