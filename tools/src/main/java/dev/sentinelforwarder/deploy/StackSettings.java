package dev.sentinelforwarder.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.options.StackOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stack's options for this deploy: those the deployed stack was given (kept in its template's Metadata by the CDK
 * app, read back with {@code aws cloudformation get-template}), changed by this run's {@code -c} and {@code --unset}.
 * A failed update rolls the template back with the stack, so what is read is what is in force.
 *
 * @param exists whether the stack is deployed
 * @param kept whether the deployed template holds settings (a stack of 0.6.0 or earlier holds none)
 * @param remembered the options the deployed stack was given
 * @param inForce the options this deploy gives the stack
 */
public record StackSettings(boolean exists, boolean kept, Map<String, String> remembered, Map<String, String> inForce) {
    public StackSettings {
        remembered = Collections.unmodifiableMap(new TreeMap<>(remembered)); // sorted: printed and passed in one order
        inForce = Collections.unmodifiableMap(new TreeMap<>(inForce));
    }

    /** A stack not deployed yet: only what this run gives. */
    static StackSettings forNewStack(Map<String, String> given) {
        return new StackSettings(false, false, Map.of(), given);
    }

    /** @param templateBody the deployed template, as get-template prints it (an object, or the JSON as text) */
    static StackSettings deployed(JsonNode templateBody, Map<String, String> given, List<String> unset) {
        JsonNode template = templateBody;
        if (templateBody.isTextual()) {
            try {
                template = dev.sentinelforwarder.format.Json.mapper().readTree(templateBody.asText());
            } catch (java.io.IOException notJson) {
                template = dev.sentinelforwarder.format.Json.mapper().createObjectNode(); // a YAML template: not one of ours
            }
        }
        JsonNode settings = template.path("Metadata").path(StackOptions.SETTINGS_METADATA);
        Map<String, String> remembered = new TreeMap<>();
        settings.properties().forEach(e -> remembered.put(e.getKey(), e.getValue().asText()));
        Map<String, String> inForce = new TreeMap<>(remembered);
        unset.forEach(inForce::remove);
        inForce.putAll(given);
        return new StackSettings(true, settings.isObject(), remembered, inForce);
    }

    /** What this deploy changes in the options, one line each; empty when it keeps them. */
    public List<String> changes() {
        List<String> changes = new ArrayList<>();
        Map<String, String> all = new TreeMap<>(remembered);
        all.putAll(inForce);
        all.forEach((name, value) -> {
            String before = remembered.get(name);
            String after = inForce.get(name);
            if (before == null) {
                changes.add("+ " + name + "=" + after);
            } else if (after == null) {
                changes.add("- " + name + " (was " + before + ")");
            } else if (!before.equals(after)) {
                changes.add("~ " + name + ": " + before + " -> " + after);
            }
        });
        return changes;
    }

    /**
     * Everything wrong with the options in force, each a sentence; a remembered one this version does not take says so.
     * A new stack must forward something; a deployed one's last source going is a removal its plan names.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        inForce.forEach((name, value) -> StackOptions.problems(Map.of(name, value)).forEach(problem -> problems.add(
                value.equals(remembered.get(name)) ? problem + " (kept by the deployed stack: give it again, or --unset it)" : problem)));
        if (!exists) {
            StackOptions.forwardsNothing(inForce).ifPresent(problems::add);
        }
        return problems;
    }

    /** The forwarder role's name: fixed, so its ARN is known before the stack exists. */
    public String roleName(String stackName) {
        return inForce.getOrDefault("forwarderRoleName", stackName + "-forwarder");
    }
}
