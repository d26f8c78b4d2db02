package org.reaplab.storage;

import org.reaplab.scenario.Scenario;

import java.util.List;
import java.util.Optional;

/**
 * Where scenarios are found by id: the library that ships in the jar (id = the scenario's name) and
 * the uploaded ones (id derived from the exact text, so what an id shows is what was uploaded under it). The web pages, the REST API and share links all look scenarios up here.
 */
public interface ScenarioStore {

    Optional<StoredScenario> find(String id);

    /** Stores an uploaded scenario (idempotent: the id comes from the exact text). */
    StoredScenario save(String sourceText, Scenario scenario);

    /** Library and uploaded scenarios whose name or title contains {@code query} (null: all), library first. */
    List<StoredScenario> search(String query, int offset, int limit);

    int count(String query);
}
