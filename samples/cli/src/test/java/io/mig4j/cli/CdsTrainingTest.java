package io.mig4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The launcher's archive training run: every command in it must succeed, or the archive is never made. */
class CdsTrainingTest {
    @Test
    void everyCatalogCommandOfTheTrainingRunSucceeds() {
        assertThat(CdsTraining.run()).isEqualTo(ExitCodes.OK);
    }
}
