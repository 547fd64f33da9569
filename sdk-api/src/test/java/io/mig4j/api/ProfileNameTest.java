package io.mig4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Profile names as NVML and nvidia-smi write them (MIG User Guide, go-nvlib {@code mig_profile.go}):
 * {@code <g>g.<mem>gb}, {@code <c>c.<g>g.<mem>gb} for a compute instance smaller than its GPU instance,
 * {@code +attr[,attr]} or {@code -attr} suffixes.
 */
class ProfileNameTest {

    @ParameterizedTest(name = "{0} formats back unchanged")
    @ValueSource(strings = {"1g.10gb", "1g.10gb+me", "1g.20gb", "4g.40gb", "7g.80gb", "1g.24gb+me.all",
            "2g.48gb-me", "1g.24gb+gfx", "1c.3g.40gb", "2c.7g.80gb", "1g.0gb", "1g.24gb+me,gfx"})
    void parseThenFormatIsIdentity(String text) {
        assertThat(ProfileName.parse(text).toString()).isEqualTo(text);
    }

    @Test
    void formatThenParseIsIdentity() {
        ProfileName name = ProfileName.ofGpuInstance(1, 24, ProfileAttribute.ME_ALL);
        assertThat(ProfileName.parse(name.toString())).isEqualTo(name);
    }

    @Test
    void nvmlMigPrefixIsAcceptedAndNotFormatted() {
        // NVML >= v2 profile structs return the name with a "MIG " prefix, e.g. "MIG 1g.18gb" on an H200.
        ProfileName name = ProfileName.parse("MIG 1g.18gb");
        assertThat(name.toString()).isEqualTo("1g.18gb");
        assertThat(name).isEqualTo(ProfileName.parse("1g.18gb"));
    }

    @Test
    void caseAndSurroundingWhitespaceAreIgnored() {
        assertThat(ProfileName.parse("  mig 3G.40GB+ME ").toString()).isEqualTo("3g.40gb+me");
    }

    @Test
    void gpuInstanceNameHasTypedComponents() {
        ProfileName name = ProfileName.parse("1g.24gb+me.all");
        assertThat(name.gpuSlices()).isEqualTo(1);
        assertThat(name.computeSlices()).isEqualTo(1);
        assertThat(name.memoryGb()).isEqualTo(24);
        assertThat(name.attributes()).containsExactly(ProfileAttribute.ME_ALL);
        assertThat(name.isComputeInstance()).isFalse();
    }

    @Test
    void plainNameHasNoAttributes() {
        ProfileName name = ProfileName.parse("7g.80gb");
        assertThat(name.gpuSlices()).isEqualTo(7);
        assertThat(name.memoryGb()).isEqualTo(80);
        assertThat(name.attributes()).isEmpty();
    }

    @Test
    void negativeAttributeIsNoMe() {
        ProfileName name = ProfileName.parse("2g.48gb-me");
        assertThat(name.attributes()).containsExactly(ProfileAttribute.NO_ME);
        assertThat(ProfileAttribute.NO_ME.negative()).isTrue();
        assertThat(ProfileAttribute.NO_ME).hasToString("-me");
    }

    @Test
    void plusAttributesAreDistinguished() {
        assertThat(ProfileName.parse("1g.10gb+me").attributes()).containsExactly(ProfileAttribute.ME);
        assertThat(ProfileName.parse("1g.24gb+gfx").attributes()).containsExactly(ProfileAttribute.GFX);
        assertThat(ProfileName.parse("1g.24gb+me,gfx").attributes())
                .containsExactlyInAnyOrder(ProfileAttribute.ME, ProfileAttribute.GFX);
        assertThat(ProfileAttribute.ME_ALL).hasToString("+me.all");
    }

    @Test
    void computeInstanceNameHasComputeAndGpuSlices() {
        ProfileName name = ProfileName.parse("1c.3g.40gb");
        assertThat(name.computeSlices()).isEqualTo(1);
        assertThat(name.gpuSlices()).isEqualTo(3);
        assertThat(name.memoryGb()).isEqualTo(40);
        assertThat(name.isComputeInstance()).isTrue();
        assertThat(name.gpuInstanceName()).isEqualTo(ProfileName.parse("3g.40gb"));
    }

    @Test
    void computeInstanceTakingEverySliceIsWrittenAsTheGpuInstanceName() {
        // nvidia-smi mig -lcip: when c == g the CI name is just <g>g.<mem>gb (e.g. "3g.40gb", not "3c.3g.40gb").
        ProfileName name = ProfileName.parse("3c.3g.40gb");
        assertThat(name.toString()).isEqualTo("3g.40gb");
        assertThat(name.isComputeInstance()).isFalse();
        assertThat(name).isEqualTo(ProfileName.parse("3g.40gb"));
    }

    @Test
    void withComputeSlicesMakesComputeInstanceName() {
        assertThat(ProfileName.parse("3g.40gb").withComputeSlices(2).toString()).isEqualTo("2c.3g.40gb");
    }

    @Test
    void attributesAreImmutable() {
        ProfileName name = ProfileName.parse("1g.10gb+me");
        assertThatThrownBy(() -> name.attributes().add(ProfileAttribute.GFX))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void namesSortBySlicesThenMemory() {
        assertThat(ProfileName.parse("1g.10gb")).isLessThan(ProfileName.parse("1g.20gb"));
        assertThat(ProfileName.parse("1g.20gb")).isLessThan(ProfileName.parse("2g.20gb"));
        assertThat(ProfileName.parse("3g.40gb")).isLessThan(ProfileName.parse("4g.40gb"));
    }

    @ParameterizedTest(name = "''{0}'' is rejected mentioning ''{1}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "0g.10gb        | GPU slice count must be 1 to 8, got 0",
            "9g.10gb        | GPU slice count must be 1 to 8, got 9",
            "3g             | missing memory size",
            "1g.10gb+xx     | unknown attribute '+xx'",
            "8c.7g.80gb     | compute slices 8 exceed the GPU instance's 7 slices",
            "0c.3g.40gb     | compute slice count must be at least 1",
            "1g.10gb+       | '+' must be followed by an attribute",
            "1g.10gb-       | '-' must be followed by an attribute",
            "1g.10gb+me,me  | attribute 'me' is given twice",
            "1g.10gb+me-me  | unknown attribute '+me-me'",
            "1g.10gb-gfx    | unknown attribute '-gfx'",
            "1g.10gb+me,me.all | +me and +me.all cannot be combined",
            "abc            | expected [<c>c.]<g>g.<memory>gb",
            "1g.10gbx       | unexpected 'x' after the memory size",
            "99999999999g.10gb | too large",
    })
    void invalidNameIsRejectedWithReason(String text, String reason) {
        assertThatThrownBy(() -> ProfileName.parse(text))
                .isInstanceOf(InvalidProfileNameException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(((InvalidProfileNameException) e).input()).isEqualTo(text));
    }

    @Test
    void unknownAttributeMessageListsTheKnownOnes() {
        assertThatThrownBy(() -> ProfileName.parse("1g.10gb+xx"))
                .isInstanceOf(InvalidProfileNameException.class)
                .hasMessageContaining("me")
                .hasMessageContaining("me.all")
                .hasMessageContaining("gfx");
    }

    @Test
    void emptyNameIsRejected() {
        assertThatThrownBy(() -> ProfileName.parse(""))
                .isInstanceOf(InvalidProfileNameException.class)
                .hasMessageContaining("''")
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> ProfileName.parse("MIG "))
                .isInstanceOf(InvalidProfileNameException.class)
                .hasMessageContaining("'MIG '");
    }

    @Test
    void invalidNameIsAnIllegalArgumentException() {
        assertThatThrownBy(() -> ProfileName.parse("abc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructorRejectsNoMeCombinedWithPlusAttribute() {
        assertThatThrownBy(() -> new ProfileName(1, 1, 24, Set.of(ProfileAttribute.NO_ME, ProfileAttribute.GFX)))
                .isInstanceOf(InvalidProfileNameException.class)
                .hasMessageContaining("-me cannot be combined");
    }

    @Test
    void constructorRejectsComputeSlicesAboveGpuSlices() {
        assertThatThrownBy(() -> new ProfileName(4, 3, 40, Set.of()))
                .isInstanceOf(InvalidProfileNameException.class)
                .hasMessageContaining("compute slice count must be 1 to the GPU slice count 3, got 4");
    }
}
