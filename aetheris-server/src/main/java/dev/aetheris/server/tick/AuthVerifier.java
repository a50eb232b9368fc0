package dev.aetheris.server.tick;

import dev.aetheris.protocol.seam.AuthResult;
import dev.aetheris.protocol.seam.SessionVerifier;

/**
 * Checks the tokens of {@code Auth} messages away from the tick, so no number of Auths (valid or
 * forged) costs the room loop more than handing a token over and taking a result back.
 *
 * <p>At most {@code capacity} Auths are in the verifier at once (waiting, being checked, or
 * checked and not yet collected); {@link #submit} refuses more. In {@link #background} mode one
 * worker thread checks them; in {@link #onDrain} mode (tests on a manual clock, benchmarks)
 * {@link #drain} checks what is waiting on the calling thread, at most {@code capacity} per call,
 * which is then the per-tick budget.
 *
 * <p><b>Threading.</b> {@link #submit} and {@link #drain} belong to the room loop; the worker
 * only takes waiting tokens and returns results. All state is fixed-size arrays under this
 * object's monitor: a tick with nothing to collect allocates nothing.
 */
public final class AuthVerifier implements AutoCloseable {

    /** Receives one checked Auth on the room loop. */
    @FunctionalInterface
    public interface ResultHandler {
        /** The Auth of {@code clientId} was checked. */
        void onAuthResult(long clientId, AuthResult result);
    }

    /** Default most Auths in the verifier at once. */
    public static final int DEFAULT_CAPACITY = 64;

    private final SessionVerifier sessions;
    private final int capacity;
    // Waiting tokens: a ring of capacity slots.
    private final long[] waitingClient;
    private final String[] waitingToken;
    private int waitingHead;
    private int waitingCount;
    // Checked results: a ring of capacity slots.
    private final long[] doneClient;
    private final AuthResult[] doneResult;
    private int doneHead;
    private int doneCount;
    // Copied out under the lock, handed to the tick outside it.
    private final long[] takenClient;
    private final AuthResult[] takenResult;
    private int inFlight;
    private int highWater;
    private final Thread worker;
    private boolean closed;

    private AuthVerifier(SessionVerifier sessions, int capacity, boolean background) {
        if (capacity < 1) {
            throw new IllegalArgumentException("auth verifier capacity must be at least 1, got " + capacity);
        }
        this.sessions = sessions;
        this.capacity = capacity;
        this.waitingClient = new long[capacity];
        this.waitingToken = new String[capacity];
        this.doneClient = new long[capacity];
        this.doneResult = new AuthResult[capacity];
        this.takenClient = new long[capacity];
        this.takenResult = new AuthResult[capacity];
        this.worker = background
                ? Thread.ofPlatform().daemon().name("aetheris-auth-verify").unstarted(this::work) : null;
        if (worker != null) {
            worker.start();
        }
    }

    /** One worker thread checks tokens; the tick only submits and collects. */
    public static AuthVerifier background(SessionVerifier sessions, int capacity) {
        return new AuthVerifier(sessions, capacity, true);
    }

    /** Tokens are checked inside {@link #drain}, on the room loop, at most {@code capacity} per call. */
    public static AuthVerifier onDrain(SessionVerifier sessions, int capacity) {
        return new AuthVerifier(sessions, capacity, false);
    }

    /**
     * Hands over the token of {@code clientId}'s Auth. Room loop.
     *
     * @return false if the verifier already holds {@code capacity} Auths (nothing was taken)
     */
    public synchronized boolean submit(long clientId, String token) {
        if (closed || inFlight == capacity) {
            return false;
        }
        int slot = (waitingHead + waitingCount) % capacity;
        waitingClient[slot] = clientId;
        waitingToken[slot] = token;
        waitingCount++;
        inFlight++;
        if (inFlight > highWater) {
            highWater = inFlight;
        }
        notifyAll();
        return true;
    }

    /**
     * Gives every result checked so far to {@code handler}, on the calling thread (the room
     * loop); in {@link #onDrain} mode first checks what is waiting.
     *
     * @return how many results were handed over
     */
    public int drain(ResultHandler handler) {
        if (worker == null) {
            checkWaitingHere();
        }
        int n;
        synchronized (this) {
            n = doneCount;
            for (int i = 0; i < n; i++) {
                int slot = (doneHead + i) % capacity;
                takenClient[i] = doneClient[slot];
                takenResult[i] = doneResult[slot];
                doneResult[slot] = null;
            }
            doneHead = (doneHead + n) % capacity;
            doneCount = 0;
            inFlight -= n;
        }
        for (int i = 0; i < n; i++) {
            AuthResult r = takenResult[i];
            takenResult[i] = null;
            handler.onAuthResult(takenClient[i], r);
        }
        return n;
    }

    /** Auths in the verifier now (waiting, being checked or not yet collected). Any thread. */
    public synchronized int inFlight() {
        return inFlight;
    }

    /** The most Auths that were ever in the verifier at once; never above the capacity. Any thread. */
    public synchronized int highWater() {
        return highWater;
    }

    /** The most Auths the verifier holds at once. */
    public int capacity() {
        return capacity;
    }

    /** Stops the worker; later submits are refused. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        if (worker != null) {
            try {
                worker.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void checkWaitingHere() {
        while (true) {
            long client;
            String token;
            synchronized (this) {
                if (waitingCount == 0) {
                    return;
                }
                client = waitingClient[waitingHead];
                token = takeWaiting();
            }
            finish(client, check(token));
        }
    }

    private void work() {
        while (true) {
            long client;
            String token;
            synchronized (this) {
                while (waitingCount == 0 && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                client = waitingClient[waitingHead];
                token = takeWaiting();
            }
            finish(client, check(token));
        }
    }

    /** Under the lock: removes the oldest waiting token. */
    private String takeWaiting() {
        String token = waitingToken[waitingHead];
        waitingToken[waitingHead] = null;
        waitingHead = (waitingHead + 1) % capacity;
        waitingCount--;
        return token;
    }

    private AuthResult check(String token) {
        try {
            return sessions.authenticate(token);
        } catch (RuntimeException e) {
            // A verifier bug must not kill the worker or lose the slot; the client simply fails Auth.
            return new AuthResult.Rejected(AuthResult.Reason.MALFORMED,
                    "verifier error: " + e.getClass().getSimpleName());
        }
    }

    private synchronized void finish(long client, AuthResult result) {
        int slot = (doneHead + doneCount) % capacity;
        doneClient[slot] = client;
        doneResult[slot] = result;
        doneCount++;
    }
}
