package io.venice.events.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The heap after a full GC is read whichever collector the runner uses. */
class HeapProbeTest {

    @Test
    void g1PrintsOneLineForTheHeap() {
        String info = """
                 garbage-first heap   total 262144K, used 100467K [0x00000000f0000000, 0x0000000100000000)
                  region size 1024K, 3 young (3072K), 0 survivors (0K)
                 Metaspace       used 61826K, committed 62400K, reserved 1105920K
                """;

        assertThat(HeapProbe.totalAndUsedKb(info)).containsExactly(262144, 100467);
    }

    @Test
    void parallelAndSerialPrintAGenerationALineAndTheyAreAdded() {
        String parallel = """
                 PSYoungGen      total 76288K, used 1310K [0x00000000fab00000, 0x0000000100000000, 0x0000000100000000)
                  eden space 65536K, 2% used [0x00000000fab00000,0x00000000fac47b08,0x00000000feb00000)
                 ParOldGen       total 175104K, used 97012K [0x00000000f0000000, 0x00000000fab00000, 0x00000000fab00000)
                """;
        String serial = """
                 def new generation   total 78656K, used 2100K [0x00000000f0000000, 0x00000000f5550000, 0x00000000f5550000)
                 tenured generation   total 174784K, used 96000K [0x00000000f5550000, 0x0000000100000000, 0x0000000100000000)
                """;

        assertThat(HeapProbe.totalAndUsedKb(parallel)).containsExactly(76288 + 175104, 1310 + 97012);
        assertThat(HeapProbe.totalAndUsedKb(serial)).containsExactly(78656 + 174784, 2100 + 96000);
        assertThat(HeapProbe.totalAndUsedKb("nothing")).containsExactly(-1, -1);
    }
}
