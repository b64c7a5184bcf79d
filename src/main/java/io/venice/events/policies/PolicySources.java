package io.venice.events.policies;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.support.ResourceHelper;

/**
 * The policies a start begins with: those of the configuration file ({@code events.policies-file}) and those
 * created over the API before (the persisted file under data.dir), read with every problem of both reported at
 * once ({@link PolicyProblems}), a name used in both among them.
 */
public record PolicySources(List<EventPolicy> fromConfig, List<EventPolicy> fromApi) {

    public static PolicySources read(CamelContext context, String policiesFile, PolicyFile persisted,
                                     EventPolicyParser parser) throws IOException {
        List<String> problems = new ArrayList<>();
        List<EventPolicy> fromConfig = List.of();
        List<EventPolicy> fromApi = List.of();
        try (InputStream in = ResourceHelper.resolveMandatoryResourceAsInputStream(context, policiesFile)) {
            fromConfig = parser.parseAll(new ObjectMapper(new YAMLFactory()).readTree(in), policiesFile,
                    EventPolicy.FROM_CONFIG);
        } catch (java.io.FileNotFoundException e) {
            problems.add("events.policies-file: " + policiesFile + " not found");
        } catch (PolicyProblems e) {
            problems.addAll(e.problems());
        } catch (JsonProcessingException e) {
            problems.add(policiesFile + ": not YAML: " + e.getOriginalMessage());
        }
        try {
            fromApi = parser.parseAll(persisted.read(), persisted.path().toString(), EventPolicy.FROM_API);
        } catch (PolicyProblems e) {
            problems.addAll(e.problems());
        } catch (JsonProcessingException e) {
            problems.add(persisted.path() + ": not JSON: " + e.getOriginalMessage());
        }
        Set<String> configNames = fromConfig.stream().map(EventPolicy::name).collect(Collectors.toSet());
        fromApi.stream().filter(policy -> configNames.contains(policy.name())).forEach(policy -> problems.add(
                persisted.path() + ": policy '" + policy.name() + "' (created over the API) has the name of a policy of "
                        + policiesFile + "; rename one of them"));
        if (!problems.isEmpty()) {
            throw new PolicyProblems(problems);
        }
        return new PolicySources(fromConfig, fromApi);
    }
}
