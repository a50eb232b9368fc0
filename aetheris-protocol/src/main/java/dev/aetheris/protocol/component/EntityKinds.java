package dev.aetheris.protocol.component;

/** Entity kind numbers ({@code Transform.entity_type}, {@code Spawn.entity_type}), upstream v0.2.22. */
public final class EntityKinds {
    /** Player ship. */
    public static final int INTERCEPTOR = 1;
    /** Computer-controlled interceptor. */
    public static final int AI_INTERCEPTOR = 2;
    /** Heavy ship. */
    public static final int DREADNOUGHT = 3;
    /** Cargo ship. */
    public static final int HAULER = 4;
    /** Mineable rock. */
    public static final int ASTEROID = 5;
    /** Ore floating in space. */
    public static final int CARGO_DROP = 6;
    /** A target that does not shoot back. */
    public static final int TRAINING_DUMMY = 10;
    /** A shot. */
    public static final int PROJECTILE = 20;

    private EntityKinds() {
    }

    /** Whether {@code kind} is one of the kinds above. */
    public static boolean isKnown(int kind) {
        return switch (kind) {
            case INTERCEPTOR, AI_INTERCEPTOR, DREADNOUGHT, HAULER, ASTEROID, CARGO_DROP, TRAINING_DUMMY, PROJECTILE -> true;
            default -> false;
        };
    }

    /** Upstream's default maximum hull for a kind. */
    public static int defaultMaxHull(int kind) {
        return switch (kind) {
            case INTERCEPTOR, AI_INTERCEPTOR -> 200;
            case DREADNOUGHT -> 1500;
            case HAULER -> 600;
            case ASTEROID -> 500;
            case TRAINING_DUMMY -> 100;
            case CARGO_DROP, PROJECTILE -> 1;
            default -> 100;
        };
    }

    /** Upstream's default maximum shield for a kind. */
    public static int defaultMaxShield(int kind) {
        return switch (kind) {
            case INTERCEPTOR, AI_INTERCEPTOR -> 100;
            case DREADNOUGHT -> 500;
            case HAULER -> 200;
            case ASTEROID, CARGO_DROP, PROJECTILE -> 0;
            case TRAINING_DUMMY -> 50;
            default -> 100;
        };
    }
}
