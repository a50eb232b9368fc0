package dev.aetheris.server.tick;

import dev.aetheris.protocol.Sizes;
import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.event.FragmentedEvent;
import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.protocol.fragment.Fragmenter;
import dev.aetheris.protocol.seam.Codec;
import dev.aetheris.protocol.seam.ReliableEventSink;
import dev.aetheris.protocol.seam.WorldState;
import dev.aetheris.protocol.util.LongMap;
import dev.aetheris.server.metrics.TickMetrics;
import java.util.List;

/**
 * The tick's Send stage: decides what each authenticated client is sent from one tick's changes.
 * Reliable game events go to their target or to everyone; spawn and despawn notices and the
 * state records go to the clients of the entity's room (room-less entities to everyone), packed
 * once per room and frame class so every recipient shares the same bytes. A client new to its
 * room gets the room's full visible state instead, reliably. Room-loop thread only.
 *
 * <p>Its inputs are explicit, {@link #send(long, Outbox, ClientRegistry)}: the tick, the changes
 * extracted and the clients; the world is asked only for a client's room and full visible state.
 * Clients whose reliable queue overflowed are left in the {@link Sender}'s list for the caller.
 */
final class FanOut {
    private final Codec codec;
    private final WorldState world;
    private final Sender sender;
    private final TickMetrics metrics;
    private final Fragmenter fragmenter = new Fragmenter();
    private final byte[] scratch;

    private final IntList noRoomRecords = new IntList();
    private final LongMap<IntList> roomRecords = new LongMap<>();
    private final PackedClass[] noRoomClass;
    @SuppressWarnings("unchecked")
    private final LongMap<PackedClass>[] roomClasses = new LongMap[] {new LongMap<>(), new LongMap<>()};

    private final Outbox fullOutbox;
    private final Packer[] fullPacker;
    private final IntList allFullRecords = new IntList();

    /** Datagrams for everyone who sees the same room, built once per tick. */
    private static final class PackedClass {
        final Packer packer;
        long builtTick = -1;

        PackedClass(Packer packer) {
            this.packer = packer;
        }
    }

    FanOut(Codec codec, WorldState world, Sender sender, TickMetrics metrics) {
        this.codec = codec;
        this.world = world;
        this.sender = sender;
        this.metrics = metrics;
        this.scratch = new byte[Math.max(codec.maxEncodedSize(), Sizes.MAX_SAFE_PAYLOAD_SIZE) * 2];
        this.noRoomClass = new PackedClass[] {packedClass(Packer.DATAGRAM), packedClass(Packer.STREAM)};
        this.fullOutbox = new Outbox(codec, world, metrics.encodeErrors);
        this.fullPacker = new Packer[] {new Packer(codec, Packer.frameLimit(Packer.DATAGRAM)),
            new Packer(codec, Packer.frameLimit(Packer.STREAM))};
    }

    /** Sends tick {@code tick}'s {@code changes} to the authenticated clients of {@code clients}. */
    void send(long tick, Outbox changes, ClientRegistry clients) {
        groupRecordsByRoom(changes);
        sendEvents(changes, clients);
        for (int i = 0; i < clients.capacity(); i++) {
            ClientState c = clients.at(i);
            if (c != null && c.authenticated()) {
                sendState(c, tick, changes);
            }
        }
    }

    /** Reliable gameplay events, to their target or every authenticated client. */
    private void sendEvents(Outbox box, ClientRegistry clients) {
        for (int e = 0; e < box.events; e++) {
            long target = box.eventTarget[e];
            if (target != ReliableEventSink.BROADCAST) {
                ClientState c = clients.get(target);
                if (c != null && c.authenticated()) {
                    sender.reliable(target, box.eventArena, box.eventOffset[e], box.eventLength[e]);
                }
            } else {
                for (int i = 0; i < clients.capacity(); i++) {
                    ClientState c = clients.at(i);
                    if (c != null && c.authenticated()) {
                        sender.reliable(c.id, box.eventArena, box.eventOffset[e], box.eventLength[e]);
                    }
                }
            }
        }
    }

    /** Notices and the shared per-room datagrams, or the full view for a client new to its room. */
    private void sendState(ClientState c, long tick, Outbox box) {
        long room = world.clientRoom(c.id);
        if (room != c.room) {
            c.room = room;
            c.needsFullState = true; // entering a room shows everything already in it
        }
        if (c.needsFullState) {
            c.needsFullState = false;
            sendFullState(c, tick);
            return;
        }
        for (int n = 0; n < box.notices; n++) {
            long nr = box.noticeRoom[n];
            if (nr == WorldState.NO_ROOM || nr == room) {
                sender.reliable(c.id, box.noticeArena, box.noticeOffset[n], box.noticeLength[n]);
            }
        }
        PackedClass pc = packed(room, c.frameClass, tick, box);
        if (pc == null) {
            return;
        }
        Packer p = pc.packer;
        for (int f = 0; f < p.frames; f++) {
            if (sender.unreliable(c.id, p.out, p.frameOffset[f], p.frameLength[f])) {
                metrics.packetsBroadcast.inc();
            }
        }
        for (int o = 0; o < p.oversize.size; o++) {
            sendFragmented(c, box, p.oversize.items[o]);
        }
    }

    private void groupRecordsByRoom(Outbox box) {
        noRoomRecords.clear();
        for (int i = 0; i < roomRecords.capacity(); i++) {
            IntList l = roomRecords.valueAt(i);
            if (l != null) {
                l.clear();
            }
        }
        for (int r = 0; r < box.records; r++) {
            long room = box.recRoom[r];
            if (room == WorldState.NO_ROOM) {
                noRoomRecords.add(r);
            } else {
                IntList l = roomRecords.get(room);
                if (l == null) {
                    l = new IntList();
                    roomRecords.put(room, l);
                }
                l.add(r);
            }
        }
    }

    private PackedClass packedClass(int frameClass) {
        return new PackedClass(new Packer(codec, Packer.frameLimit(frameClass)));
    }

    /** The room's datagrams for this tick, packed on first use; null if they cannot be encoded. */
    private PackedClass packed(long room, int frameClass, long tick, Outbox box) {
        PackedClass pc;
        IntList second = null;
        if (room == WorldState.NO_ROOM) {
            pc = noRoomClass[frameClass];
        } else {
            pc = roomClasses[frameClass].get(room);
            if (pc == null) {
                pc = packedClass(frameClass);
                roomClasses[frameClass].put(room, pc);
            }
            second = roomRecords.get(room);
        }
        if (pc.builtTick != tick) {
            pc.builtTick = tick;
            pc.packer.clear();
            try {
                pc.packer.pack(box, noRoomRecords, second);
            } catch (CodecException e) {
                metrics.encodeErrors.inc();
                return null;
            }
        }
        return pc;
    }

    /** Late joiners and room entrants get everything they may see, reliably, so nothing is missed. */
    private void sendFullState(ClientState c, long tick) {
        fullOutbox.reset(tick);
        world.writeVisibleState(c.id, fullOutbox);
        for (int n = 0; n < fullOutbox.notices; n++) {
            sender.reliable(c.id, fullOutbox.noticeArena, fullOutbox.noticeOffset[n], fullOutbox.noticeLength[n]);
        }
        allFullRecords.clear();
        for (int r = 0; r < fullOutbox.records; r++) {
            allFullRecords.add(r);
        }
        Packer packer = fullPacker[c.frameClass];
        packer.clear();
        try {
            packer.pack(fullOutbox, allFullRecords, null);
        } catch (CodecException e) {
            metrics.encodeErrors.inc();
            return;
        }
        for (int f = 0; f < packer.frames; f++) {
            sender.reliable(c.id, packer.out, packer.frameOffset[f], packer.frameLength[f]);
        }
        for (int o = 0; o < packer.oversize.size; o++) {
            byte[] frame = singleRecordFrame(fullOutbox, packer.oversize.items[o]);
            if (frame != null) {
                sender.reliable(c.id, frame, 0, frame.length);
            }
        }
    }

    /** Splits a record too large for one datagram into fragments with this recipient's next message id. */
    private void sendFragmented(ClientState c, Outbox box, int record) {
        byte[] frame = singleRecordFrame(box, record);
        if (frame == null) {
            return;
        }
        if (!fragmenter.fits(frame.length)) {
            metrics.encodeErrors.inc();
            return;
        }
        List<FragmentedEvent> parts = fragmenter.split(c.nextFragmentId++, frame, 0, frame.length);
        try {
            for (FragmentedEvent part : parts) {
                int n = codec.encodeEvent(new WireEvent.Fragment(part), scratch, 0);
                if (sender.unreliable(c.id, scratch, 0, n)) {
                    metrics.fragmentsSent.inc();
                }
            }
        } catch (CodecException e) {
            metrics.encodeErrors.inc();
        }
    }

    private byte[] singleRecordFrame(Outbox box, int record) {
        int len = box.recLength[record];
        byte[] frame = new byte[codec.batchHeaderSize(1) + len];
        try {
            int h = codec.writeBatchHeader(1, frame, 0);
            System.arraycopy(box.arena, box.recOffset[record], frame, h, len);
            return frame;
        } catch (CodecException e) {
            metrics.encodeErrors.inc();
            return null;
        }
    }
}
