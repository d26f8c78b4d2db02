package org.reaplab.web.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.reaplab.storage.ScenarioCodec;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "scenarios")
class SchemaController {
    private final ScenarioCodec codec;

    SchemaController(ScenarioCodec codec) {
        this.codec = codec;
    }

    @Operation(summary = "The JSON Schema of the scenario format (docs/scenario-format.md)")
    @GetMapping(path = {"/api/schema/scenario", "/schema/scenario.schema.json"}, produces = {"application/schema+json", "application/json"})
    ResponseEntity<String> scenario() {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(codec.schema());
    }
}
