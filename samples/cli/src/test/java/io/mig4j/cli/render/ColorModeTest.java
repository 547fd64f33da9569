package io.mig4j.cli.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** When the slice maps take colours: {@code --color}, the terminal, {@code NO_COLOR}, {@code TERM=dumb}. */
class ColorModeTest {
    private static final Map<String, String> PLAIN_ENV = Map.of("TERM", "xterm-256color");

    @Test
    void autoColoursOnlyATerminal() {
        assertThat(ColorMode.AUTO.useColor(PLAIN_ENV, true)).isTrue();
        assertThat(ColorMode.AUTO.useColor(PLAIN_ENV, false)).isFalse();
        assertThat(ColorMode.AUTO.useColor(Map.of(), true)).as("TERM unset (e.g. Windows Terminal)").isTrue();
    }

    @Test
    void autoFollowsNoColorAndDumbTerminals() {
        assertThat(ColorMode.AUTO.useColor(Map.of("TERM", "xterm", "NO_COLOR", "1"), true)).isFalse();
        // no-color.org: only a non-empty value counts
        assertThat(ColorMode.AUTO.useColor(Map.of("TERM", "xterm", "NO_COLOR", ""), true)).isTrue();
        assertThat(ColorMode.AUTO.useColor(Map.of("TERM", "dumb"), true)).isFalse();
    }

    @Test
    void alwaysAndNeverIgnoreTheEnvironment() {
        // an explicit flag wins over NO_COLOR (no-color.org) and over a pipe
        assertThat(ColorMode.ALWAYS.useColor(Map.of("NO_COLOR", "1", "TERM", "dumb"), false)).isTrue();
        assertThat(ColorMode.NEVER.useColor(PLAIN_ENV, true)).isFalse();
    }

    @Test
    void parsesTheThreeWordsInAnyCase() {
        assertThat(ColorMode.parse("Always")).isEqualTo(ColorMode.ALWAYS);
        assertThat(ColorMode.parse("never")).isEqualTo(ColorMode.NEVER);
        assertThat(ColorMode.parse(" AUTO ")).isEqualTo(ColorMode.AUTO);
        assertThatThrownBy(() -> ColorMode.parse("yes")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected always, never or auto, got 'yes'");
    }

    @Test
    void aTestJvmsStdoutIsNoTerminal() {
        // surefire pipes the forked JVM's output; on JDK 22+ System.console() exists but is no terminal
        assertThat(ColorMode.stdoutIsTerminal()).isFalse();
    }
}
