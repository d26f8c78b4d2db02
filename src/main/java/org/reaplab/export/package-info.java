/** Runs written out for other tools: the Chrome trace-event JSON that ui.perfetto.dev opens. */
package org.reaplab.export;
