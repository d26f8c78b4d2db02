package org.reaplab.design;

/**
 * A named point of the design space: one of the six positions posted to linux-mm (kernel-model.md
 * section 3). Its id is the variant id used in files, URLs, the API and the command line.
 */
public record Preset(String id, String title, String doc, Design design) {}
