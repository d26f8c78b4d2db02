package org.reaplab.design;

import java.util.List;

/** Why a combination of knob values cannot mean anything, naming the knobs involved. */
public record DesignProblem(List<String> knobs, String message) {
    @Override
    public String toString() {
        return message;
    }
}
