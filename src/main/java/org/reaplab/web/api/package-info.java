/**
 * The REST API under /api: upload, fetch, list and validate scenarios, start runs and read their
 * steps (JSON, NDJSON, server-sent events) or a Perfetto trace. Every error is RFC 9457 problem details.
 */
package org.reaplab.web.api;
