package io.mig4j.nvml.internal.ffm;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/** {@link NameCache} and {@link Scratch}'s string helpers: terminators at every position, no terminator, reuse. */
@EnabledForJreRange(min = JRE.JAVA_22)
class NameCacheTest {

    private static final int NAME = NvmlLayouts.NAME_SIZE;

    /** A 96-byte name field at offset 56 of a struct-sized segment, garbage after the terminator. */
    private static MemorySegment field(Arena arena, String value) {
        MemorySegment s = arena.allocate(152, 8);
        s.fill((byte) 0x5A);
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        MemorySegment.copy(b, 0, s, JAVA_BYTE, 56, b.length);
        if (b.length < NAME) {
            s.set(JAVA_BYTE, 56 + b.length, (byte) 0);
        }
        return s;
    }

    @Test
    void everyLengthRoundTrips() {
        try (Arena arena = Arena.ofConfined()) {
            for (int length = 0; length < NAME; length++) {
                String value = "x".repeat(length);
                assertThat(NameCache.get(field(arena, value), 56, NAME)).as("length %d", length).isEqualTo(value);
                assertThat(NameCache.get(field(arena, value), 56, NAME)).as("cached, length %d", length)
                        .isEqualTo(value);
            }
        }
    }

    @Test
    void repeatedNamesReturnTheSameString() {
        try (Arena arena = Arena.ofConfined()) {
            String a = NameCache.get(field(arena, "MIG 1g.10gb"), 56, NAME);
            String b = NameCache.get(field(arena, "MIG 1g.10gb"), 56, NAME);
            assertThat(b).isEqualTo("MIG 1g.10gb").isSameAs(a);
            // names that share a prefix or a length are told apart
            assertThat(NameCache.get(field(arena, "MIG 1g.10gb+me"), 56, NAME)).isEqualTo("MIG 1g.10gb+me");
            assertThat(NameCache.get(field(arena, "MIG 1g.20gb"), 56, NAME)).isEqualTo("MIG 1g.20gb");
            assertThat(NameCache.get(field(arena, "MIG 1g.10gb"), 56, NAME)).isEqualTo("MIG 1g.10gb");
            assertThat(NameCache.get(field(arena, "MIG 1g.10gc"), 56, NAME)).isEqualTo("MIG 1g.10gc");
        }
    }

    @Test
    void manyDistinctNamesStayCorrectWhenSlotsCollide() {
        try (Arena arena = Arena.ofConfined()) {
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < 1000; i++) {
                    String value = "MIG " + i + "g." + (i * 7) + "gb";
                    assertThat(NameCache.get(field(arena, value), 56, NAME)).isEqualTo(value);
                }
            }
        }
    }

    @Test
    void aNameWithoutTerminatorIsCutAtTheBuffer() {
        try (Arena arena = Arena.ofConfined()) {
            String full = "y".repeat(NAME);
            assertThat(NameCache.get(field(arena, full), 56, NAME)).isEqualTo(full);
            assertThat(Scratch.cString(field(arena, full), 56, NAME)).isEqualTo(full);
        }
    }

    @Test
    void utf8IsDecoded() {
        try (Arena arena = Arena.ofConfined()) {
            assertThat(NameCache.get(field(arena, "MIG 1g.10gb \u00e9\u4e2d"), 56, NAME))
                    .isEqualTo("MIG 1g.10gb \u00e9\u4e2d");
        }
    }

    @Test
    void scratchStrings() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(Scratch.SIZE, 8);
            MemorySegment c = Scratch.putCString(s, 8, "GPU-abc".getBytes(StandardCharsets.UTF_8), 100);
            assertThat(c.byteSize()).isEqualTo(8);
            assertThat(c.get(JAVA_BYTE, 7)).isZero();
            assertThat(Scratch.cString(s, 8, 100)).isEqualTo("GPU-abc");
            assertThat(Scratch.putCString(s, 8, new byte[100], 100)).as("no room for the terminator").isNull();
            assertThat(Scratch.cString(s, 8, 3)).isEqualTo("GPU");
            s.set(JAVA_BYTE, 8, (byte) 0);
            assertThat(Scratch.cString(s, 8, 100)).isEmpty();
        }
    }

    @Test
    void scratchIsPerThreadAndReused() throws InterruptedException {
        MemorySegment mine = Scratch.get();
        assertThat(Scratch.get()).isSameAs(mine);
        assertThat(mine.byteSize()).isEqualTo(Scratch.SIZE);
        MemorySegment[] theirs = new MemorySegment[1];
        Thread t = new Thread(() -> theirs[0] = Scratch.get());
        t.start();
        t.join();
        assertThat(theirs[0].address()).isNotEqualTo(mine.address());
    }
}
