package dev.aetheris.replication;

import dev.aetheris.protocol.util.LongMap;
import java.util.Arrays;

/**
 * The replication core's per-send pipeline: interest, then budget, then encoding. For every
 * client it walks what the client knows (leaving what moved beyond the leave radius, changed room
 * or was despawned), adds what entered its interest radius (plus its focus entity and the room's
 * global entities), and offers the encoder, in priority order, as much as fits the client's
 * budget this send: entering entities in full, known ones with the components changed since they
 * were last sent to it. What does not fit stays pending and gains priority (accumulated staleness
 * × relevance: the focus first, nearer first); nothing is queued past the send.
 *
 * <p>Budget: each send adds {@code bytesPerSecond / sendsPerSecond} to a client's balance, which
 * may carry at most {@code carryFraction} of a second's budget; a send spends at most the
 * balance and the transport's capacity for the client ({@link #setTransportCapacity}). Leave
 * notices are always sent. The balance is charged with the bytes the encoder actually queued.
 *
 * <p>Clients in step share work: where what a client may see depends only on its room (every
 * entity room-global, none with owner-only components), a client that ended the previous send up
 * to date is handed the offers of the first such client of its room and cost group, instead of
 * walking its entities again ({@link Lockstep}); what each client is sent is exactly what it
 * would have been sent on its own.
 *
 * <p>Spread sends: with {@code phases > 1} each client is sent to on one call of {@link #replicate}
 * in {@code phases} (its phase, given when it is added: the one with the fewest clients), so a
 * state rate below the tick rate costs every tick about the same instead of putting every
 * client's send on one tick in {@code phases}. Each client still gets its own full send (and
 * budget share) once per round ({@link SendPhases}).
 *
 * <p><b>Threading.</b> Not thread-safe: the room's loop thread, which also owns the store.
 *
 * <p><b>Allocation.</b> {@link #replicate} and {@link #viewersOf} allocate nothing in steady
 * state; {@link #addClient} allocates the client's view.
 */
public final class Replicator {
    private static final float FOCUS_RELEVANCE = 1e6f;
    /** Candidates in a row that did not fit before the selector stops looking for smaller ones. */
    private static final int MAX_MISSES = 4;
    /** Bytes of headroom, beyond twice the last send, under which the selector ranks candidates. */
    private static final int UNRANKED_SLACK = 256;

    private final EntityStore store;
    private final ReplicationSettings settings;
    private final ReplicationEncoder encoder;
    private final InterestGrid grid;
    private final EntityFrame frame;
    private final Lockstep lockstep = new Lockstep();
    private final long everyoneMask;
    private final float enterR2;
    private final float leaveR2;
    private final float maxBalance;

    private final LongMap<ClientView> byId = new LongMap<>();
    private ClientView[] views = new ClientView[16];
    /** Each view's place on the Z-order curve of the interest cells, parallel to {@link #views}. */
    private long[] viewKey = new long[16];
    private int viewCount;
    private final SendPhases phases;

    private final int[] nearby;
    private int[] candKnown = new int[256];
    /** Per store index: its entry in the known list of the client being sent to (valid for candidates only). */
    private final int[] knownAt;
    private long[] candKey = new long[256];
    private int candidates;

    /** The selector's state for the client being sent to (room-loop thread, reset per client). */
    private float left;
    private boolean overdraw;
    private int handled;
    private int misses;

    /** A replicator over {@code store} that hands its choices to {@code encoder}, every client on every call. */
    public Replicator(EntityStore store, ReplicationSettings settings, ReplicationEncoder encoder) {
        this(store, settings, encoder, 1);
    }

    /**
     * A replicator over {@code store} that hands its choices to {@code encoder} and sends to each
     * client on one call of {@link #replicate} in {@code phases} (the tick rate over the state
     * rate, when replicate is called every tick; {@code settings.sendsPerSecond()} is then each
     * client's own send rate).
     *
     * @throws IllegalArgumentException if {@code phases < 1}
     */
    public Replicator(EntityStore store, ReplicationSettings settings, ReplicationEncoder encoder, int phases) {
        this.phases = new SendPhases(phases);
        this.store = store;
        this.settings = settings;
        this.encoder = encoder;
        grid = new InterestGrid(store.capacity(), settings.leaveRadius());
        long everyone = 0;
        for (ReplicatedComponent c : store.schema().components()) {
            if (c.visibility() == Visibility.EVERYONE) {
                everyone |= 1L << c.handle();
            }
        }
        everyoneMask = everyone;
        frame = new EntityFrame(store.capacity(), everyone);
        enterR2 = settings.interestRadius() * settings.interestRadius();
        leaveR2 = settings.leaveRadius() * settings.leaveRadius();
        maxBalance = settings.bytesPerSend() + settings.bytesPerSecond() * settings.carryFraction();
        nearby = new int[store.capacity()];
        knownAt = new int[store.capacity()];
    }

    /** Starts replicating to {@code clientId} (no room, no focus yet); returns its view. */
    public ClientView addClient(long clientId) {
        ClientView v = byId.get(clientId);
        if (v != null) {
            return v;
        }
        v = new ClientView(clientId, store.capacity());
        v.balance = settings.bytesPerSend();
        v.scanPhase = viewCount;
        v.sendPhase = phases.join();
        byId.put(clientId, v);
        if (viewCount == views.length) {
            views = Arrays.copyOf(views, viewCount * 2);
            viewKey = Arrays.copyOf(viewKey, viewCount * 2);
        }
        viewKey[viewCount] = Long.MAX_VALUE;
        views[viewCount++] = v;
        return v;
    }

    /** Stops replicating to {@code clientId} (it disconnected); no leave notices are sent. */
    public void removeClient(long clientId) {
        ClientView v = byId.remove(clientId);
        if (v == null) {
            return;
        }
        phases.leave(v.sendPhase);
        for (int i = 0; i < viewCount; i++) {
            if (views[i] == v) {
                views[i] = views[--viewCount];
                viewKey[i] = viewKey[viewCount];
                views[viewCount] = null;
                return;
            }
        }
    }

    /** The client's view, or {@code null} if it is not replicated to. */
    public ClientView view(long clientId) {
        return byId.get(clientId);
    }

    /** Clients whose part of a send repeated another client's in the same send ({@link Lockstep}), since creation. */
    public long repeatedClients() {
        return lockstep.repeated();
    }

    /** Clients replicated to. */
    public int clientCount() {
        return viewCount;
    }

    /** The {@code i}-th client's view ({@code 0 <= i < clientCount()}; the order changes as clients move and leave). */
    public ClientView viewAt(int i) {
        if (i < 0 || i >= viewCount) {
            throw new IndexOutOfBoundsException("view " + i + " of " + viewCount);
        }
        return views[i];
    }

    /** Puts the client in {@code room} (0 = none): from the next send it sees that room's entities. */
    public void setRoom(long clientId, long room) {
        ClientView v = required(clientId);
        if (v.room != room) {
            v.room = room;
            v.syncedAt = ClientView.NEVER;
            v.scanNow = true; // a new room: show what is there without waiting for the client's turn
        }
    }

    /** The entity the client sees from (its ship; 0 = none); it is always relevant to the client. */
    public void setFocus(long clientId, long networkId) {
        ClientView v = required(clientId);
        if (v.focus != networkId) {
            v.focus = networkId;
            v.syncedAt = ClientView.NEVER;
            v.scanNow = true;
        }
    }

    /** The transport's current limit for the client, in bytes per send ({@code Integer.MAX_VALUE} = none). */
    public void setTransportCapacity(long clientId, int bytesPerSend) {
        required(clientId).capacity = Math.max(0, bytesPerSend);
    }

    /**
     * Writes into {@code out} the clients that know entity {@code networkId} (as of the previous
     * send) and returns how many. Works for an entity despawned since the previous send, so call
     * it before {@link #replicate} when routing the events of a tick.
     *
     * @param out at least {@link #clientCount()} long
     */
    public int viewersOf(long networkId, long[] out) {
        int e = store.indexOf(networkId);
        if (e == EntityStore.NONE) {
            e = store.despawns().formerIndex(networkId);
            if (e == EntityStore.NONE) {
                return 0;
            }
        }
        int n = 0;
        for (int i = 0; i < viewCount; i++) {
            if (views[i].isKnown(e)) {
                out[n++] = views[i].clientId;
            }
        }
        return n;
    }

    /**
     * One send to the clients of the next phase (every client when there is one phase), then
     * clears the store's despawn log. Call it once per tick, after the tick's events are routed.
     */
    public void replicate() {
        long tick = store.tick();
        int phase = phases.next(tick);
        long previous = phases.previousSend();
        grid.rebuild(store);
        frame.rebuild(store, previous);
        encoder.beginSend(store);
        lockstep.beginSend(tick, previous, frame.sameForEveryClientInARoom());
        SpaceOrder.sort(views, viewKey, viewCount, settings.interestRadius());
        for (int i = 0; i < viewCount; i++) {
            if (views[i].sendPhase == phase) {
                replicate(views[i], tick);
            }
        }
        encoder.endSend();
        store.despawns().clear();
    }

    private void replicate(ClientView v, long tick) {
        int focus = v.focus == 0 ? EntityStore.NONE : store.indexOf(v.focus);
        if (focus != EntityStore.NONE && (store.room(focus) == v.room || store.room(focus) == 0)) {
            v.focusX = store.x(focus);
            v.focusY = store.y(focus);
            v.hasPosition = true;
        }
        v.balance = Math.min(v.balance + settings.bytesPerSend(), maxBalance);
        encoder.beginClient(v.clientId);
        float budget = Math.min(v.balance, v.capacity);
        int group = encoder.costGroup(v.clientId);
        if (lockstep.canFollow(v, group, budget)) {
            lockstep.follow(v, group, encoder);
            ended(v, encoder.endClient());
            return;
        }
        boolean recording = lockstep.startRecording(v, group);
        candidates = 0;
        int spent = 0;
        for (int k = 0; k < v.knownCount; ) {
            int e = v.index[k];
            long id = frame.networkId(e);
            float d2 = distance2(v, e);
            // A free index reads as id 0, a reused one as another id: both mean the entity is gone.
            if (id != v.networkId[k] || !visible(v, e, id, d2, leaveR2)) {
                if (v.lastSent[k] != ClientView.NEVER) {
                    spent += encoder.leaveCost(v.networkId[k]);
                    leave(v.networkId[k]);
                }
                v.removeAt(k);
                continue;
            }
            consider(v, k, e, id, d2);
            k++;
        }
        if (focus != EntityStore.NONE && !v.isKnown(focus)) {
            enterIfVisible(v, focus, leaveR2);
        }
        for (int g = 0; g < grid.globalCount(); g++) {
            int e = grid.global(g);
            if (!v.isKnown(e)) {
                enterIfVisible(v, e, 0);
            }
        }
        if (v.hasPosition && (v.scanNow || (phases.round() + v.scanPhase) % settings.enterScanEvery() == 0)) {
            v.scanNow = false;
            int n = grid.query(v.focusX, v.focusY, settings.interestRadius(), nearby);
            for (int i = 0; i < n; i++) {
                int e = nearby[i];
                if (!v.isKnown(e)) {
                    enterIfVisible(v, e, enterR2);
                }
            }
        }
        select(v, tick, budget - spent);
        if (recording) {
            lockstep.stopRecording(v, budget - left);
        }
        lockstep.ended(v);
        ended(v, encoder.endClient());
    }

    private static void ended(ClientView v, int bytes) {
        v.balance -= bytes;
        v.lastBytes = bytes;
        v.totalBytes += bytes;
    }

    private void leave(long networkId) {
        encoder.leave(networkId);
        if (lockstep.isRecording()) {
            lockstep.recordLeave(networkId);
        }
    }

    private void enterIfVisible(ClientView v, int e, float r2) {
        long id = frame.networkId(e);
        float d2 = distance2(v, e);
        if (visible(v, e, id, d2, r2)) {
            v.add(e, id, 0f);
            consider(v, v.knownCount - 1, e, id, d2);
        }
    }

    /**
     * Whether {@code v} may see entity {@code e} (network id {@code id}, squared distance
     * {@code d2} from the client's focus): same room (or none), then focus, global or within sqrt(r2).
     */
    private boolean visible(ClientView v, int e, long id, float d2, float r2) {
        long room = frame.room(e);
        if (room != v.room && room != 0) {
            return false;
        }
        if (id == v.focus || frame.isGlobal(e)) {
            return true;
        }
        return v.hasPosition && d2 <= r2;
    }

    /** Squared distance from the client's focus (meaningless, and unused, while it has no position). */
    private float distance2(ClientView v, int e) {
        float dx = frame.x(e) - v.focusX;
        float dy = frame.y(e) - v.focusY;
        return dx * dx + dy * dy;
    }

    /**
     * Makes known entry {@code k} a candidate if it may have something to send: not yet entered, or
     * changed since it was last sent. What exactly, and its cost, is worked out only for the
     * candidates the selector reaches (usually a few of many when the budget is tight).
     */
    private void consider(ClientView v, int k, int e, long id, float d2) {
        long last = v.lastSent[k];
        if (last != ClientView.NEVER && frame.changeTick(e) <= last) {
            return; // At rest since it was last sent: costs nothing.
        }
        v.priority[k] += relevance(v, e, id, d2);
        if (candidates == candKnown.length) {
            candKnown = Arrays.copyOf(candKnown, candidates * 2);
            candKey = Arrays.copyOf(candKey, candidates * 2);
        }
        int c = candidates++;
        candKnown[c] = k;
        knownAt[e] = k;
        // Positive floats order like their bits, so the key sorts by priority, then store index:
        // ties break the same way whatever order the client's known list is in.
        candKey[c] = ((long) Float.floatToIntBits(v.priority[k]) << 32) | e;
    }

    private float relevance(ClientView v, int e, long id, float d2) {
        if (id == v.focus) {
            return FOCUS_RELEVANCE;
        }
        if (frame.isGlobal(e) || !v.hasPosition) {
            return 1f;
        }
        return 1f / (1f + d2 / enterR2);
    }

    private void select(ClientView v, long tick, float allowance) {
        left = allowance;
        // A single entity larger than a full balance would never fit: let it overdraw then.
        overdraw = v.balance >= maxBalance;
        handled = 0;
        misses = 0;
        if (v.lastBytes > 0 && v.deferred == 0 && allowance >= 2f * v.lastBytes + UNRANKED_SLACK) {
            // Everything fit last time with room to spare (a budget that does not bind, as in S1):
            // ranking would not change what is sent. Should it bind after all, what is left
            // over is deferred and the next send ranks again.
            for (int c = 0; c < candidates && misses < MAX_MISSES && (left > 0 || overdraw); c++) {
                offer(v, candKnown[c], tick);
            }
        } else {
            LongMaxHeap.heapify(candKey, candidates);
            for (int size = candidates; size > 0 && misses < MAX_MISSES && (left > 0 || overdraw); size--) {
                offer(v, knownAt[(int) LongMaxHeap.pop(candKey, size)], tick);
            }
        }
        v.deferred = candidates - handled;
    }

    /** Hands known entry {@code k} to the encoder if its cost fits what is {@link #left}. */
    private void offer(ClientView v, int k, long tick) {
        int e = v.index[k];
        long last = v.lastSent[k];
        long send = frame.componentMask(e) & (frame.owner(e) == v.clientId ? -1L : everyoneMask);
        if (last != ClientView.NEVER) {
            // Sent at the previous send (the usual case): the frame already knows what changed since.
            send = last == frame.changedSinceTick() ? send & frame.changedSincePrevious(e) : changedSince(e, send, last);
            if (send == 0) {
                sent(v, k, tick); // only what this client may not see changed: it is up to date
                handled++;
                return;
            }
        }
        int cost = last == ClientView.NEVER ? encoder.enterCost(e, send) : encoder.updateCost(e, send);
        if (cost > left && !overdraw) {
            misses++;
            return;
        }
        if (last == ClientView.NEVER) {
            encoder.enter(e, send);
            if (lockstep.isRecording()) {
                lockstep.recordEnter(e, send);
            }
        } else {
            encoder.update(e, send);
            if (lockstep.isRecording()) {
                lockstep.recordUpdate(e, send);
            }
        }
        sent(v, k, tick);
        handled++;
        left -= cost;
        overdraw = false;
    }

    private long changedSince(int e, long mask, long last) {
        long changed = 0;
        for (long m = mask; m != 0; m &= m - 1) {
            int c = Long.numberOfTrailingZeros(m);
            if (store.componentChangeTick(e, c) > last) {
                changed |= 1L << c;
            }
        }
        return changed;
    }

    private static void sent(ClientView v, int k, long tick) {
        v.lastSent[k] = tick;
        v.priority[k] = 0f;
    }

    private ClientView required(long clientId) {
        ClientView v = byId.get(clientId);
        if (v == null) {
            throw new IllegalArgumentException("client " + clientId + " is not replicated to; addClient first");
        }
        return v;
    }
}
