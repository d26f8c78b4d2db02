package org.reaplab.web.api;

import org.reaplab.exploration.Counterexample;
import org.reaplab.exploration.ExplorationReport;
import org.reaplab.exploration.OutcomeClass;
import org.reaplab.storage.StoredScenario;
import org.reaplab.variant.Variant;
import org.reaplab.web.viewer.ViewDesign;
import org.reaplab.web.viewer.ViewState;
import org.reaplab.exploration.VerdictMatrix;
import org.reaplab.web.verdicts.MatrixTotals;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Exploration reports as JSON: the report as the explorer writes it ({@code explore --json}), with
 * links added where a reader goes next: {@code viewerUrl} on each counterexample (the viewer at its
 * violating step) and {@code exampleUrl} on each outcome class (the viewer at the end of its example).
 */
final class ExplorationJson {
    private ExplorationJson() {}

    /** {scenario, variant, design: {canonical, knobs}, verdict, violations, exploreUrl, apiUrl, report}. */
    static ObjectNode cell(JsonMapper json, StoredScenario stored, ViewDesign variant, ExplorationReport report) {
        ObjectNode out = json.createObjectNode();
        out.put("scenario", stored.id());
        out.put("variant", variant.id());
        out.set("design", json.valueToTree(DesignParam.echo(variant)));
        out.put("verdict", VerdictMatrix.verdict(report).id);
        ArrayNode violations = out.putArray("violations");
        for (String v : report.violations()) violations.add(v);
        out.put("exploreUrl", ViewState.exploreUrl(stored.id(), variant));
        out.put("apiUrl", apiUrl(stored.id(), variant));
        out.set("report", report(json, stored, variant, report));
        return out;
    }

    static ObjectNode report(JsonMapper json, StoredScenario stored, ViewDesign variant, ExplorationReport report) {
        ObjectNode node = (ObjectNode) json.valueToTree(report);
        JsonNode classes = node.get("outcomeClasses");
        for (int i = 0; i < report.outcomeClasses().size(); i++) {
            OutcomeClass c = report.outcomeClasses().get(i);
            if (!c.example().isEmpty()) {
                ((ObjectNode) classes.get(i)).put("exampleUrl", ViewState.at(stored, variant, c.example(), c.example().size()));
            }
        }
        JsonNode cex = node.get("counterexamples");
        for (int i = 0; i < report.counterexamples().size(); i++) {
            Counterexample c = report.counterexamples().get(i);
            ((ObjectNode) cex.get(i)).put("viewerUrl", ViewState.at(stored, variant, c.schedule(), c.step()));
        }
        return node;
    }

    /** {variants, complete, totals, scenarios: [{id, title, file, viewerUrl, cells: {variant: cell}}]}. */
    static ObjectNode matrix(JsonMapper json, VerdictMatrix m, MatrixTotals totals, Function<String, StoredScenario> stored) {
        ObjectNode out = json.createObjectNode();
        ArrayNode variants = out.putArray("variants");
        for (String v : m.variants()) variants.add(v);
        boolean complete = true;
        for (VerdictMatrix.Row r : m.rows()) for (VerdictMatrix.Cell c : r.cells()) complete &= c.report().complete();
        out.put("complete", complete);
        ObjectNode t = (ObjectNode) json.valueToTree(totals);
        t.put("statesPerSecond", totals.statesPerSecond());
        out.set("totals", t);
        ArrayNode scenarios = out.putArray("scenarios");
        for (VerdictMatrix.Row r : m.rows()) {
            ObjectNode row = scenarios.addObject();
            row.put("id", r.scenario());
            row.put("title", r.title() == null ? r.scenario() : r.title());
            row.put("file", r.file());
            row.put("viewerUrl", "/scenarios/" + UriUtils.encodePathSegment(r.scenario(), StandardCharsets.UTF_8));
            ObjectNode cells = row.putObject("cells");
            StoredScenario s = stored.apply(r.scenario());
            for (int j = 0; j < r.cells().size(); j++) {
                ViewDesign v = ViewDesign.preset(Variant.byId(m.variants().get(j)));
                cells.set(v.id(), cell(json, s, v, r.cells().get(j).report()));
            }
        }
        return out;
    }

    static String apiUrl(String id, ViewDesign variant) {
        return "/api/scenarios/" + UriUtils.encodePathSegment(id, StandardCharsets.UTF_8)
                + "/explore?variant=" + ViewState.param(variant.id());
    }
}
