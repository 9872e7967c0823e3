package dev.sentinelforwarder.handler;

import java.util.LinkedHashMap;
import java.util.Map;

/** Log line fields in the order given. */
final class LogFields {
    private LogFields() {
    }

    static Map<String, Object> of(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }
}
