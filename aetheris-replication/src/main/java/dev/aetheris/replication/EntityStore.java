package dev.aetheris.replication;

/**
 * The replicated state of one room's entities, laid out as structure of arrays: one primitive
 * column per schema field, plus per-entity network id, kind, owner client, room, component mask
 * and the ticks things last changed. Worlds write fields here while they simulate; the engine
 * reads the change ticks to decide what each client must be sent. Nothing else tracks dirtiness.
 *
 * <p><b>Indices.</b> An entity lives at a small index, stable for its whole life, taken from a
 * free list (most recently freed first) and below {@link #highWater()}; iterate
 * {@code 0 .. highWater() - 1} and skip indices where {@link #isAlive} is false. An index is reused
 * after despawn, so compare {@link #networkId} when holding one across ticks; network ids are
 * never reused by the engine's allocator.
 *
 * <p><b>Change ticks.</b> {@link #setTick} sets the tick stamped on every change. A write that
 * stores the value already there changes nothing (an entity at rest costs nothing); any other
 * write stamps the field, its component and the entity with the current tick. Spawning stamps
 * every field with the spawn tick, so a reader that compares against "last sent" sends it whole.
 *
 * <p><b>Errors.</b> A write with a handle of the wrong type, to a free index, to a component the
 * entity does not carry, or with a value its layout cannot hold (a non-finite float, an unsigned
 * value beyond its width, an enum index that is not a unit variant) throws
 * {@link IllegalArgumentException}: those are bugs in the world, not bad input.
 *
 * <p><b>Threading.</b> Not thread-safe. A store belongs to its room: the world writes it and the
 * engine reads it on that room's loop thread only; no other thread may touch it.
 *
 * <p><b>Allocation.</b> Sized once for {@code capacity} entities; spawns, writes and reads never
 * allocate (only the {@link DespawnLog} may grow, see there).
 */
public final class EntityStore {
    /** "No entity": returned by {@link #indexOf} and, when the store is full, by {@link #spawn}. */
    public static final int NONE = -1;

    private final ReplicationSchema schema;
    private final int capacity;
    private final IdIndex ids;
    private long tick;

    private final long[] networkId;
    private final int[] kind;
    private final long[] owner;
    private final long[] room;
    private final long[] components;
    private final boolean[] global;
    private final long[] spawnTick;
    private final long[] changeTick;
    private final long[][] componentTick;

    private final float[][] floats;
    private final long[][] longs;
    private final String[][] strings;
    private final long[][] fieldTick;
    private final int posX;
    private final int posY;

    private final int[] free;
    private int freeCount;
    private int highWater;
    private int size;

    private final DespawnLog despawns = new DespawnLog();

    /**
     * A store for at most {@code capacity} live entities of {@code schema}.
     *
     * @throws IllegalArgumentException if {@code capacity} is not positive
     */
    public EntityStore(ReplicationSchema schema, int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("store capacity must be positive, got " + capacity);
        }
        this.schema = schema;
        this.capacity = capacity;
        ids = new IdIndex(capacity);
        networkId = new long[capacity];
        kind = new int[capacity];
        owner = new long[capacity];
        room = new long[capacity];
        components = new long[capacity];
        global = new boolean[capacity];
        spawnTick = new long[capacity];
        changeTick = new long[capacity];
        componentTick = new long[schema.componentCount()][capacity];
        int n = schema.fieldCount();
        floats = new float[n][];
        longs = new long[n][];
        strings = new String[n][];
        fieldTick = new long[n][capacity];
        for (int f = 0; f < n; f++) {
            switch (schema.type(f)) {
                case F32 -> floats[f] = new float[capacity];
                case STRING -> strings[f] = new String[capacity];
                case BOOL, UINT, ENUM, OPTIONAL_ID -> longs[f] = new long[capacity];
            }
        }
        posX = schema.positionX();
        posY = schema.positionY();
        free = new int[capacity];
    }

    /** The schema this store holds. */
    public ReplicationSchema schema() {
        return schema;
    }

    /** Sets the tick stamped on changes from now on (the world calls it as its tick advances). */
    public void setTick(long tick) {
        this.tick = tick;
    }

    /** The tick stamped on changes. */
    public long tick() {
        return tick;
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Adds an entity carrying the components in {@code componentMask} (see
     * {@link ReplicationSchema#mask}). Every field starts at zero, {@code false}, the first enum
     * variant, absent or the empty string, stamped with the current tick; write the real values
     * in the same tick.
     *
     * @param owner the owning client, or 0 for none
     * @param room  the entity's room, or 0 ({@code WorldState.NO_ROOM}) for none
     * @return its index, or {@link #NONE} if the store already holds {@code capacity} entities
     * @throws IllegalArgumentException if {@code networkId} is 0 or already alive, or the mask
     *                                  names components the schema does not have
     */
    public int spawn(long networkId, int kind, long owner, long room, long componentMask) {
        if (networkId == 0 || ids.find(networkId) != NONE) {
            throw new IllegalArgumentException("network id " + Long.toUnsignedString(networkId)
                    + (networkId == 0 ? " is never an entity" : " is already alive"));
        }
        int count = schema.componentCount();
        if (count < 64 && (componentMask >>> count) != 0) {
            throw new IllegalArgumentException("component mask " + Long.toHexString(componentMask)
                    + " names components beyond the schema's " + count);
        }
        if (size == capacity) {
            return NONE;
        }
        int e = freeCount > 0 ? free[--freeCount] : highWater++;
        size++;
        ids.add(networkId, e);
        this.networkId[e] = networkId;
        this.kind[e] = kind;
        this.owner[e] = owner;
        this.room[e] = room;
        components[e] = componentMask;
        global[e] = false;
        spawnTick[e] = tick;
        changeTick[e] = tick;
        for (long[] t : componentTick) {
            t[e] = tick;
        }
        for (int f = 0; f < fieldTick.length; f++) {
            fieldTick[f][e] = tick;
            if (floats[f] != null) {
                floats[f][e] = 0f;
            } else if (longs[f] != null) {
                longs[f][e] = 0L;
            } else {
                strings[f][e] = "";
            }
        }
        return e;
    }

    /**
     * Removes the entity at {@code index} and records its id, room and the current tick in the
     * {@link #despawns() despawn log}.
     *
     * @throws IllegalArgumentException if no entity lives there
     */
    public void despawn(int index) {
        checkAlive(index);
        long id = networkId[index];
        ids.remove(id);
        despawns.add(id, tick, room[index], index);
        networkId[index] = 0;
        components[index] = 0;
        releaseStrings(index);
        free[freeCount++] = index;
        size--;
    }

    /** Removes the entity with {@code networkId}; false if none is alive. */
    public boolean despawnById(long networkId) {
        int e = ids.find(networkId);
        if (e == NONE) {
            return false;
        }
        despawn(e);
        return true;
    }

    /** What was despawned since the engine last cleared the log. */
    public DespawnLog despawns() {
        return despawns;
    }

    // ---------------------------------------------------------------- identity and placement

    /** Index of the live entity {@code networkId}, or {@link #NONE}. */
    public int indexOf(long networkId) {
        return ids.find(networkId);
    }

    /** Whether an entity lives at {@code index} (false for any index outside the store). */
    public boolean isAlive(int index) {
        return index >= 0 && index < highWater && networkId[index] != 0;
    }

    /** Live entities. */
    public int size() {
        return size;
    }

    /** Most entities the store can hold. */
    public int capacity() {
        return capacity;
    }

    /** One past the highest index ever used: every live entity's index is below it. */
    public int highWater() {
        return highWater;
    }

    /** The entity's network id; 0 if the index is free. */
    public long networkId(int index) {
        return networkId[index];
    }

    /** The entity's kind (game-defined, e.g. {@code EntityKinds}). */
    public int kind(int index) {
        return kind[index];
    }

    /** The owning client, or 0. */
    public long owner(int index) {
        return owner[index];
    }

    /** Changes the owning client (owner-only components follow the new owner from the next send). */
    public void setOwner(int index, long client) {
        checkAlive(index);
        owner[index] = client;
    }

    /** The entity's room, or 0 for none. */
    public long room(int index) {
        return room[index];
    }

    /** Moves the entity to another room (clients of the old room see it leave, of the new one enter). */
    public void setRoom(int index, long room) {
        checkAlive(index);
        this.room[index] = room;
    }

    /** Whether the entity is relevant to every client of its room regardless of distance. */
    public boolean isGlobal(int index) {
        return global[index];
    }

    /** Marks the entity room-global (the room itself, a scoreboard) or positional again. */
    public void setGlobal(int index, boolean global) {
        checkAlive(index);
        this.global[index] = global;
    }

    /** Position x for interest (0 if the schema declares no position). */
    public float x(int index) {
        return posX < 0 ? 0f : floats[posX][index];
    }

    /** Position y for interest (0 if the schema declares no position). */
    public float y(int index) {
        return posY < 0 ? 0f : floats[posY][index];
    }

    // ---------------------------------------------------------------- components and change ticks

    /** The entity's component mask (bit {@code h} = component handle {@code h}). */
    public long componentMask(int index) {
        return components[index];
    }

    /** Whether the entity carries component {@code component}. */
    public boolean hasComponent(int index, int component) {
        return (components[index] & (1L << component)) != 0;
    }

    /** Adds a component (fields at their zero values, stamped now); no effect if already carried. */
    public void attach(int index, int component) {
        checkAlive(index);
        if (component < 0 || component >= schema.componentCount()) {
            throw new IllegalArgumentException("no component handle " + component);
        }
        if (!hasComponent(index, component)) {
            components[index] |= 1L << component;
            componentTick[component][index] = tick;
            changeTick[index] = tick;
        }
    }

    /** Tick the entity was spawned. */
    public long spawnTick(int index) {
        return spawnTick[index];
    }

    /** Latest tick any of the entity's fields changed (its spawn tick if none did since). */
    public long changeTick(int index) {
        return changeTick[index];
    }

    /** Latest tick any field of {@code component} changed on the entity. */
    public long componentChangeTick(int index, int component) {
        return componentTick[component][index];
    }

    /** Latest tick {@code field} changed on the entity. */
    public long fieldChangeTick(int index, int field) {
        return fieldTick[field][index];
    }

    // ---------------------------------------------------------------- field writes

    /** Writes an {@code F32} field. */
    public void setFloat(int index, int field, float value) {
        float[] col = floats(index, field);
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException(fieldName(field) + " must be finite, got " + value);
        }
        if (Float.floatToIntBits(col[index]) != Float.floatToIntBits(value)) {
            col[index] = value;
            changed(index, field);
        }
    }

    /** Writes a {@code UINT} (unsigned, within its width), {@code ENUM} (unit variant index) or {@code OPTIONAL_ID} (0 = absent) field. */
    public void setLong(int index, int field, long value) {
        long[] col = longs(index, field);
        schema.checkValue(field, value);
        if (col[index] != value) {
            col[index] = value;
            changed(index, field);
        }
    }

    /** Writes a {@code BOOL} field. */
    public void setBool(int index, int field, boolean value) {
        if (schema.type(field) != FieldType.BOOL) {
            throw wrongType(field, "setBool");
        }
        setLong(index, field, value ? 1 : 0);
    }

    /** Writes a {@code STRING} field; {@code null} is stored as the empty string. Compared by content. */
    public void setString(int index, int field, String value) {
        checkWritable(index, field);
        if (strings[field] == null) {
            throw wrongType(field, "setString");
        }
        String v = value == null ? "" : value;
        if (!strings[field][index].equals(v)) {
            strings[field][index] = v;
            changed(index, field);
        }
    }

    // ---------------------------------------------------------------- field reads

    /** Reads an {@code F32} field. */
    public float getFloat(int index, int field) {
        if (floats[field] == null) {
            throw wrongType(field, "getFloat");
        }
        return floats[field][index];
    }

    /** Reads a {@code BOOL} (0/1), {@code UINT}, {@code ENUM} or {@code OPTIONAL_ID} field. */
    public long getLong(int index, int field) {
        if (longs[field] == null) {
            throw wrongType(field, "getLong");
        }
        return longs[field][index];
    }

    /** Reads a {@code BOOL} field. */
    public boolean getBool(int index, int field) {
        return getLong(index, field) != 0;
    }

    /** Reads a {@code STRING} field (never {@code null} for a live entity). */
    public String getString(int index, int field) {
        if (strings[field] == null) {
            throw wrongType(field, "getString");
        }
        return strings[field][index];
    }

    // ---------------------------------------------------------------- internals

    private void changed(int index, int field) {
        fieldTick[field][index] = tick;
        componentTick[schema.componentOf(field)][index] = tick;
        changeTick[index] = tick;
    }

    private float[] floats(int index, int field) {
        checkWritable(index, field);
        float[] col = floats[field];
        if (col == null) {
            throw wrongType(field, "setFloat");
        }
        return col;
    }

    private long[] longs(int index, int field) {
        checkWritable(index, field);
        long[] col = longs[field];
        if (col == null) {
            throw wrongType(field, "setLong");
        }
        return col;
    }

    private void checkWritable(int index, int field) {
        checkAlive(index);
        if ((components[index] & (1L << schema.componentOf(field))) == 0) {
            throw new IllegalArgumentException("entity " + Long.toUnsignedString(networkId[index])
                    + " does not carry component " + schema.componentAt(schema.componentOf(field)).wire().name());
        }
    }

    private void checkAlive(int index) {
        if (!isAlive(index)) {
            throw new IllegalArgumentException("no entity at store index " + index);
        }
    }

    // Drops string references of a freed index so the store does not keep them alive.
    private void releaseStrings(int index) {
        for (String[] col : strings) {
            if (col != null) {
                col[index] = "";
            }
        }
    }

    private IllegalArgumentException wrongType(int field, String method) {
        return new IllegalArgumentException(method + " on " + fieldName(field) + ", which is " + schema.type(field));
    }

    private String fieldName(int field) {
        ReplicatedField f = schema.fieldAt(field);
        return schema.componentAt(f.component()).wire().name() + "." + f.name();
    }
}
