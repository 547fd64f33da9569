package io.mig4j.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One CLI invocation captured: exit code, stdout, stderr. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Runs with {@code stdin} as what {@code -f -} reads. */
    static CliRun withStdin(String stdin, String... args) {
        InputFile.useStdin(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return of(args);
        } finally {
            InputFile.resetStdin();
        }
    }

    /** Stdout as one JSON document (fails the test when it is not exactly one). */
    JsonNode json() {
        return JsonMapper.shared().readTree(out);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\nstdout: " + out + "\nstderr: " + err;
    }
}
