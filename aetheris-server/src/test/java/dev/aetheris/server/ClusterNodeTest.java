package dev.aetheris.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's identity: generated (and new at every start) unless {@code --node-id} names it; a bad one is named. */
class ClusterNodeTest {

    @Test
    void withoutANodeIdEachStartGeneratesANewValidOne(@TempDir Path data) {
        ServerConfig config = ServerConfig.devLoopback(data);
        assertThat(config.cluster().nodeId()).isNull();
        String first;
        String second;
        try (ClusterNode a = ClusterNode.open(config, data, Map.of())) {
            first = a.nodeId();
        }
        try (ClusterNode b = ClusterNode.open(config, data, Map.of())) {
            second = b.nodeId();
        }
        assertThat(first).matches("[A-Za-z0-9._-]{1,48}").isNotEqualTo(second);
        assertThat(second).matches("[A-Za-z0-9._-]{1,48}");
    }

    @Test
    void aGivenNodeIdIsKeptAndABadOneIsRefusedByName(@TempDir Path data) {
        ServerConfig named = ServerConfig.devLoopback(data)
                .withCluster(new ClusterConfig("node-7", null, 10, 4, Duration.ZERO, Duration.ofSeconds(30)));
        try (ClusterNode n = ClusterNode.open(named, data, Map.of())) {
            assertThat(n.nodeId()).isEqualTo("node-7");
        }
        ServerConfig bad = ServerConfig.devLoopback(data)
                .withCluster(new ClusterConfig("no spaces", null, 10, 4, Duration.ZERO, Duration.ofSeconds(30)));
        assertThatThrownBy(() -> ClusterNode.open(bad, data, Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("node-id");
    }
}
