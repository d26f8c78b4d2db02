// Feeds a RunData from the run's server-sent events. htmx's sse extension owns the EventSource (it also
// swaps the progress line); this module listens on the same source. Step batches carry the last step
// index as their event id, so a reconnect resumes where the stream stopped: the browser sends
// Last-Event-ID itself, and when htmx has to open a new EventSource the URL gets ?from=N.

const lastSeen = new Map(); // stream URL -> last step received

if (window.htmx && !window.htmx.__reaplabResume) {
  window.htmx.__reaplabResume = true;
  window.htmx.createEventSource = (url) => {
    const from = lastSeen.get(url);
    const u = from ? url + (url.includes('?') ? '&' : '?') + 'from=' + from : url;
    return new EventSource(u, {withCredentials: true});
  };
}

/**
 * @param el       the element with sse-connect
 * @param data     the RunData to fill
 * @param onChange called after each batch and when the run is complete
 */
export function attachStream(el, data, onChange) {
  const url = el.getAttribute('sse-connect');
  const attached = new WeakSet();
  const listen = (source) => {
    if (!source || attached.has(source)) return;
    attached.add(source);
    source.addEventListener('meta', (e) => {
      data.setMeta(JSON.parse(e.data));
      onChange('meta');
    });
    source.addEventListener('steps', (e) => {
      data.addSteps(JSON.parse(e.data));
      lastSeen.set(url, data.length);
      onChange('steps');
    });
    source.addEventListener('done', (e) => {
      const d = JSON.parse(e.data);
      data.total = d.steps ?? data.length;
      data.truncated = !!d.truncated;
      data.version++;
      source.close();
      onChange('done');
    });
  };
  el.addEventListener('htmx:sseOpen', (e) => listen(e.detail.source));
}

/** Without htmx (or its sse extension), read the stream directly. */
export function attachPlainStream(url, data, onChange) {
  const source = new EventSource(url);
  source.addEventListener('meta', (e) => { data.setMeta(JSON.parse(e.data)); onChange('meta'); });
  source.addEventListener('steps', (e) => { data.addSteps(JSON.parse(e.data)); onChange('steps'); });
  source.addEventListener('done', (e) => {
    const d = JSON.parse(e.data);
    data.total = d.steps ?? data.length;
    data.version++;
    source.close();
    onChange('done');
  });
  return source;
}
