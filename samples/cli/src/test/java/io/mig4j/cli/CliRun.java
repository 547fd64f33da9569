package io.mig4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One CLI invocation captured: exit code, stdout, stderr. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new CliRun(code, out.toString(), err.toString());
    }
}
