package dev.aetheris.server.compact;

import dev.aetheris.codec.compact.BitWriter;
import dev.aetheris.codec.compact.CompactSchema;
import dev.aetheris.codec.compact.SchemaMessage;
import dev.aetheris.codec.compact.SnapshotFormat;
import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.util.LongMap;
import dev.aetheris.replication.EntityStore;
import dev.aetheris.replication.ReplicationEncoder;
import java.util.Arrays;

/**
 * Codec v2 for the replication core: one SNAPSHOT per client per send, each entity a delta
 * against the newest snapshot the client acknowledged ({@link #acknowledge}), full when there is
 * none. Entities are quantized once per send into a {@link QuantizedHistory} shared by all
 * clients; per client only version comparison and bit writing remain.
 *
 * <p>Per client the encoder keeps a <em>target</em>: the entities the core has told it about
 * ({@code enter}/{@code update}/{@code leave}) at the versions last offered. Each send writes the
 * difference between the target and the acked baseline; a snapshot that would exceed the
 * client's frame stops at the last whole entity, and what it left out stays at the baseline's
 * state in the stored snapshot, so the next send carries it. A lost snapshot therefore never
 * stalls anything: the next one is simply against an older baseline. A send with nothing to say
 * sends nothing.
 *
 * <p>Targets and stored snapshots are entry lists from one pool ({@link EntryLists}), held by
 * reference: clients that need the same target or were sent the same body hold one list instead
 * of a copy each.
 *
 * <p>The schema travels reliably before a client's first snapshot; snapshots that arrive before
 * it are not acked and so are simply repeated in the next delta.
 *
 * <p><b>Threading.</b> Room-loop thread only (the thread that owns the store), including
 * {@link #acknowledge}. <b>Allocation.</b> None in steady state; a new client allocates its
 * ring, the pool grows to the lists in use, arrays grow amortised with the largest view.
 */
public final class CompactReplicationEncoder implements ReplicationEncoder {
    private final EntityStore store;
    private final SnapshotAcks acks;
    private final FocusEntities focus;
    private final CompactSchema schema;
    private final QuantizedHistory history;
    private final SnapshotOutlet outlet;
    private final byte[] schemaBytes;
    private final LongMap<CompactClient> clients = new LongMap<>();
    private final BitWriter bits = new BitWriter();
    private final byte[] packet;
    private final EntryWriter entryWriter;
    private final SharedBodies shared = new SharedBodies();
    private final EntryLists lists = new EntryLists();
    private final int components;
    /** Per store index: the client send that updated it ({@link #clientSerial}), and the components offered. */
    private final long[] upd;
    private long serial;
    private long clientSerial;
    private CompactClient client;
    private long snapshots;
    private long entriesWritten;
    private long truncated;
    private long throttled;
    private long repeatedTargets;
    /** Content ids for the entry lists this encoder builds ({@link EntryList#content}). */
    private long builds;
    /** Unacknowledged snapshots a client may have before its sends thin out. */
    static final int LAG_FREE = 8;

    /**
     * @param store     the room's store (the encoder sizes itself for its capacity)
     * @param maxPacket largest snapshot in bytes (the largest frame limit of any client)
     */
    public CompactReplicationEncoder(EntityStore store, SnapshotOutlet outlet, int maxPacket) {
        this(store, outlet, maxPacket, null, id -> 0);
    }

    /**
     * @param acks  where the input path records each client's newest ack (read once per client per
     *              send), or null to be told through {@link #acknowledge}
     * @param focus each client's own entity, kept in every other snapshot even when frames are too small
     */
    public CompactReplicationEncoder(EntityStore store, SnapshotOutlet outlet, int maxPacket, SnapshotAcks acks,
                                     FocusEntities focus) {
        this.acks = acks;
        this.focus = focus;
        this.store = store;
        this.schema = CompactSchemas.of(store.schema());
        this.history = new QuantizedHistory(store, schema);
        this.outlet = outlet;
        this.packet = new byte[maxPacket + BitWriter.SLACK]; // slack: word-wide bit writes
        this.components = schema.componentCount();
        this.entryWriter = new EntryWriter(store, schema, history, bits);
        this.upd = new long[store.capacity() * 2];
        try {
            schemaBytes = new byte[SchemaMessage.size(schema)];
            SchemaMessage.encode(schema, schemaBytes, 0);
        } catch (CodecException e) {
            throw new IllegalStateException("schema message sizing is wrong", e);
        }
    }

    /** The schema v2 clients receive. */
    public CompactSchema schema() {
        return schema;
    }

    /** Records the client's newest decoded snapshot (from its INPUT header); stale or future acks are ignored. */
    public void acknowledge(long clientId, long seq) {
        CompactClient c = clients.get(clientId);
        if (c != null) {
            c.acknowledge(seq);
        }
    }

    /** Forgets a disconnected client. */
    public void removeClient(long clientId) {
        CompactClient c = clients.remove(clientId);
        if (c != null) {
            c.letGoAll(lists);
        }
    }

    /** The sequence of the newest snapshot sent to the client, 0 if none (or it is unknown). */
    public long lastSentSequence(long clientId) {
        CompactClient c = clients.get(clientId);
        return c == null ? 0 : c.lastSent;
    }

    /** Snapshots sent since creation. */
    public long snapshotsSent() {
        return snapshots;
    }

    /** Entity entries written since creation (deltas, fulls and removals). */
    public long entriesWritten() {
        return entriesWritten;
    }

    /** Entries looked up in the delta cache, and how many were found there, since creation. */
    public long[] deltaCacheCounts() {
        return new long[] {entryWriter.cache().lookups(), entryWriter.cache().hits()};
    }

    /** Snapshots whose body was copied from another client's in the same send, since creation. */
    public long sharedSnapshots() {
        return shared.reused();
    }

    /** Snapshots that stopped early because the client's frame was full. */
    public long truncatedSnapshots() {
        return truncated;
    }

    @Override
    public void beginSend(EntityStore s) {
        if (s != store) {
            throw new IllegalArgumentException("this encoder was built for another store");
        }
        serial++;
        history.beginSend(serial);
    }

    @Override
    public void beginClient(long clientId) {
        CompactClient c = clients.get(clientId);
        if (c == null) {
            c = new CompactClient(clientId);
            clients.put(clientId, c);
        }
        if (acks != null) {
            c.acknowledge(acks.newestAck(clientId));
        }
        client = c;
        clientSerial++;
        c.beginSend();
    }

    @Override
    public int enterCost(int entity, long componentMask) {
        history.ensure(entity, serial);
        int b = 16;
        for (long m = componentMask; m != 0; m &= m - 1) {
            b += history.fullBits(entity, Long.numberOfTrailingZeros(m));
        }
        return (b + components + 7) >>> 3;
    }

    @Override
    public int updateCost(int entity, long componentMask) {
        history.ensure(entity, serial);
        int b = 7 + components;
        for (long m = componentMask; m != 0; m &= m - 1) {
            b += history.deltaBits(entity, Long.numberOfTrailingZeros(m));
        }
        return (b + 7) >>> 3;
    }

    @Override
    public int leaveCost(long networkId) {
        return 1;
    }

    @Override
    public void enter(int entity, long componentMask) {
        history.ensure(entity, serial);
        client.enter(entity, store.networkId(entity), componentMask);
    }

    @Override
    public void update(int entity, long componentMask) {
        history.ensure(entity, serial);
        upd[entity * 2] = clientSerial;
        upd[entity * 2 + 1] = componentMask;
        client.updateCount++;
    }

    @Override
    public void leave(long networkId) {
        client.leave(networkId);
    }

    @Override
    public int endClient() {
        CompactClient c = client;
        int bytes = 0;
        if (!c.schemaSent) {
            outlet.sendReliable(c.clientId, schemaBytes, 0, schemaBytes.length);
            c.schemaSent = true;
            bytes += schemaBytes.length;
        }
        if (c.upToDate()) {
            return bytes; // at rest and acked: not even a comparison per entity
        }
        if (!c.targetReady) {
            rebuildTarget(c);
        }
        if (behind(c)) {
            throttled++;
            return bytes; // the target keeps what this send offered; a later snapshot carries it
        }
        int length = writeSnapshot(c);
        if (length > 0) {
            outlet.sendUnreliable(c.clientId, packet, 0, length);
            bytes += length;
        }
        return bytes;
    }

    /**
     * Whether this send skips the client because its acks lag: a client that has not
     * acknowledged the last {@link #LAG_FREE} snapshots (starved of CPU, or on a congested
     * path) gets every second, fourth, then eighth send only, since each snapshot against an old
     * baseline is larger, and dearer to write and to decode, than the last. It catches up and
     * the rate comes back as soon as its acks do.
     */
    private boolean behind(CompactClient c) {
        long lag = c.lastSent - c.acked;
        if (lag < LAG_FREE) {
            return false;
        }
        int stride = lag < 2 * LAG_FREE ? 2 : lag < 4 * LAG_FREE ? 4 : 8;
        return (c.sends + c.clientId) % stride != 0; // its own sends: with spread sends, serials step by the phases
    }

    /** Sends skipped because the client's acks lagged ({@link #behind}). */
    public long throttledSends() {
        return throttled;
    }

    @Override
    public void endSend() {
        client = null;
    }

    /** Costs come from the shared history alone (a delta's size is estimated against the previous version): one group. */
    @Override
    public int costGroup(long clientId) {
        return 0;
    }

    /**
     * Same offers applied to the same target give the same target: when the client's target
     * holds what the reference's did before this send, it holds the reference's new one too
     * instead of merging the offers into its own.
     */
    @Override
    public boolean repeatOffers(long referenceClientId) {
        CompactClient r = clients.get(referenceClientId);
        CompactClient c = client;
        if (r == null || r == c || r.targetSerial != serial || !EntryList.sameEntries(r.previousTarget, c.target)) {
            return false;
        }
        lists.letGo(c.previousTarget);
        c.previousTarget = c.target;
        c.target = EntryLists.hold(r.target);
        c.targetSerial = serial;
        c.targetReady = true;
        c.updateCount = r.updateCount + r.enterCount + r.leaveCount; // only whether there was anything
        repeatedTargets++;
        return true;
    }

    /** Clients that took another's target in the same send ({@link #repeatOffers}), since creation. */
    public long repeatedTargets() {
        return repeatedTargets;
    }

    /** target' = target − leaves, with updated versions, ∪ enters; all ascending by id. */
    private void rebuildTarget(CompactClient c) {
        c.sortPending();
        EntryList old = c.target;
        EntryList out = lists.take();
        out.clear(++builds);
        int en = 0;
        int lv = 0;
        for (int i = 0; i < old.count; i++) {
            long id = old.id[i];
            while (en < c.enterCount && c.enterId[en] < id) {
                addEnter(c, out, en++);
            }
            while (lv < c.leaveCount && c.leaveId[lv] < id) {
                lv++;
            }
            if (lv < c.leaveCount && c.leaveId[lv] == id) {
                continue;
            }
            if (en < c.enterCount && c.enterId[en] == id) {
                continue; // re-entered in the same send: the enter replaces it below
            }
            int e = old.index[i];
            // Updated in this send, and still the same entity (the id the history checked it as this send).
            if (upd[e * 2] == clientSerial && history.checkedId(e) == id) {
                out.add(id, e, history.version(e), old.mask[i] | upd[e * 2 + 1]);
            } else if (history.held(e, old.version[i], id)) {
                out.copy(old, i);
            } else {
                // Deferred so long that its offered version left the history: offer the current one.
                out.add(id, e, history.ensure(e, serial), old.mask[i]);
            }
        }
        while (en < c.enterCount) {
            addEnter(c, out, en++);
        }
        out.seal();
        lists.letGo(c.previousTarget);
        c.previousTarget = old;
        c.target = out;
        c.targetSerial = serial;
    }

    private void addEnter(CompactClient c, EntryList out, int k) {
        int e = c.enterIndex[k];
        out.add(c.enterId[k], e, history.version(e), c.enterMask[k]);
    }

    /** Bits to keep free for the client's own entity until it is written: its full size, 0 if it is not in the target. */
    private long focusReserveBits(EntryList t, long own) {
        if (own == 0) {
            return 0;
        }
        int i = Arrays.binarySearch(t.id, 0, t.count, own);
        return i < 0 ? 0 : 8L * enterCost(t.index[i], t.mask[i]);
    }

    /** Writes the client's next snapshot into {@link #packet}; returns its length, 0 if it is empty. */
    private int writeSnapshot(CompactClient c) {
        long seq = c.lastSent + 1;
        EntryList base = c.baseline(seq);
        int distance = base == null ? 0 : (int) (seq - c.acked);
        long tick = store.tick();
        int header = SnapshotFormat.writeHeader(packet, 0, seq, tick, distance);
        int limit = Math.min(packet.length - BitWriter.SLACK, outlet.frameLimit(c.clientId));
        EntryList t = c.target;
        long own = focus.focus(c.clientId);
        long reserve = focusReserveBits(t, own);
        if (c.resumeId == 0) {
            int w = shared.find(serial, t, base);
            // A whole body with room for this client's own entity to spare could not have been cut for it either.
            if (w >= 0 && 8L * (header + shared.length(w)) + reserve <= 8L * limit) {
                shared.copyTo(w, packet, header);
                c.store(seq, EntryLists.hold(shared.snapshot(w)), lists);
                c.synced = true;
                return sent(c, seq, header, shared.entries(w), header + shared.length(w));
            }
        }
        // The snapshot the client will hold equals the target until an entry is cut or waits its
        // turn: only then is it built, from the target's entries so far; a whole one is the target.
        EntryList snap = null;
        bits.reset(packet, header, limit);
        int ti = 0;
        int bi = 0;
        int baseCount = base == null ? 0 : base.count;
        long prevId = 0;
        int entries = 0;
        boolean full = false;
        boolean deferred = false;
        long resume = c.resumeId;
        long cutAt = 0;
        while (ti < t.count || bi < baseCount) {
            long tid = ti < t.count ? t.id[ti] : Long.MAX_VALUE;
            long bid = bi < baseCount ? base.id[bi] : Long.MAX_VALUE;
            boolean fresh = ti < t.count && (bi >= baseCount || tid < bid);
            boolean gone = !fresh && (ti >= t.count || bid < tid);
            long id = fresh ? tid : bid;
            // After a cut, what the last snapshot reached waits one turn; the client's own entity
            // never waits, and room for it is kept until it is written.
            boolean ownEntity = id == own;
            boolean waitsTurn = id < resume && !ownEntity;
            deferred |= waitsTurn;
            int written = -1;
            if (!waitsTurn && !(full && !ownEntity) && entries < 0xffff) {
                long mark = bits.mark();
                written = fresh ? (entryWriter.full(t, ti, prevId) ? 1 : -1)
                        : gone ? (entryWriter.removal(bid, prevId) ? 1 : -1)
                        : entryWriter.delta(t, ti, base, bi, prevId);
                if (written > 0 && id < own && bits.remainingBits() < reserve) {
                    bits.rewind(mark);
                    written = -1;
                }
                if (written < 0) {
                    cutAt = full ? cutAt : id;
                    full = true;
                }
            }
            if (written > 0) {
                prevId = id;
                entries++;
            }
            boolean diverges = fresh || gone ? written <= 0 : written < 0;
            if (diverges && snap == null) {
                snap = lists.take();
                snap.clear(++builds);
                snap.copyFirst(t, ti);
            }
            if (fresh) {
                if (written > 0 && snap != null) {
                    snap.copy(t, ti);
                }
                ti++;
            } else if (gone) {
                if (written <= 0) {
                    snap.copy(base, bi);
                }
                bi++;
            } else {
                if (snap != null) {
                    snap.copy(written >= 0 ? t : base, written >= 0 ? ti : bi);
                }
                ti++;
                bi++;
            }
        }
        if (full) {
            truncated++;
        }
        c.resumeId = cutAt;
        c.synced = snap == null; // nothing cut, nothing waiting: exactly when no entry diverged
        if (snap == null) {
            snap = EntryLists.hold(t);
        } else {
            snap.seal();
        }
        if (entries == 0) {
            lists.letGo(snap); // nothing to say: nothing sent
            return 0;
        }
        c.store(seq, snap, lists);
        if (c.synced && resume == 0) {
            shared.keep(serial, t, base, snap, packet, header, bits.byteLength(), entries);
        }
        return sent(c, seq, header, entries, header + bits.byteLength());
    }

    private int sent(CompactClient c, long seq, int header, int entries, int length) {
        SnapshotFormat.patchCount(packet, 0, header, entries);
        c.lastSent = seq;
        snapshots++;
        entriesWritten += entries;
        return length;
    }
}
