package dev.sentinelforwarder.config;

import java.util.List;

/**
 * The buckets (optionally narrowed to key prefixes) the forwarder may read. Anything else is refused, so
 * a forged queue message cannot make the function read arbitrary objects with its role.
 */
public record AllowedLocations(List<Location> locations) {
    public record Location(String bucket, String prefix) {
        @Override
        public String toString() {
            return prefix.isEmpty() ? bucket : bucket + "/" + prefix;
        }
    }

    public AllowedLocations {
        locations = List.copyOf(locations);
    }

    /** Parses {@code bucket[/prefix],...}; blank entries are ignored. */
    static AllowedLocations parse(String text) {
        return new AllowedLocations(java.util.Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(entry -> {
                    int slash = entry.indexOf('/');
                    return slash < 0 ? new Location(entry, "") : new Location(entry.substring(0, slash), entry.substring(slash + 1));
                }).toList());
    }

    public boolean allows(String bucket, String key) {
        return locations.stream().anyMatch(l -> l.bucket().equals(bucket) && key.startsWith(l.prefix()));
    }

    @Override
    public String toString() {
        return locations.toString();
    }
}
