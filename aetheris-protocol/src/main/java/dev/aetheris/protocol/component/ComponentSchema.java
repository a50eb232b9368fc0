package dev.aetheris.protocol.component;

/**
 * The layout of one component kind: the single definition both the world (which writes values
 * through a {@link ComponentWriter}) and codecs (which turn them into bytes) use.
 *
 * @param kind     the {@code ComponentKind} number (u16)
 * @param name     snake_case name used by tools and JSON ({@code transform}, {@code ship_stats})
 * @param typeName the upstream Rust type name ({@code Transform}, {@code ShipStats})
 * @param type     the value's shape; usually a {@link WireType.Struct}
 */
public record ComponentSchema(int kind, String name, String typeName, WireType type) {
}
