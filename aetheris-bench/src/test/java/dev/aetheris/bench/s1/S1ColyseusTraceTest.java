package dev.aetheris.bench.s1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The Colyseus room's S1 simulation (colyseus/s1.mjs) against the Java statement of S1. */
class S1ColyseusTraceTest {
    private static final int TICKS = 600;
    private static final int CLIENTS = 3;

    @Test
    void prngMatchesThePublishedFirstValues() {
        S1Reference.Mulberry32 r = new S1Reference.Mulberry32(1);
        // mulberry32(1): the first outputs every implementation of it agrees on.
        assertThat(r.next()).isEqualTo(0.6270739405881613);
        assertThat(r.next()).isEqualTo(0.002735721180215478);
        assertThat(r.next()).isEqualTo(0.5274470399599522);
    }

    @Test
    void javascriptSimulationMatchesTheReferenceAfterTenSeconds() throws Exception {
        NodeTools.requireTools("node");
        NodeTools.Result out = NodeTools.run(NodeTools.s1Dir(), 60, "node", "colyseus/s1.mjs", "--trace",
                Integer.toString(TICKS), Integer.toString(CLIENTS));
        assertThat(out.exitCode()).as(out.output()).isZero();
        JsonNode trace = new ObjectMapper().readTree(out.output());

        S1Reference ref = new S1Reference(CLIENTS);
        S1Reference.Inputs[] inputs = new S1Reference.Inputs[CLIENTS];
        for (int i = 0; i < CLIENTS; i++) {
            inputs[i] = new S1Reference.Inputs(i);
        }
        for (int t = 0; t < TICKS; t++) {
            for (int i = 0; i < CLIENTS; i++) {
                S1Reference.Inputs in = inputs[i].at(t * 1000.0 / 60);
                ref.thrust[i] = in.thrust;
                ref.turn[i] = in.turn;
            }
            ref.step();
        }

        assertThat(trace.get("ticks").asInt()).isEqualTo(TICKS);
        for (JsonNode npc : trace.get("npc")) {
            int i = npc.get(0).asInt();
            assertThat(npc.get(1).asDouble()).as("npc %d x", i).isCloseTo(ref.npcX[i], within(1e-6));
            assertThat(npc.get(2).asDouble()).as("npc %d y", i).isCloseTo(ref.npcY[i], within(1e-6));
            assertThat(npc.get(3).asDouble()).as("npc %d angle", i).isCloseTo(ref.npcA[i], within(1e-9));
        }
        assertThat(trace.get("ship")).hasSize(CLIENTS);
        for (JsonNode ship : trace.get("ship")) {
            int k = ship.get(0).asInt();
            assertThat(ship.get(1).asDouble()).as("ship %d x", k).isCloseTo(ref.shipX[k], within(1e-6));
            assertThat(ship.get(2).asDouble()).as("ship %d y", k).isCloseTo(ref.shipY[k], within(1e-6));
            assertThat(ship.get(3).asDouble()).as("ship %d angle", k).isCloseTo(ref.shipA[k], within(1e-9));
            assertThat(ship.get(4).asDouble()).as("ship %d vx", k).isCloseTo(ref.shipVx[k], within(1e-6));
            assertThat(ship.get(5).asDouble()).as("ship %d vy", k).isCloseTo(ref.shipVy[k], within(1e-6));
        }
        // Ten seconds at 100 units/s moves every NPC; a frozen simulation would still "match".
        S1Reference start = new S1Reference(0);
        assertThat(Math.abs(ref.npcX[0] - start.npcX[0]) + Math.abs(ref.npcY[0] - start.npcY[0])).isGreaterThan(100);
    }
}
